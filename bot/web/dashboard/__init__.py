"""The officers' dashboard under /dashboard (issue #5 fills this in)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("dashboard", __name__, url_prefix="/dashboard")
