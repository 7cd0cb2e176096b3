"""The chat widget in a real browser (Debian's chromium, Playwright) against the running assistant:
a whole conversation, keyboard only, a 320px phone, screen-reader announcements, escaping, the
exit button and Shift three times, nothing left on the device, inactivity, and axe-core.

BBC Weather (where Exit this page goes) and the made-up council sites are served by Playwright's
request routing, so nothing here needs the internet. Screenshots: test-artifacts/browser/.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Locator, Page, WebSocketRoute, expect

from bot.routing.advice import route_text
from bot.routing.directory import Directory
from tests.e2e.conftest import Assistant
from tests.real_browser import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

EXIT_URL = "https://www.bbc.co.uk/weather"
SESSION_KEY = "csp-chat-session"
CONCERN = "someone shouted racist abuse at me in the street"
GREETING = "What's worrying you?"
BOROUGHS = ["Blackburn with Darwen", "Burnley", "Hyndburn", "Pendle", "Rossendale"]


# ---- helpers ----
def serve_neutral_site(page: Page) -> None:
    page.route(
        re.compile(r"^https://www\.bbc\.co\.uk/weather.*"),
        lambda route: route.fulfill(
            content_type="text/html",
            body="<!doctype html><title>BBC Weather</title><h1>Weather</h1>",
        ),
    )


@contextmanager
def another_site(assistant: Assistant) -> Iterator[str]:
    """A website of its own (127.0.0.1 on a port of its own), not allowed to use the chat,
    whose page adds the widget with the one tag."""
    page = (
        '<!doctype html><html lang="en"><head><title>Another site</title></head><body>'
        "<main><h1>Another site</h1></main>"
        f'<script src="{assistant.web_url}/widget.js" data-chat-server="{assistant.url}" defer>'
        "</script></body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def log(page: Page) -> Locator:
    return page.get_by_role("log", name="Conversation")


def visible_log_text(page: Page) -> str:
    """The conversation as a sighted reader sees it (visually hidden labels left out)."""
    return page.evaluate(
        """() => {
            const copy = document.querySelector('[data-csp-log]').cloneNode(true);
            copy.querySelectorAll('.govuk-visually-hidden').forEach((node) => node.remove());
            return copy.textContent;
        }"""
    )


def open_chat(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Chat about a safety concern").click()
    expect(log(page)).to_contain_text(GREETING, timeout=30_000)


def say(page: Page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()


def choice(page: Page, title: str) -> Locator:
    return log(page).get_by_role("button", name=title, exact=True)


def storage(page: Page) -> dict[str, dict[str, str]]:
    return page.evaluate(
        """() => ({
            session: Object.fromEntries(Object.entries(sessionStorage)),
            local: Object.fromEntries(Object.entries(localStorage)),
        })"""
    )


def record_statuses(page: Page) -> None:
    """Keeps every text the widget's status line shows, in window.__statuses."""
    page.evaluate(
        """() => {
            window.__statuses = [];
            const status = document.querySelector('[data-csp-status]');
            new MutationObserver(() => window.__statuses.push(status.textContent))
                .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )


def csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def focus_is_visible(page: Page) -> bool:
    """The focused element looks different from when it is not focused."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const look = () => {
                const s = getComputedStyle(el);
                return [s.outlineStyle + s.outlineWidth + s.outlineColor, s.boxShadow,
                        s.backgroundColor, s.color, s.textDecorationLine].join('|');
            };
            const focused = look();
            el.blur();
            const unfocused = look();
            el.focus();
            return focused !== unfocused;
        }"""
    )


def local_part(directory: Directory, concern: str, borough: str) -> str:
    """Words only `borough`'s route has (its own council's contact), up to any web address."""
    others = {
        paragraph
        for other in directory.boroughs
        if other != borough
        for paragraph in route_text(directory, concern, other).split("\n\n")
    }
    route = route_text(directory, concern, borough).split("\n\n")
    return next(p for p in route if p not in others).split(" http")[0]


def active(page: Page) -> str:
    return page.evaluate(
        "() => (document.activeElement.id || '') + '|' + document.activeElement.textContent.trim()"
    )


# ---- a whole conversation ----
def test_a_resident_types_a_concern_presses_a_borough_and_gets_the_route(
    assistant: Assistant, page: Page, directory: Directory
) -> None:
    errors = csp_errors(page)
    page.goto(assistant.web_url)
    assert axe_violations(page) == [], describe(axe_violations(page))
    open_chat(page, assistant.web_url)
    record_statuses(page)

    say(page, CONCERN)
    expect(choice(page, "Burnley")).to_be_visible(timeout=30_000)
    assert "The assistant is typing…" in page.evaluate("window.__statuses")
    expect(log(page).locator(".csp-chat__message--user")).to_have_text(f"You said: {CONCERN}")
    assert "999" in visible_log_text(page)  # danger first
    screenshot(page, "widget-borough-question")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    choice(page, "Burnley").click()
    route = route_text(directory, "hate_crime", "burnley")
    last = route.split("\n\n")[-1]
    expect(log(page)).to_contain_text(last.split(" http")[0], timeout=30_000)
    shown = visible_log_text(page)
    for paragraph in route.split("\n\n"):
        assert paragraph in shown
    for borough in BOROUGHS:  # a choice, once made, can no longer be pressed
        expect(choice(page, borough)).to_be_disabled()
    assert "You said: Burnley" in log(page).text_content()
    link = log(page).locator('a[href="https://www.report-it.org.uk/"]')
    expect(link).to_have_text("https://www.report-it.org.uk/ (opens in new tab)")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(page.locator("[data-csp-status]")).to_have_text("")  # no longer typing
    screenshot(page, "widget-route")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert errors == []


def test_the_conversation_survives_a_reload_but_no_message_is_kept_on_the_device(
    assistant: Assistant, page: Page, directory: Directory
) -> None:
    open_chat(page, assistant.web_url)
    say(page, CONCERN)
    expect(choice(page, "Burnley")).to_be_visible(timeout=30_000)
    kept = storage(page)
    assert list(kept["session"]) == [SESSION_KEY] and kept["local"] == {}
    assert re.fullmatch(r"[0-9a-f]{32}", kept["session"][SESSION_KEY])
    assert "shouted" not in json.dumps(kept) and GREETING not in json.dumps(kept)

    page.reload()
    page.get_by_role("button", name="Chat about a safety concern").click()
    expect(log(page)).to_contain_text("carrying on an earlier conversation", timeout=30_000)
    # The help already given comes again from the server: 999 first, and the open question.
    expect(log(page).get_by_role("link", name="Call 999")).to_be_visible(timeout=30_000)
    expect(choice(page, "Hyndburn")).to_be_enabled()
    assert CONCERN not in log(page).text_content()  # the resident's words: never kept, not shown
    say(page, "Hyndburn")  # answers the question asked before the reload
    hyndburn = local_part(directory, "hate_crime", "hyndburn")
    expect(log(page)).to_contain_text(hyndburn, timeout=30_000)
    assert storage(page)["session"] == kept["session"]

    page.reload()  # the contacts given are shown again; still nothing but the id is kept
    page.get_by_role("button", name="Chat about a safety concern").click()
    expect(log(page)).to_contain_text(hyndburn, timeout=30_000)
    assert CONCERN not in log(page).text_content() and "You said" not in log(page).text_content()
    assert storage(page) == kept


# ---- keyboard, screen readers, small screens ----
def test_keyboard_only_with_visible_focus(
    assistant: Assistant, page: Page, directory: Directory
) -> None:
    page.goto(assistant.web_url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if active(page).endswith("Chat about a safety concern"):
            break
    else:
        pytest.fail("the chat button cannot be reached with Tab")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert active(page).startswith("csp-chat-input|")  # straight to the message box
    assert focus_is_visible(page)
    expect(log(page)).to_contain_text(GREETING, timeout=30_000)

    page.keyboard.type(CONCERN)
    page.keyboard.press("Enter")
    expect(choice(page, "Pendle")).to_be_visible(timeout=30_000)
    for _ in range(15):
        page.keyboard.press("Shift+Tab")
        if active(page) == "|Pendle":
            break
    else:
        pytest.fail("the borough buttons cannot be reached with Shift+Tab")
    assert focus_is_visible(page)
    screenshot(page, "widget-keyboard-focus")
    page.keyboard.press("Space")
    expect(log(page)).to_contain_text(local_part(directory, "hate_crime", "pendle"), timeout=30_000)
    assert active(page).startswith("csp-chat-input|")  # back to typing

    page.keyboard.press("Escape")
    expect(page.get_by_role("log")).to_be_hidden()
    assert active(page).endswith("Chat about a safety concern")


def test_new_messages_are_announced_and_every_control_is_labelled(
    assistant: Assistant, page: Page
) -> None:
    open_chat(page, assistant.web_url)
    expect(log(page)).to_have_attribute("aria-live", "polite")
    expect(page.locator("[data-csp-status]")).to_have_attribute("role", "status")
    expect(log(page).locator(".csp-chat__message--bot").first).to_contain_text(
        "The assistant said:"
    )
    for control in page.locator(".csp-chat button:visible, .csp-chat input:visible").all():
        name = control.evaluate("(el) => el.labels?.[0]?.textContent || el.textContent")
        assert name.strip(), control.evaluate("(el) => el.outerHTML")


def test_a_320px_phone_screen(assistant: Assistant, browser: Browser, directory: Directory) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    try:
        open_chat(page, assistant.web_url)
        say(page, CONCERN)
        expect(choice(page, "Rossendale")).to_be_visible(timeout=30_000)
        choice(page, "Rossendale").click()
        expect(log(page)).to_contain_text(
            local_part(directory, "hate_crime", "rossendale"), timeout=30_000
        )
        page.wait_for_timeout(1000)  # the last parts of the route
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        for selector in [
            "[data-csp-panel]",
            "[data-csp-input]",
            ".csp-chat__send",
            "[data-csp-exit]",
        ]:
            box = page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, selector
        assert page.evaluate(
            "() => [...document.querySelectorAll('.csp-chat__message')]"
            ".every((m) => m.scrollWidth <= m.clientWidth)"
        )
        screenshot(page, "widget-320px")
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    finally:
        context.close()


# ---- nothing the resident or the assistant sends becomes HTML ----
def test_markup_from_the_resident_or_the_assistant_is_shown_as_text(
    assistant: Assistant, page: Page
) -> None:
    attack = '<img src=x onerror="window.__pwned=1"><b>bold</b>'

    def tamper(frame: str | bytes) -> str | bytes:
        """Puts markup into the assistant's messages on their way to the page."""
        if not isinstance(frame, str) or not frame.startswith('42["bot_uttered"'):
            return frame
        name, data = json.loads(frame[2:])
        data["text"] = attack + data.get("text", "")
        for reply in data.get("quick_replies") or []:
            reply["title"] = attack + reply["title"]
        return "42" + json.dumps([name, data])

    def between(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        ws.on_message(server.send)
        server.on_message(lambda frame: ws.send(tamper(frame)))

    page.route_web_socket(re.compile(r".*/socket\.io/.*"), between)
    open_chat(page, assistant.web_url)
    say(page, attack + CONCERN)
    expect(log(page).get_by_role("button", name=re.compile("Burnley"))).to_be_visible(
        timeout=30_000
    )
    assert attack in visible_log_text(page)
    assert log(page).locator("img, b").count() == 0
    assert log(page).get_by_role("button").first.text_content().startswith("<img")
    assert page.evaluate("window.__pwned") is None


# ---- safety: leaving fast, and leaving nothing behind ----
def test_exit_this_page_clears_the_chat_and_replaces_the_page(
    assistant: Assistant, page: Page
) -> None:
    serve_neutral_site(page)
    open_chat(page, assistant.web_url)
    say(page, CONCERN)
    expect(choice(page, "Burnley")).to_be_visible(timeout=30_000)
    assert SESSION_KEY in storage(page)["session"]

    page.get_by_role("button", name=re.compile("Exit this page")).click()
    page.wait_for_url(EXIT_URL)
    expect(page).to_have_title("BBC Weather")
    page.go_back()
    assert not page.url.startswith(assistant.web_url)  # Back does not return to the chat

    page.goto(assistant.web_url)  # the same tab, so the same sessionStorage
    assert storage(page) == {"session": {}, "local": {}}
    assert page.context.cookies(assistant.web_url) == []
    page.get_by_role("button", name="Chat about a safety concern").click()
    expect(log(page)).to_contain_text(GREETING, timeout=30_000)
    assert "carrying on" not in log(page).text_content()  # a new conversation


def test_shift_three_times_exits_but_typing_capitals_does_not(
    assistant: Assistant, page: Page
) -> None:
    serve_neutral_site(page)
    open_chat(page, assistant.web_url)
    page.get_by_label("Your message").focus()
    for letter in "IAM":
        page.keyboard.press(f"Shift+{letter}")  # capitals: Shift held with another key
    assert page.url.startswith(assistant.web_url)
    expect(page.get_by_label("Your message")).to_have_value("IAM")
    assert SESSION_KEY in storage(page)["session"]

    page.keyboard.press("Shift")
    expect(page.locator("[data-csp-exit-status]")).to_have_text(
        "Shift, press 2 more times to exit."
    )
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    page.goto(assistant.web_url)
    assert storage(page) == {"session": {}, "local": {}}


def test_the_conversation_ends_after_ten_idle_minutes_with_a_warning_first(
    assistant: Assistant, page: Page
) -> None:
    page.clock.install()
    open_chat(page, assistant.web_url)
    say(page, CONCERN)
    expect(choice(page, "Burnley")).to_be_visible(timeout=30_000)
    warning = page.get_by_role("alert").filter(has_text="will end")

    page.clock.fast_forward("09:01")
    expect(warning).to_be_visible()
    screenshot(page, "widget-idle-warning")
    page.get_by_role("button", name="Keep the conversation going").click()
    expect(warning).to_be_hidden()
    page.clock.fast_forward("09:01")  # counted from the click, so not over yet
    expect(warning).to_be_visible()
    expect(choice(page, "Burnley")).to_be_visible()

    page.clock.fast_forward("01:00")
    expect(page.get_by_text("This conversation ended")).to_be_visible()
    expect(log(page)).to_be_empty()
    assert storage(page) == {"session": {}, "local": {}}
    page.get_by_role("button", name="Start a new conversation").click()
    expect(log(page)).to_contain_text(GREETING, timeout=30_000)


# ---- on a council's own site ----
def test_one_tag_on_a_plain_page_with_the_council_borough_as_a_hint(
    assistant: Assistant, page: Page, directory: Directory
) -> None:
    open_chat(page, f"{assistant.web_url}/embed?borough=pendle")
    assert page.evaluate("document.querySelectorAll('link[rel=stylesheet]').length") == 1
    assert page.evaluate("typeof window.io") == "undefined"  # the socket.io client stays inside
    say(page, CONCERN)
    expect(choice(page, "Pendle")).to_be_visible(timeout=30_000)
    titles = log(page).get_by_role("button").all_text_contents()
    assert titles == ["Pendle", *[b for b in BOROUGHS if b != "Pendle"], "Somewhere else"]
    screenshot(page, "widget-on-a-council-site")

    choice(page, "Hyndburn").click()  # the site's borough is a hint, not the answer
    expect(log(page)).to_contain_text(
        local_part(directory, "hate_crime", "hyndburn"), timeout=30_000
    )
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_a_site_not_allowed_to_use_the_chat_is_refused(assistant: Assistant, page: Page) -> None:
    with another_site(assistant) as url:
        page.goto(url)
        page.get_by_role("button", name="Chat about a safety concern").click()
        expect(page.locator("[data-csp-status]")).to_contain_text(
            "the chat is not working", timeout=30_000
        )
        page.wait_for_timeout(1000)
        assert log(page).text_content() == ""
