"""The chat widget in the residents' languages (issue #15), in a real browser (Debian's chromium,
Playwright) against the running assistant, with axe-core:

- a conversation in Urdu and one in Polish, each language chosen in the widget's language menu
  and then a concern typed in it: the panel and every message of the assistant carry the
  language's `lang` and `dir`, the answer is not in English, the resident's own message has
  dir="auto", the widget's words are the language's, and axe finds nothing;
- a resident who just types in Urdu or Polish: the widget follows the language the assistant
  answers in (its words, the panel's lang and dir, the menu's current choice);
- the language lasts: after a reload the help shown again is in it and the widget follows it,
  and a new conversation after one that ended starts in it;
- the language menu from the keyboard, on a short, zoomed screen too;
- right-to-left layout: a danger reply said in Urdu and in English, and a route, as the channel
  sends them, put in place of the greeting on their way to the page.

Screenshots: test-artifacts/browser/.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Locator, Page, WebSocketRoute, expect

from bot.language.catalogue import catalogue
from bot.language.identify import written_language
from bot.language.languages import supported
from bot.routing.advice import route_words
from bot.routing.directory import load_directory
from bot.web.site import widget_languages
from tests.e2e.conftest import Assistant
from tests.real_browser import axe_violations, describe, screenshot
from tests.widget.replies import said

pytestmark = pytest.mark.e2e

GREETING = "What's worrying you?"
URDU_CONCERN = "میرے پڑوسی رات بھر اونچی آواز میں موسیقی بجاتے ہیں"
POLISH_CONCERN = "sąsiedzi puszczają głośną muzykę całą noc"
SHAHMUKHI_CONCERN = "میرے گوانڈی ساری رات اُچی آواز وچ گانے لاندے نیں"  # Panjabi, not Urdu
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
POLISH_LETTERS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
MIN_TARGET = 24  # px, WCAG 2.5.8
ANSWERS = ".csp-chat__message--bot, .csp-chat__message--danger"
# The English of everything the assistant says, paragraph by paragraph (as the chat shows them).
ENGLISH = {part.strip() for text in catalogue() for part in text.split("\n\n")}


# ---- helpers ----
def log(page: Page) -> Locator:
    return page.locator("[data-csp-log]")


def toggle(page: Page) -> Locator:
    return page.locator("[data-csp-language-toggle]")


def option(page: Page, code: str) -> Locator:
    return page.locator(f"[data-csp-language='{code}']")


def words(code: str) -> dict[str, str]:
    return widget_languages()["languages"][code]["words"]


def read(node: Locator) -> str:
    """The words of `node` as a sighted reader takes them (visually hidden labels left out)."""
    return node.evaluate(
        """(el) => {
            const copy = el.cloneNode(true);
            copy.querySelectorAll('.govuk-visually-hidden').forEach((n) => n.remove());
            return copy.textContent.trim();
        }"""
    )


def check_axe(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def open_chat(page: Page, url: str) -> None:
    page.goto(url)
    page.locator("[data-csp-launcher]").click()
    expect(log(page)).to_contain_text(GREETING, timeout=30_000)


def wait_for_answer(page: Page, before: int) -> None:
    """Until the assistant has answered (more answers than `before`) and stopped typing."""
    page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length > n",
        arg=[ANSWERS, before],
        timeout=30_000,
    )
    expect(page.locator("[data-csp-status]")).to_have_text("", timeout=30_000)
    page.wait_for_timeout(1000)  # the last parts of an answer


def choose(page: Page, code: str) -> None:
    """Chooses the language in the widget's menu and waits for the assistant to say so."""
    before = log(page).locator(ANSWERS).count()
    toggle(page).click()
    expect(toggle(page)).to_have_attribute("aria-expanded", "true")
    expect(option(page, code)).to_be_visible()
    option(page, code).click()
    expect(page.locator("[data-csp-languages]")).to_be_hidden()
    wait_for_answer(page, before)


