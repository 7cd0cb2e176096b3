"""What the dashboard's requests share: the concern database, the officers' accounts and the
trend queries, made once per application."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from bot.concern_log.store import ConcernStore, database_url
from bot.officers.accounts import OfficerAccounts
from bot.trends.queries import TrendQueries, read_engine


@dataclass(frozen=True)
class Services:
    store: ConcernStore
    accounts: OfficerAccounts
    trends: TrendQueries


def services(app: Flask | None = None) -> Services:
    """The app's services; the schema is brought up to date the first time."""
    app = app or current_app
    found = app.extensions.get("csp_dashboard")
    if found is None:
        store = ConcernStore(app.config.get("DATABASE_URL") or database_url())
        store.upgrade()
        found = Services(store, OfficerAccounts(store.engine), TrendQueries(read_engine(store.url)))
        app.extensions["csp_dashboard"] = found
    return found
