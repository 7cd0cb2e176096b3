"""Signing in and out, the session check every dashboard request passes, and CSRF tokens.

* Session cookie `csp_officer`: a random token (only its hash is in the database), HttpOnly,
  SameSite=Lax, Secure when the site is served over HTTPS (CSP_SECURE_COOKIES=1), path
  /dashboard. Signing out deletes the session row, so the old cookie is worthless.
* CSRF: every POST form carries a token. Signed in, it is the session's own token from the
  database; on the sign-in form (no session yet) it is a random value also set in an HttpOnly
  cookie, which another site can neither read nor set (double submit). A POST without the
  matching token gets 400 and changes nothing. GET forms (the filters) change nothing and carry
  no token, so their links stay bookmarkable and no token lands in a URL.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import (
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from bot.officers.accounts import LOCKOUT, MAX_FAILURES
from bot.web.dashboard import blueprint
from bot.web.dashboard.services import services

SESSION_COOKIE = "csp_officer"
SIGNIN_CSRF_COOKIE = "csp_signin_csrf"
COOKIE_PATH = "/dashboard"
PUBLIC_ENDPOINTS = {"dashboard.sign_in"}
FAILED = (
    "The email address or password is not right. After "
    f"{MAX_FAILURES} wrong attempts in a row an account is locked for "
    f"{int(LOCKOUT.total_seconds() // 60)} minutes."
)


def _set_cookie(response: BaseResponse, name: str, value: str, max_age: int | None = None) -> None:
    settings = current_app.extensions["csp_settings"]
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=settings.secure_cookies,
    )


@blueprint.before_request
def require_officer() -> BaseResponse | None:
    """No data without a live session: anything else is sent to sign in."""
    token = request.cookies.get(SESSION_COOKIE)
    g.officer_session = services().accounts.session(token) if token else None
    if request.endpoint in PUBLIC_ENDPOINTS or g.officer_session is not None:
        return None
    if request.method != "GET":  # a form posted after the session ended: nothing is done
        return redirect(url_for("dashboard.sign_in"), 303)
    target = request.full_path.rstrip("?")
    return redirect(url_for("dashboard.sign_in", next=target))


@blueprint.after_request
def no_store(response: Response) -> Response:
    """Figures and sign-in pages are never kept in a browser or proxy cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def check_csrf(expected: str | None) -> None:
    sent = request.form.get("csrf_token", "")
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        abort(400, description="The form had expired or did not come from this site.")


def safe_next(target: str | None) -> str:
    """Only a path inside the dashboard, never another site."""
    default = url_for("dashboard.over_time")
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(COOKIE_PATH + "/"):
        return default
    return target


def _sign_in_page(error: str | None = None, status: int = 200, email: str = "") -> Response:
    token = secrets.token_urlsafe(32)
    page = render_template(
        "dashboard/sign_in.html",
        csrf_token=token,
        error=error,
        email=email,
        next=request.values.get("next", ""),
        signed_out=request.args.get("signed_out") == "1",
    )
    response = make_response(page, status)
    _set_cookie(response, SIGNIN_CSRF_COOKIE, token)
    return response


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> BaseResponse:
    if request.method == "GET":
        if g.officer_session is not None:
            return redirect(safe_next(request.args.get("next")))
        return _sign_in_page()
    check_csrf(request.cookies.get(SIGNIN_CSRF_COOKIE))
    email = request.form.get("email", "")[:254]
    password = request.form.get("password", "")[:1024]
    accounts = services().accounts
    officer = accounts.authenticate(email, password) if email and password else None
    if officer is None:
        return _sign_in_page(FAILED, 200, email)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        accounts.end_session(old)
    response = redirect(safe_next(request.form.get("next")))
    _set_cookie(response, SESSION_COOKIE, accounts.start_session(officer))
    response.delete_cookie(SIGNIN_CSRF_COOKIE, path=COOKIE_PATH)
    return response


@blueprint.post("/sign-out")
def sign_out() -> BaseResponse:
    check_csrf(g.officer_session.csrf_token)
    services().accounts.end_session(request.cookies[SESSION_COOKIE])
    response = redirect(url_for("dashboard.sign_in", signed_out="1"))
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response