def say(page: Page, text: str) -> None:
    before = log(page).locator(ANSWERS).count()
    page.locator("[data-csp-input]").fill(text)
    page.locator(".csp-chat__send").click()
    wait_for_answer(page, before)


def last_answer(page: Page) -> list[Locator]:
    """The assistant's messages since the resident's last message, or since the last message
    that was not the assistant's."""
    messages = log(page).locator(":scope > .csp-chat__message").all()
    kinds = [m.get_attribute("class") or "" for m in messages]
    start = max((i for i, kind in enumerate(kinds) if "--user" in kind), default=-1) + 1
    return messages[start:]


def assert_widget_in(page: Page, code: str) -> None:
    """The widget's words, the panel's lang and dir and the menu are the language's."""
    language = supported()[code]
    for part in ("[data-csp-root]", "[data-csp-panel]"):
        expect(page.locator(part)).to_have_attribute("lang", code)
        expect(page.locator(part)).to_have_attribute("dir", language.dir)
    current = page.locator("[data-csp-language-current]")
    expect(current).to_have_text(language.name)
    expect(current).to_have_attribute("lang", code)
    expect(option(page, code)).to_have_attribute("aria-current", "true")
    for other in supported():
        if other != code:
            expect(option(page, other)).not_to_have_attribute("aria-current", "true")
    own = words(code)
    expect(page.locator(".csp-chat__send")).to_have_text(own["send"].strip())
    expect(page.locator(".csp-chat__label")).to_have_text(own["message_label"].strip())
    expect(page.locator("[data-csp-close]")).to_have_text(
        (own["close"] + own["close_hidden"]).strip()
    )
    expect(log(page)).to_have_attribute("aria-label", own["conversation"])


def assert_answer_in(page: Page, code: str, letters: re.Pattern[str]) -> list[Locator]:
    """The assistant's last answer: each message with the language's lang and dir, in its
    letters and in none of the assistant's English; its buttons labelled as theirs."""
    direction = supported()[code].dir
    answer = last_answer(page)
    assert answer, "the assistant did not answer"
    for message in answer:
        text = read(message)
        assert message.get_attribute("lang") == code, text
        assert message.get_attribute("dir") == direction, text
        assert letters.search(text), f"not in {code}: {text}"
        assert text not in ENGLISH, f"in English: {text}"
    for button in log(page).locator(".csp-chat__choice:enabled").all():
        assert button.get_attribute("lang") in supported(), button.text_content()
        assert button.get_attribute("dir") == supported()[button.get_attribute("lang")].dir
    return answer


def resident_and_assistant_sides(page: Page) -> tuple[float, float]:
    """The left edges of the resident's last message and of the assistant's first answer."""
    user = log(page).locator(".csp-chat__message--user").last.bounding_box()
    answer = last_answer(page)[0].bounding_box()
    assert user and answer
    return user["x"], answer["x"]


def small_targets(page: Page) -> list[str]:
    return page.evaluate(
        """(min) => [...document.querySelectorAll('.csp-chat button, .csp-chat input')]
            .filter((el) => el.getClientRects().length)
            .map((el) => [el, el.getBoundingClientRect()])
            .filter(([, r]) => r.width < min || r.height < min)
            .map(([el, r]) => `${el.textContent.trim()} ${r.width}x${r.height}`)""",
        MIN_TARGET,
    )


def focused(page: Page) -> str:
    """What has focus: a language option's code, `toggle`, `input`, or its outerHTML."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (el.dataset.cspLanguage) return el.dataset.cspLanguage;
            if (el.hasAttribute('data-csp-language-toggle')) return 'toggle';
            if (el.hasAttribute('data-csp-input')) return 'input';
            return el.outerHTML.slice(0, 80);
        }"""
    )


