"""The Flask application: blueprints for the demo council page with the chat widget (`site`) and
the officers' dashboard (`dashboard`), the npm assets, a health check, the security headers and
gzip for text (bot/web/compression.py)."""

from __future__ import annotations

from typing import cast

from flask import Flask, Response, abort, request, send_from_directory

from bot.web import dashboard, site
from bot.web.assets import BUILT_DIR, VENDOR_DIRS
from bot.web.compression import compress
from bot.web.security import add_security_headers
from bot.web.settings import WebSettings


def create_app(settings: WebSettings | None = None) -> Flask:
    settings = settings or WebSettings.from_environment()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    app.extensions["csp_settings"] = settings

    @app.get("/healthz")
    def healthz() -> tuple[str, int]:
        return "ok", 200

    @app.get("/assets/vendor/<package>/<path:filename>")
    def vendor_asset(package: str, filename: str) -> Response:
        folder = VENDOR_DIRS.get(package)
        if folder is None:
            abort(404)
        return send_from_directory(folder, filename, max_age=86400)

    @app.get("/assets/<path:filename>")
    def built_asset(filename: str) -> Response:
        return send_from_directory(BUILT_DIR, filename, max_age=3600)

    app.register_blueprint(site.blueprint)
    app.register_blueprint(dashboard.blueprint)
    app.after_request(lambda response: add_security_headers(response, settings))
    app.after_request(lambda response: compress(response, request))
    return app


def settings_of(app: Flask) -> WebSettings:
    return cast(WebSettings, app.extensions["csp_settings"])
