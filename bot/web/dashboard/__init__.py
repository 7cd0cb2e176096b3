"""The officers' dashboard under /dashboard: sign-in required for everything in it.

Every request but the sign-in page goes through `require_officer`, which answers a request
without a live session with a redirect to sign-in, never with data. Pages are plain GET forms
and links (they work without JavaScript); the only state-changing forms, sign-in and sign-out,
are POSTs that carry a CSRF token (bot/web/dashboard/auth.py)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from bot.web.dashboard import auth, pages  # noqa: E402  (they add their routes to the blueprint)

__all__ = ["auth", "blueprint", "pages"]