# ---- a conversation in the resident's language, chosen in the menu ----
def test_a_conversation_in_urdu_chosen_in_the_menu(assistant: Assistant, page: Page) -> None:
    open_chat(page, assistant.web_url)
    choose(page, "ur")
    assert_widget_in(page, "ur")
    (confirmation,) = last_answer(page)[-1:]
    assert confirmation.get_attribute("lang") == "ur" and confirmation.get_attribute("dir") == "rtl"
    assert ARABIC_SCRIPT.search(read(confirmation)), read(confirmation)
    check_axe(page)

    say(page, URDU_CONCERN)
    user = log(page).locator(".csp-chat__message--user").last
    expect(user).to_have_attribute("dir", "auto")
    assert read(user) == URDU_CONCERN
    assert user.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    assert_answer_in(page, "ur", ARABIC_SCRIPT)
    assert_widget_in(page, "ur")
    resident, assistant_side = resident_and_assistant_sides(page)
    assert resident < assistant_side  # mirrored: the resident's messages on the left
    screenshot(page, "widget-urdu")
    check_axe(page)


def test_a_conversation_in_polish_chosen_in_the_menu(assistant: Assistant, page: Page) -> None:
    open_chat(page, assistant.web_url)
    choose(page, "pl")
    assert_widget_in(page, "pl")
    (confirmation,) = last_answer(page)[-1:]
    assert confirmation.get_attribute("lang") == "pl" and confirmation.get_attribute("dir") == "ltr"
    assert read(confirmation) not in ENGLISH, read(confirmation)
    check_axe(page)

    say(page, POLISH_CONCERN)
    user = log(page).locator(".csp-chat__message--user").last
    expect(user).to_have_attribute("dir", "auto")
    assert user.evaluate("(el) => getComputedStyle(el).direction") == "ltr"
    answer = assert_answer_in(page, "pl", re.compile(r"\w"))
    assert POLISH_LETTERS.search(" ".join(read(message) for message in answer))
    assert_widget_in(page, "pl")
    resident, assistant_side = resident_and_assistant_sides(page)
    assert resident > assistant_side  # left to right: the resident's messages on the right
    screenshot(page, "widget-polish")
    check_axe(page)


# ---- the language lasts: a reload, and a new conversation after one that ended ----
def test_help_shown_again_after_a_reload_is_in_the_conversation_s_language(
    assistant: Assistant, page: Page
) -> None:
    open_chat(page, assistant.web_url)
    choose(page, "pl")
    say(page, POLISH_CONCERN)
    expect(log(page).locator(".csp-chat__choice:enabled").first).to_be_visible()
    question = read(last_answer(page)[-1])

    page.reload()  # the device keeps only the session id, not the language
    assert page.evaluate("Object.keys(sessionStorage)") == ["csp-chat-session"]
    page.locator("[data-csp-launcher]").click()
    expect(log(page)).to_contain_text(question, timeout=30_000)  # the open question, again
    assert_widget_in(page, "pl")  # followed from what was shown again
    again = log(page).locator(".csp-chat__message--bot", has_text=question)
    expect(again).to_have_attribute("lang", "pl")
    for button in log(page).locator(".csp-chat__choice").all():
        assert button.get_attribute("lang") in supported()
    check_axe(page)


def test_a_new_conversation_after_one_ended_starts_in_its_language(
    assistant: Assistant, page: Page
) -> None:
    page.clock.install()
    open_chat(page, assistant.web_url)
    choose(page, "ur")
    page.clock.fast_forward("10:01")
    ended = page.locator("[data-csp-ended]")
    expect(ended).to_be_visible()
    expect(ended.locator("p")).to_have_text(words("ur")["ended"].strip())
    expect(log(page)).to_be_empty()
    ended.get_by_role("button", name=words("ur")["restart"].strip()).click()
    wait_for_answer(page, 0)
    (greeting,) = last_answer(page)
    assert greeting.get_attribute("lang") == "ur" and ARABIC_SCRIPT.search(read(greeting))
    assert_widget_in(page, "ur")


