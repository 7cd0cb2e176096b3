"""The widget script and the demo page as the web server serves them (no browser needed)."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from bot import paths
from bot.language.catalogue import widget_words
from bot.language.languages import supported
from bot.language.translations import translator
from bot.web.app import create_app
from bot.web.settings import WebSettings

BUNDLE = re.compile(
    r"startChatWidget\(module\.exports, (\".*\"), document\.currentScript, (\{.*\})\);"
)
WIDGET_CODE = paths.PROJECT_ROOT / "bot" / "web" / "static" / "widget.js"


def client(**settings: str) -> FlaskClient:
    return create_app(WebSettings(secret_key="test", **settings)).test_client()


def test_the_widget_is_one_cacheable_script_with_its_markup_inside() -> None:
    http = client()
    reply = http.get("/widget.js")
    assert reply.status_code == 200
    assert reply.mimetype == "text/javascript"
    assert reply.cache_control.public and reply.cache_control.max_age
    body = reply.get_data(as_text=True)
    markup = json.loads(re.search(r"startChatWidget\(module\.exports, (\".*\"), document", body)[1])
    assert "Nobody monitors this chat. If you are in danger, call" in markup
    assert '<a class="govuk-link csp-chat__safety-link" href="tel:999">999</a>' in markup
    assert "Exit this page" in markup
    again = http.get("/widget.js", headers={"If-None-Match": reply.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("configured", "sent"), [("pendle", "pendle"), ("lancaster", ""), ("", "")]
)
def test_the_demo_page_embeds_the_widget_with_one_tag(configured: str, sent: str) -> None:
    page = client(chat_server="http://localhost:5005", default_borough=configured).get("/")
    html = page.get_data(as_text=True)
    tags = re.findall(r"<script[^>]*widget\.js[^>]*>", html)
    assert len(tags) == 1
    assert 'data-chat-server="http://localhost:5005"' in tags[0]
    if sent:
        assert f'data-default-borough="{sent}"' in tags[0]
    else:
        assert "data-default-borough" not in tags[0]


def test_the_embedding_page_shows_the_tag_it_uses() -> None:
    html = client().get("/embed?borough=burnley").get_data(as_text=True)
    (tag,) = re.findall(r"<script[^>]*widget\.js[^>]*></script>", html)
    assert 'data-default-borough="burnley"' in tag
    assert html.count("&lt;script src=&#34;http://localhost/widget.js&#34;") == 1  # to copy
    assert 'data-default-borough="' not in client().get("/embed?borough=<b>").get_data(as_text=True)


def test_the_demo_page_has_no_inline_script_or_style() -> None:
    html = client().get("/").get_data(as_text=True)
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert "<style" not in html and " style=" not in html


@pytest.mark.parametrize("path", ["/widget.js", "/assets/chat-widget.css", "/assets/app.css", "/"])
def test_text_is_sent_gzipped_to_a_browser_that_accepts_it(path: str) -> None:
    http = client()
    plain = http.get(path)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    zipped = http.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert len(zipped.get_data()) < len(plain.get_data()) / 2
    if path != "/":  # cached files: the gzipped copy is revalidated like the plain one
        again = http.get(
            path, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]}
        )
        assert again.status_code == 304


# ---- its words, in every language (issue #15) ----
def widget_parts() -> tuple[str, dict]:
    body = client().get("/widget.js").get_data(as_text=True)
    markup, catalogue = BUNDLE.search(body).groups()
    return json.loads(markup), json.loads(catalogue)


class Markup(HTMLParser):
    """The markup's elements (tag, attributes) and each text with the attributes of the element
    it is in and of those around it."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[tuple[str, list[dict[str, str]]]] = []
        self.open: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag not in {"input", "circle", "ellipse", "path"}:
            self.open.append(attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"input", "circle", "ellipse", "path"}:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((data.strip(), list(self.open)))


def parsed(markup: str) -> Markup:
    parser = Markup()
    parser.feed(markup)
    return parser


def test_every_word_of_the_widget_comes_from_its_word_list() -> None:
    markup, _ = widget_parts()
    page = parsed(markup)
    words = widget_words()
    names = {language.name for language in supported().values()}
    for text, around in page.texts:  # each text is a word of widget.yml, a language or 999
        keys = [a["data-csp-word"] for a in around if "data-csp-word" in a]
        if keys:
            assert text == words[keys[-1]].strip(), (text, keys)
        else:
            assert text in names or text in {"999", "."}, text
    for _, attributes in page.elements:  # and each aria-label
        if "aria-label" in attributes:
            key = attributes["data-csp-word-label"]
            assert attributes["aria-label"] == words[key]
    used = {
        a[name]
        for _, a in page.elements
        for name in ("data-csp-word", "data-csp-word-label")
        if name in a
    }
    code = WIDGET_CODE.read_text(encoding="utf-8")
    for key in set(words) - used:  # the rest are the script's own (notes, status, labels)
        assert f'"{key}"' in code, f"{key} of widget.yml is never shown"


def test_the_script_carries_every_language_s_words() -> None:
    _, catalogue = widget_parts()
    assert catalogue["default"] == "en"
    assert list(catalogue["languages"]) == list(supported())
    for code, language in supported().items():
        carried = catalogue["languages"][code]
        assert carried["name"] == language.name and carried["dir"] == language.dir
        assert set(carried["words"]) == set(widget_words())
        held = translator(code)
        for key, english in widget_words().items():
            assert carried["words"][key].strip() == held.text(english).strip()
            assert (key in carried["untranslated"]) == (code != "en" and not held.has(english))
        # " the chat", "You said: ": the spaces the widget puts words together with are kept
        assert carried["words"]["close_hidden"].startswith(" ")
        assert carried["words"]["you_said"].endswith(" ")
    assert catalogue["languages"]["ur"]["dir"] == "rtl"


def test_the_language_menu_names_each_language_in_its_own_language() -> None:
    markup, _ = widget_parts()
    page = parsed(markup)
    (toggle,) = [a for tag, a in page.elements if "data-csp-language-toggle" in a]
    assert toggle["aria-controls"] == "csp-chat-languages" and toggle["aria-expanded"] == "false"
    options = [
        (a, text) for text, around in page.texts for a in around[-1:] if "data-csp-language" in a
    ]
    assert [a["data-csp-language"] for a, _ in options] == list(supported())
    for attributes, text in options:
        language = supported()[attributes["data-csp-language"]]
        assert text == language.name
        assert attributes["lang"] == attributes["data-csp-language"]
        assert attributes["dir"] == language.dir
        assert ("aria-current" in attributes) == (attributes["lang"] == "en")
    (root,) = [a for _, a in page.elements if "data-csp-root" in a]
    (panel,) = [a for _, a in page.elements if "data-csp-panel" in a]
    assert root["lang"] == panel["lang"] == "en" and root["dir"] == panel["dir"] == "ltr"
