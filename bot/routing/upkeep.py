"""Keeping the directory true: which contacts have not been checked for a while, and whether
every web address it holds still answers. Both only report; neither changes any data.

`csp-bot directory audit` and the officers' dashboard list the same stale contacts
(`stale_contacts`); `csp-bot directory check-links` checks every address (`check_links`).
docs/maintaining.md tells a keeper what to do with what they report.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

import requests
from dateutil.relativedelta import relativedelta

from bot.routing.directory import Contact, Directory

STALE_AFTER_MONTHS = 6
USER_AGENT = "csp-bot directory check-links (Pennine Lancashire CSP; a keeper's link check)"


@dataclass(frozen=True)
class StaleContact:
    contact_id: str
    contact: Contact
    months: int  # whole months since it was last checked


def stale_contacts(
    directory: Directory, today: date, months: int = STALE_AFTER_MONTHS
) -> list[StaleContact]:
    """Contacts last checked `months` or more months before `today`, the oldest first."""
    cutoff = today - relativedelta(months=months)
    stale = []
    for contact_id, contact in directory.contacts.items():
        if contact.checked <= cutoff:
            age = relativedelta(today, contact.checked)
            stale.append(StaleContact(contact_id, contact, age.years * 12 + age.months))
    return sorted(stale, key=lambda s: (s.contact.checked, s.contact_id))


def web_addresses(directory: Directory) -> dict[str, list[str]]:
    """Every web address in the contacts, with where it is used ('police_101 web', ... source)."""
    used: dict[str, list[str]] = {}
    for contact_id, contact in directory.contacts.items():
        if contact.web:
            used.setdefault(contact.web, []).append(f"{contact_id} web")
        for source in contact.source:
            used.setdefault(source, []).append(f"{contact_id} source")
    return used


Verdict = Literal["ok", "moved", "home page", "redirects to a home page", "dead", "unreachable"]
PROBLEMS: tuple[Verdict, ...] = ("home page", "redirects to a home page", "dead", "unreachable")


@dataclass(frozen=True)
class LinkResult:
    url: str
    verdict: Verdict
    status: int | None
    final_url: str | None
    detail: str = ""

    @property
    def problem(self) -> bool:
        return self.verdict in PROBLEMS


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def check_link(session: requests.Session, url: str, timeout: float) -> LinkResult:
    """What one address does now: answers, moves, lands on a home page, or is dead."""
    try:
        response = session.get(url, timeout=timeout, allow_redirects=True, stream=True)
        response.close()
    except requests.RequestException as error:
        return LinkResult(url, "unreachable", None, None, type(error).__name__)
    final = response.url
    if response.status_code >= 400:
        return LinkResult(url, "dead", response.status_code, final)
    if response.history and is_home_page(final) and not is_home_page(url):
        return LinkResult(url, "redirects to a home page", response.status_code, final)
    if is_home_page(url):
        return LinkResult(url, "home page", response.status_code, final)
    if response.history and final.rstrip("/") != url.rstrip("/"):
        return LinkResult(url, "moved", response.status_code, final)
    return LinkResult(url, "ok", response.status_code, final)


def check_links(urls: Iterable[str], timeout: float = 10.0, workers: int = 8) -> list[LinkResult]:
    """Checks every address (a few at a time), in the order given."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda url: check_link(session, url, timeout), urls))