# ---- a resident who just writes in their language ----
@pytest.mark.parametrize(
    ("code", "concern", "letters"),
    [
        ("ur", URDU_CONCERN, ARABIC_SCRIPT),
        ("pa-Arab", SHAHMUKHI_CONCERN, ARABIC_SCRIPT),
        ("pl", POLISH_CONCERN, POLISH_LETTERS),
    ],
    ids=["urdu", "shahmukhi", "polish"],
)
def test_the_widget_follows_the_language_the_assistant_recognises(
    assistant: Assistant, page: Page, code: str, concern: str, letters: re.Pattern[str]
) -> None:
    open_chat(page, assistant.web_url)
    assert_widget_in(page, "en")
    say(page, concern)
    answer = assert_answer_in(page, code, re.compile(r"\w"))
    assert letters.search(" ".join(read(message) for message in answer))
    assert written_language(" ".join(read(message) for message in answer)) == code
    assert_widget_in(page, code)
    greeting = log(page).locator(".csp-chat__message--bot").first  # said in English: stays so
    expect(greeting).to_have_attribute("lang", "en")
    expect(greeting).to_have_attribute("dir", "ltr")
    check_axe(page)


# ---- the menu ----
def test_the_language_menu_from_the_keyboard(assistant: Assistant, page: Page) -> None:
    sent: list[str] = []  # the messages the widget sends

    def keep(frame: str | bytes) -> None:
        if isinstance(frame, str) and frame.startswith('42["user_uttered"'):
            sent.append(json.loads(frame[2:])[1]["message"])

    page.on("websocket", lambda ws: ws.on("framesent", keep))
    open_chat(page, assistant.web_url)
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if focused(page) == "toggle":
            break
    else:
        pytest.fail("the language menu cannot be reached with Shift+Tab")
    name = toggle(page).evaluate("(el) => el.textContent.replace(/\\s+/g, ' ').trim()")
    assert name == "Language English"  # labelled, its visible words inside its name

    page.keyboard.press("Enter")
    expect(toggle(page)).to_have_attribute("aria-expanded", "true")
    assert focused(page) == "en"  # the language in use
    options = page.locator("[data-csp-language]")
    assert options.evaluate_all("(all) => all.map((el) => [el.lang, el.dir, el.textContent])") == [
        [code, language.dir, language.name] for code, language in supported().items()
    ]
    assert small_targets(page) == []
    screenshot(page, "widget-language-menu")
    check_axe(page)

    page.keyboard.press("Escape")  # closes the menu, not the chat
    expect(page.locator("[data-csp-languages]")).to_be_hidden()
    expect(page.locator("[data-csp-panel]")).to_be_visible()
    assert focused(page) == "toggle"

    page.keyboard.press("Space")
    for _ in range(len(supported())):
        if focused(page) == "pl":
            break
        page.keyboard.press("Tab")
    before = log(page).locator(ANSWERS).count()
    page.keyboard.press("Enter")
    assert focused(page) == "input"  # ready to write in it
    wait_for_answer(page, before)
    assert_widget_in(page, "pl")
    assert sent == ["/greet", '/choose_language{"language": "pl"}']


def test_the_language_menu_on_a_short_zoomed_screen(assistant: Assistant, browser: Browser) -> None:
    """A 1280x1024 laptop at 400%: the menu opens under the top bar, which stays in reach."""
    context = browser.new_context(viewport={"width": 320, "height": 256}, device_scale_factor=4)
    page = context.new_page()
    try:
        open_chat(page, assistant.web_url)
        toggle(page).click()
        for code in supported():
            box = option(page, code).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, code
        assert focused(page) == "en"
        assert option(page, "en").evaluate(
            """(el) => {
                const r = el.getBoundingClientRect();
                const bar = document.querySelector('.csp-chat__bar').getBoundingClientRect();
                return r.top >= bar.bottom - 1 && r.bottom <= window.innerHeight;
            }"""
        ), "the language in use is not in view when the menu opens"
        exit_button = page.locator("[data-csp-exit]").bounding_box()
        assert exit_button and exit_button["y"] >= 0
        assert small_targets(page) == []
        screenshot(page, "widget-language-menu-400pc")
        check_axe(page)
    finally:
        context.close()


