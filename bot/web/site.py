"""The demo council page with the chat widget, and the widget as one script (/widget.js).

A council site embeds the widget with one tag (README, "The web chat widget"):
    <script src="https://CHAT-SERVER/widget.js" data-default-borough="pendle" defer></script>
/widget.js is the socket.io client, the widget's markup (templates/site/widget.html), its code
(static/widget.js) and every supported language's words for its chrome (data/languages/widget.yml
in English, translated by data/languages/translations), put together here so nothing else need
load but its stylesheet (/assets/chat-widget.css, compiled from web/scss by make). The widget
switches language without a reload: when the resident chooses one, or the assistant answers in one.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypedDict

from flask import Blueprint, Response, current_app, render_template, request, url_for
from markupsafe import escape
from werkzeug.wrappers import Response as BaseResponse

from bot.language.catalogue import widget_words
from bot.language.languages import ENGLISH, languages_file, supported
from bot.language.translations import translator
from bot.routing.directory import load_directory
from bot.web.assets import VENDOR_DIRS

blueprint = Blueprint("site", __name__)

WIDGET_CODE = Path(__file__).parent / "static" / "widget.js"
SOCKET_IO_CLIENT = VENDOR_DIRS["socket.io"] / "socket.io.min.js"
WIDGET_MAX_AGE_SECONDS = 3600
EDGES = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


class WidgetLanguage(TypedDict):
    """One language as /widget.js knows it."""

    name: str
    dir: Literal["ltr", "rtl"]
    words: dict[str, str]
    untranslated: list[str]


class WidgetLanguages(TypedDict):
    default: str
    languages: dict[str, WidgetLanguage]


@lru_cache(maxsize=1)
def _socket_io_client() -> str:
    text = SOCKET_IO_CLIENT.read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("//# sourceMapping"))


def widget_words_in(language: str) -> dict[str, str]:
    """The widget's words by key (data/languages/widget.yml) in `language`, the English where no
    translation is held. The spaces an English text starts or ends with (" the chat", "You said: ")
    are kept, as the widget puts texts together."""
    say = translator(language).text
    words = {}
    for key, english in widget_words().items():
        edges = EDGES.match(english)
        assert edges is not None  # the pattern matches any text
        before, _, after = edges.groups()
        words[key] = before + say(english).strip() + after
    return words


def untranslated(language: str) -> list[str]:
    """The keys of the widget's words that `language` has no translation of (shown in English,
    so the widget marks them lang="en")."""
    if language == ENGLISH:
        return []
    held = translator(language)
    return [key for key, english in widget_words().items() if not held.has(english)]


@lru_cache(maxsize=1)
def widget_languages() -> WidgetLanguages:
    """What /widget.js knows of the languages: the default, and each one's own name, direction,
    words for the widget's chrome and which of them are still in English."""
    return {
        "default": languages_file().default,
        "languages": {
            code: {
                "name": language.name,
                "dir": language.dir,
                "words": widget_words_in(code),
                "untranslated": untranslated(code),
            }
            for code, language in supported().items()
        },
    }


def widget_bundle(markup: str, code: str, languages: WidgetLanguages) -> str:
    """The widget as one script. socket.io's client finds CommonJS's `module` here, so it adds
    nothing to the council's page; the markup goes in as a JSON string, and the languages'
    words as a JSON object (non-ASCII letters escaped)."""
    return "\n".join(
        [
            "/*! Community safety chat widget (settings: its script tag's data- attributes) */",
            "(function () {",
            "var module = { exports: {} }, exports = module.exports;",
            _socket_io_client(),
            code,
            f"startChatWidget(module.exports, {json.dumps(markup)}, document.currentScript, "
            f"{json.dumps(languages)});",
            "})();",
        ]
    )


def known_borough(borough_id: str) -> str:
    """`borough_id` if it is one of the five boroughs' ids, else "" (no hint)."""
    return borough_id if borough_id in load_directory().boroughs else ""


@blueprint.get("/widget.js")
def widget_script() -> BaseResponse:
    languages = widget_languages()
    default = languages["default"]
    markup = render_template(
        "site/widget.html",
        language=default,
        words=languages["languages"][default]["words"],
        languages=languages["languages"],
    )
    body = widget_bundle(markup, WIDGET_CODE.read_text(encoding="utf-8"), languages)
    response = Response(body, mimetype="text/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = WIDGET_MAX_AGE_SECONDS
    response.add_etag()
    return response.make_conditional(request)


def widget_tag(chat_server: str, borough_id: str) -> str:
    """The one tag a council site adds, for this server (HTML: templates mark it `safe`)."""
    src = url_for("site.widget_script", _external=True)
    attributes = [f'src="{escape(src)}"']
    if chat_server:
        attributes.append(f'data-chat-server="{escape(chat_server)}"')
    if borough_id:
        attributes.append(f'data-default-borough="{escape(borough_id)}"')
    return f"<script {' '.join(attributes)} defer></script>"


@blueprint.get("/embed")
def embed_page() -> str:
    """The widget on a plain page, as a council's own site adds it (?borough= to try one)."""
    settings = current_app.extensions["csp_settings"]
    borough_id = known_borough(request.args.get("borough") or settings.default_borough)
    return render_template(
        "site/embed.html",
        tag=widget_tag(settings.chat_server, borough_id),
        borough_ids=sorted(load_directory().boroughs),
    )


@blueprint.get("/")
def council_page() -> str:
    settings = current_app.extensions["csp_settings"]
    borough_id = known_borough(settings.default_borough)
    boroughs = load_directory().boroughs
    return render_template(
        "site/council.html",
        widget_tag=widget_tag(settings.chat_server, borough_id),
        borough_name=boroughs[borough_id].name if borough_id else "",
    )
