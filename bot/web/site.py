"""The demo council page with the chat widget (issue #6 fills this in)."""

from __future__ import annotations

from flask import Blueprint, render_template

blueprint = Blueprint("site", __name__)


@blueprint.get("/")
def council_page() -> str:
    return render_template("base.html")
