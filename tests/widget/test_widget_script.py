"""The widget script and the demo page as the web server serves them (no browser needed)."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from flask.testing import FlaskClient

from bot.web.app import create_app
from bot.web.settings import WebSettings


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
