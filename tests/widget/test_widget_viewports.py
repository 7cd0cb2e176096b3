"""What a resident sees of the chat widget at five screens, two of them zoomed (issue #19), in
Debian's chromium with Playwright, against the running assistant:

- Exit this page, Close and the 999 line stay in a top bar inside the screen, uncovered, however
  the panel scrolls and wherever focus goes;
- a new answer is shown from its first message;
- a route gives its first door, the others behind "More ways to get help", and the chat says
  once that nobody monitors it;
- a danger reply is GOV.UK's warning text with a large "Call 999" link;
- every earlier choice is disabled once the resident sends anything;
- the page behind a full-screen panel is inert, and Tab stays in the panel;
- every control is at least 24 by 24 px, the launcher is inside the screen, axe finds nothing.

A zoomed laptop is its screen in CSS pixels at a higher pixel ratio: 1366x768 at 200% is
683x384, 1280x1024 at 400% is 320x256. Screenshots: test-artifacts/browser/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page, WebSocketRoute, expect

from bot import paths
from bot.routing.advice import route_words
from bot.routing.directory import Directory
from tests.e2e.conftest import Assistant
from tests.real_browser import axe_violations, describe, screenshot

pytestmark = pytest.mark.e2e

CONCERN = "someone shouted racist abuse at me in the street"
GREETING = "What's worrying you?"
MORE = "More ways to get help"
NOT_MONITORED = re.compile(r"monitor|no one reads|nobody reads", re.IGNORECASE)
MIN_TARGET = 24  # px, WCAG 2.5.8


@dataclass(frozen=True)
class Screen:
    name: str
    width: int
    height: int
    scale: float
    mobile: bool

    def __str__(self) -> str:
        return self.name


SCREENS = [
    Screen("desktop-1280x800", 1280, 800, 1, False),
    Screen("phone-sideways-844x390", 844, 390, 3, True),
    Screen("phone-sideways-667x375", 667, 375, 2, True),
    Screen("laptop-200pc-683x384", 683, 384, 2, False),
    Screen("laptop-400pc-320x256", 320, 256, 4, False),
]


@pytest.fixture(params=SCREENS, ids=str)
def screen(request: pytest.FixtureRequest) -> Screen:
    return request.param


@pytest.fixture
def phone(browser: Browser, screen: Screen) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": screen.width, "height": screen.height},
        device_scale_factor=screen.scale,
        is_mobile=screen.mobile,
        has_touch=screen.mobile,
    )
    yield context.new_page()
    context.close()


# ---- what the resident can see and reach ----
def log(page: Page) -> Locator:
    return page.get_by_role("log", name="Conversation")


def bar_controls(page: Page) -> dict[str, Locator]:
    return {
        "Close": page.get_by_role("button", name="Close the chat"),
        "Exit this page": page.get_by_role("button", name=re.compile("Exit this page")),
        "the 999 line": page.locator(".csp-chat__safety"),
        "its 999 link": page.locator(".csp-chat__safety a[href='tel:999']"),
    }


def in_reach(page: Page, control: Locator) -> bool:
    """Wholly inside the screen, and what a tap at its centre reaches."""
    return control.evaluate(
        """(el) => {
            const r = el.getBoundingClientRect();
            const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return inside && (hit === el || el.contains(hit));
        }"""
    )


def assert_bar_in_reach(page: Page, when: str) -> None:
    for name, control in bar_controls(page).items():
        assert in_reach(page, control), f"{name} is out of reach {when}"


def top_in_view(page: Page, node: Locator) -> bool:
    """The top of `node` is on screen, below the top bar, inside every box that scrolls it."""
    return node.evaluate(
        """(el) => {
            const top = el.getBoundingClientRect().top;
            const bar = document.querySelector('.csp-chat__bar').getBoundingClientRect();
            let box = el.parentElement;
            while (box && box !== document.body) {
                const r = box.getBoundingClientRect();
                const clips = getComputedStyle(box).overflowY !== 'visible';
                if (clips && (top < r.top - 1 || top > r.bottom - 10)) return false;
                box = box.parentElement;
            }
            return top >= bar.bottom - 1 && top < window.innerHeight - 10;
        }"""
    )


def read(node: Locator) -> str:
    """The words of `node` as a sighted reader takes them (visually hidden labels left out)."""
    return node.evaluate(
        """(el) => {
            const copy = el.cloneNode(true);
            copy.querySelectorAll('.govuk-visually-hidden').forEach((n) => n.remove());
            return copy.textContent;
        }"""
    )


def visible_panel_text(page: Page) -> str:
    return page.locator("[data-csp-panel]").inner_text()


def small_targets(page: Page) -> list[str]:
    """Controls narrower or lower than 24 px (links inside sentences are exempt, WCAG 2.5.8)."""
    return page.evaluate(
        """(min) => [...document.querySelectorAll(
                '.csp-chat button, .csp-chat summary, .csp-chat input, .csp-chat a.govuk-button')]
            .filter((el) => el.getClientRects().length)
            .map((el) => [el, el.getBoundingClientRect()])
            .filter(([, r]) => r.width < min || r.height < min)
            .map(([el, r]) => `${el.textContent.trim()} ${r.width}x${r.height}`)""",
        MIN_TARGET,
    )


def enabled_choices(page: Page) -> list[str]:
    return log(page).locator(".csp-chat__choice:enabled").all_text_contents()


def full_screen(page: Page) -> bool:
    return page.evaluate(
        """() => {
            const r = document.querySelector('[data-csp-panel]').getBoundingClientRect();
            return r.left <= 0 && r.top <= 0 && r.right >= window.innerWidth
                && r.bottom >= window.innerHeight;
        }"""
    )


def check_axe(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def scroll_everything_down(page: Page) -> None:
    page.evaluate(
        """() => document.querySelectorAll('[data-csp-body], [data-csp-log]')
            .forEach((box) => { box.scrollTop = box.scrollHeight; })"""
    )


# ---- at every screen ----
def test_exit_and_999_stay_in_reach_and_answers_stay_in_view(
    assistant: Assistant, phone: Page, screen: Screen, directory: Directory
) -> None:
    page = phone
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(assistant.web_url)
    launcher = page.get_by_role("button", name="Chat about a safety concern")
    assert in_reach(page, launcher), "the launcher is off the screen"
    widget = next(r for r in responses if r.url.endswith("/widget.js"))
    assert widget.header_value("content-encoding") == "gzip"
    css = next(r for r in responses if r.url.endswith("/chat-widget.css"))
    assert css.header_value("content-encoding") == "gzip"

    launcher.click()
    expect(log(page)).to_contain_text(GREETING, timeout=30_000)
    assert_bar_in_reach(page, "when the chat opens")
    assert len(NOT_MONITORED.findall(visible_panel_text(page))) == 1
    if full_screen(page):  # the page behind is out of reach, for Tab and screen readers
        assert page.evaluate(
            """() => [...document.body.children]
                .filter((n) => !n.matches('[data-csp-root], script'))
                .every((n) => n.inert)"""
        )
        for _ in range(25):  # past the panel's last control, focus goes to the browser's own
            page.keyboard.press("Tab")
            assert page.evaluate(
                """() => document.activeElement === document.body
                    || !!document.activeElement.closest('[data-csp-panel]')"""
            ), "Tab reached the page behind the full-screen panel"
    else:
        assert page.evaluate("() => ![...document.body.children].some((n) => n.inert)")

    # A concern that may involve danger: 999 first, in GOV.UK's warning style.
    page.get_by_label("Your message").fill(CONCERN)
    page.get_by_role("button", name="Send", exact=True).click()
    burnley = log(page).get_by_role("button", name="Burnley", exact=True)
    expect(burnley).to_be_attached(timeout=30_000)
    page.wait_for_timeout(500)
    danger = log(page).locator(".csp-chat__message--danger")
    expect(danger.locator(".govuk-warning-text")).to_contain_text("in danger now, call 999")
    call = danger.get_by_role("link", name="Call 999")
    expect(call).to_have_attribute("href", "tel:999")
    box = call.bounding_box()
    assert box and box["height"] >= 40 and box["width"] >= 120, box  # large
    assert top_in_view(page, danger), "the answer is not shown from its first message"
    assert_bar_in_reach(page, "after the danger reply")
    screenshot(page, f"widget-{screen}-danger")
    check_axe(page)

    # The borough: the route's first door in view, the others behind a disclosure.
    burnley.click()
    route = route_words(directory, "hate_crime", "burnley")
    answer = log(page).locator(".csp-chat__message--bot", has_text=route.lead.split("\n\n")[0])
    expect(answer).to_be_attached(timeout=30_000)
    expect(log(page).get_by_role("button", name="Yes, log it")).to_be_attached(timeout=30_000)
    page.wait_for_timeout(500)
    first = (
        log(page)
        .locator(".csp-chat__message--user", has_text="Burnley")
        .locator("xpath=following-sibling::*[1]")
    )
    # The 999 line was given with the area question: the route does not repeat it.
    expect(first).not_to_have_class(re.compile("csp-chat__message--danger"))
    expect(log(page).locator(".csp-chat__message--danger")).to_have_count(1)
    assert top_in_view(page, first), "the answer is not shown from its first message"
    assert enabled_choices(page) == ["Yes, log it", "No thanks"]  # the boroughs: disabled
    more = answer.locator("details")
    expect(more.locator("summary")).to_have_text(MORE)
    expect(more).not_to_have_attribute("open", "")
    lead = answer.locator(".csp-chat__paragraph")
    expect(lead).to_be_visible()
    for paragraph in route.lead.split("\n\n"):
        assert paragraph in read(lead)
    further = more.locator(".govuk-details__text")
    expect(further).to_be_hidden()
    for paragraph in route.more.split("\n\n"):
        assert paragraph in read(further)
    assert len(NOT_MONITORED.findall(visible_panel_text(page))) == 1
    assert_bar_in_reach(page, "after the route")
    more.locator("summary").click()
    expect(further).to_be_visible()
    assert small_targets(page) == []
    screenshot(page, f"widget-{screen}-route")
    check_axe(page)

    # Anything sent disables every earlier choice.
    page.get_by_label("Your message").fill("no")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(log(page)).to_contain_text("Nothing has been kept", timeout=30_000)
    assert enabled_choices(page) == []
    scroll_everything_down(page)
    assert_bar_in_reach(page, "scrolled to the end")
    page.get_by_label("Your message").focus()
    assert_bar_in_reach(page, "with focus in the message box")
    screenshot(page, f"widget-{screen}-end")
    check_axe(page)


# ---- phone numbers ----
def numbers_of(directory: Directory) -> list[str]:
    """Every number a resident can read (an unconfirmed one is never said: issue #16)."""
    return sorted(
        {
            number
            for contact in directory.contacts.values()
            for number in (
                contact.said_phone,
                contact.textphone if "textphone" not in contact.unconfirmed else None,
            )
            if number
        }
    )


def emergency_variant() -> dict:
    domain = yaml.safe_load((paths.PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    (variant,) = [v for v in domain["responses"]["utter_emergency"] if v.get("channel")]
    return variant["custom"]["data"]


def test_every_phone_number_is_a_link_that_calls_it(
    assistant: Assistant, page: Page, directory: Directory
) -> None:
    """Every contact's words, and the web chat's 999 reply as domain.yml has it, put in place of
    the greeting on its way to the page."""
    contacts = "\n\n".join(contact.render() for contact in directory.contacts.values())

    def frame(data: dict) -> str:
        return "42" + json.dumps(["bot_uttered", data])

    def forward(ws: WebSocketRoute, sent: str | bytes) -> None:
        if isinstance(sent, str) and sent.startswith('42["bot_uttered"') and GREETING in sent:
            ws.send(frame({"text": contacts}))
            ws.send(frame(emergency_variant()))
        else:
            ws.send(sent)

    def between(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        ws.on_message(server.send)
        server.on_message(lambda sent: forward(ws, sent))

    page.route_web_socket(re.compile(r".*/socket\.io/.*"), between)
    page.goto(assistant.web_url)
    page.get_by_role("button", name="Chat about a safety concern").click()
    danger = log(page).locator(".csp-chat__message--danger")
    expect(danger).to_be_attached(timeout=30_000)
    links = log(page).locator(".csp-chat__message--bot a[href^='tel:']")
    shown = {(a.text_content(), a.get_attribute("href")) for a in links.all()}
    for number in numbers_of(directory):
        assert (number, "tel:" + re.sub(r"\D", "", number)) in shown, number
    assert ("18001 101", "tel:18001101") in shown  # the textphone, not 101
    for text, href in shown:  # numbers written into the words: whole, and what they say
        assert href == "tel:" + re.sub(r"\D", "", text) and len(re.sub(r"\D", "", text)) >= 3
    bsl = log(page).get_by_role("link", name=re.compile(r"999bsl\.co\.uk"))
    expect(bsl.first).to_have_attribute("href", directory.contacts["police_999"].web)

    expect(danger.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    in_danger = {(a.text_content(), a.get_attribute("href")) for a in danger.locator("a").all()}
    assert {("999", "tel:999"), ("18000", "tel:18000")} <= in_danger
    expect(danger.get_by_role("link", name=re.compile(r"999bsl\.co\.uk"))).to_have_attribute(
        "href", directory.contacts["police_999"].web
    )
    screenshot(page, "widget-phone-numbers")
    check_axe(page)