# ---- right to left, as the channel sends a danger reply and a route ----
def urdu_replies() -> list[dict]:
    """The web chat's 999 reply in Urdu (and English), then Burnley's hate crime route in Urdu
    (its first door, and the others behind "More ways to get help")."""
    route = route_words(load_directory("ur"), "hate_crime", "burnley")
    assert route.more
    return [
        *said("utter_emergency", "ur"),
        *said("utter_route", "ur", lead=route.lead, more=route.more, route=route.text),
    ]


def test_right_to_left_layout_for_urdu(assistant: Assistant, page: Page) -> None:
    replies = urdu_replies()

    def forward(ws: WebSocketRoute, sent: str | bytes) -> None:
        if isinstance(sent, str) and sent.startswith('42["bot_uttered"') and GREETING in sent:
            for data in replies:
                ws.send("42" + json.dumps(["bot_uttered", data]))
        else:
            ws.send(sent)

    def between(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        ws.on_message(server.send)
        server.on_message(lambda sent: forward(ws, sent))

    page.route_web_socket(re.compile(r".*/socket\.io/.*"), between)
    page.goto(assistant.web_url)
    page.locator("[data-csp-launcher]").click()
    danger = log(page).locator(".csp-chat__message--danger")
    expect(danger).to_be_attached(timeout=30_000)
    route = log(page).locator(".csp-chat__message--bot", has=page.locator("details"))
    expect(route).to_be_attached(timeout=30_000)
    assert_widget_in(page, "ur")  # the widget follows what the assistant says

    # The danger reply: in Urdu, then in English, each said as such; the icon on the right.
    expect(danger).to_have_attribute("lang", "ur")
    expect(danger).to_have_attribute("dir", "rtl")
    assert ARABIC_SCRIPT.search(read(danger.locator(".govuk-warning-text__text")))
    english = danger.locator("[lang='en']:not(.govuk-visually-hidden)")
    assert english.count() == 2  # the warning's English and the text's
    for part in english.all():
        assert part.get_attribute("dir") == "ltr"
        assert all(paragraph in ENGLISH for paragraph in read(part).split("\n\n")), read(part)
    warning = danger.locator(".govuk-warning-text").bounding_box()
    icon = danger.locator(".govuk-warning-text__icon").bounding_box()
    assert warning and icon and abs(icon["x"] + icon["width"] - warning["x"] - warning["width"]) < 2
    words_box = danger.locator(".govuk-warning-text__text").evaluate(
        "(el) => [getComputedStyle(el).paddingRight, getComputedStyle(el).paddingLeft]"
    )
    assert words_box == ["45px", "0px"]
    expect(danger.get_by_role("link").first).to_have_attribute("href", "tel:999")

    # The route: the disclosure's arrow on the right, pointing left while it is closed.
    expect(route).to_have_attribute("dir", "rtl")
    summary = route.locator("summary")
    arrow = summary.evaluate(
        """(el) => {
            const s = getComputedStyle(el, '::before');
            return [s.right, s.left, s.clipPath, getComputedStyle(el).paddingRight];
        }"""
    )
    assert arrow[0] == "0px" and float(arrow[1].removesuffix("px")) > 0, arrow  # on the right
    assert arrow[2].startswith("polygon(100% 0%"), arrow
    assert arrow[3] == "25px"
    summary.click()
    more = route.locator(".govuk-details__text")
    assert more.evaluate(
        "(el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]"
    ) == ["5px", "0px"]
    for link in route.locator("a[href^='tel:']").all():  # numbers keep their order
        assert link.get_attribute("dir") == "ltr"
        assert link.get_attribute("href") == "tel:" + re.sub(r"\D", "", link.text_content())
    safety = page.locator(".csp-chat__safety").evaluate(
        "(el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]"
    )
    assert safety == ["10px", "0px"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "widget-urdu-right-to-left")
    check_axe(page)
