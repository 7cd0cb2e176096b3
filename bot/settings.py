"""Every environment variable the assistant reads, and every server's default port, in one place.

Modules used to read os.environ themselves, each with its own default, and the same port was
written in several files. Here each variable is a field of `Settings`: the variable is the
field's name in capitals (`csp_rate_per_sender` is CSP_RATE_PER_SENDER), with its type and the
value used when it is unset. docs/deploy.md's table lists the same variables, and
tests/unit/test_settings.py checks that the two agree.

Some variables are read only by Rasa (endpoints.production.yml, credentials.yml) or by nginx
(deploy/nginx.conf.template); the project passes them on to the servers it starts. Their
defaults here are what it passes on. Child processes still inherit the whole environment
(bot/serving/supervisor.py); `Settings.from_environ` only reads it.

A value that cannot be read (a port that is not a number) stops with SettingsError, which
names the variable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, get_args, get_type_hints


@dataclass(frozen=True)
class Ports:
    """The default port of every server. `make run` (embedded profile): Rasa on `rasa`, the
    action server on `actions`, the web server on `public`. `make run-prod` (production
    profile): nginx on `public`, the Rasa servers on `rasa` and `rasa_2`, the action servers
    on `actions` and `actions_2` behind nginx's loopback listener on `actions_balancer`, and
    the web server on `web_behind_nginx`."""

    rasa: int = 5005
    rasa_2: int = 5006
    actions: int = 5055
    actions_2: int = 5056
    actions_balancer: int = 5054
    public: int = 8080
    web_behind_nginx: int = 8081
    postgres: int = 5432
    redis: int = 6379


PORTS = Ports()


def loopback(port: int) -> str:
    return f"127.0.0.1:{port}"


def local_origins(port: int) -> str:
    """The web origins of a server on this machine (CSP_CHAT_ORIGINS' form)."""
    return f"http://localhost:{port} http://127.0.0.1:{port}"


def action_endpoint(port: int) -> str:
    """Where Rasa calls the action servers: nginx's loopback listener on `port`."""
    return f"http://127.0.0.1:{port}/webhook"


class SettingsError(ValueError):
    """An environment variable's value cannot be read; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """One field per environment variable: CSP_RATE_PER_SENDER is `csp_rate_per_sender`."""

    # Read by the project's own code.
    database_url: str = ""  # the concern log; empty: the SQLite file var/concerns.db
    csp_data_dir: Path | None = None  # None: the repository's data/ folder
    csp_secret_key: str = ""  # signs officers' sessions; empty: a random key at each start
    csp_secure_cookies: bool = False  # "1" (and only "1") when the site is served over HTTPS
    csp_frame_ancestors: tuple[str, ...] = ()  # sites that may frame the site's pages
    csp_chat_server: str = f"http://localhost:{PORTS.rasa}"  # where the widget finds socket.io
    csp_default_borough: str = ""  # the borough the demo council page is for; empty: none
    csp_chat_origins: tuple[str, ...] | None = None  # None: the chat channels allow any origin
    csp_rate_per_sender: float = 30.0  # messages a minute per conversation
    csp_rate_burst_per_sender: int = 10
    csp_rate_per_address: float = 1200.0  # per network address, in the REST channel
    csp_rate_burst_per_address: int = 200
    csp_turn_timeout_seconds: float = 10.0
    csp_nginx_wait_seconds: float = 15.0  # also nginx's proxy_read_timeout
    # Passed on to Rasa.
    redis_host: str = "localhost"
    redis_port: int = PORTS.redis
    redis_password: str = ""
    redis_tracker_db: int = 1
    redis_lock_db: int = 2
    action_endpoint_url: str = action_endpoint(PORTS.actions_balancer)
    ticket_lock_lifetime: int = 15  # Rasa's own default, when nothing passes it on, is 60
    facebook_verify_token: str = ""
    facebook_app_secret: str = ""
    facebook_page_access_token: str = ""
    facebook_graph_api: str = ""  # empty: Meta's (bot/messenger/settings.py)
    rasa_telemetry_enabled: str = "false"
    # Passed on to nginx (placeholders of deploy/nginx.conf.template).
    csp_trusted_proxies: str = "127.0.0.1"
    csp_nginx_rate_per_address: str = "20r/s"
    csp_nginx_burst_per_address: int = 200
    csp_nginx_sockets_per_address: int = 200
    csp_rasa_1: str = loopback(PORTS.rasa)
    csp_rasa_2: str = loopback(PORTS.rasa_2)
    csp_actions_1: str = loopback(PORTS.actions)
    csp_actions_2: str = loopback(PORTS.actions_2)
    csp_web: str = loopback(PORTS.web_behind_nginx)
    csp_public_listen: str = str(PORTS.public)
    csp_actions_listen: str = loopback(PORTS.actions_balancer)

    @classmethod
    def from_environ(
        cls, environ: Mapping[str, str] | None = None, only: Collection[str] | None = None
    ) -> Settings:
        """The settings in `environ` (the process's environment by default), typed. Every
        variable is read, so that a server stops at start on any value it cannot read; `only`
        names the fields to read instead (the rest keep their defaults), for what is read when
        a module is imported."""
        environ = os.environ if environ is None else environ
        kinds = get_type_hints(cls)
        if only is not None and not set(only) <= set(kinds):
            raise ValueError(f"not settings: {', '.join(sorted(set(only) - set(kinds)))}")
        values: dict[str, Any] = {}
        for name, kind in kinds.items():
            if variable(name) in environ and (only is None or name in only):
                values[name] = _read(variable(name), kind, environ[variable(name)])
        return cls(**values)


def variable(field_name: str) -> str:
    """The environment variable of a field of Settings."""
    return field_name.upper()


def variables() -> tuple[str, ...]:
    """Every environment variable declared here."""
    return tuple(variable(item.name) for item in fields(Settings))


DEFAULTS = Settings()
# Read by Rasa from credentials.yml, which will not start while one is unset.
MESSENGER_VARIABLES = tuple(name for name in variables() if name.startswith("FACEBOOK_"))
# What `make run-prod` gives every server for a variable the environment leaves unset: this
# machine's PostgreSQL and Redis, and the values it passes on to Rasa and nginx.
PRODUCTION_DEFAULTS = {
    "DATABASE_URL": f"postgresql+psycopg2://postgres@localhost:{PORTS.postgres}/csp",
    "REDIS_HOST": DEFAULTS.redis_host,
    "REDIS_PORT": str(DEFAULTS.redis_port),
    "REDIS_PASSWORD": DEFAULTS.redis_password,
    "REDIS_TRACKER_DB": str(DEFAULTS.redis_tracker_db),
    "REDIS_LOCK_DB": str(DEFAULTS.redis_lock_db),
    "CSP_TRUSTED_PROXIES": DEFAULTS.csp_trusted_proxies,
    # A conversation's lock in Redis outlives a dead server's turn by this long (Rasa's default
    # is 60 s, during which the resident's retry would wait and get the apology). Every live
    # turn ends within CSP_TURN_TIMEOUT_SECONDS (10 s) and gives the lock back, so 15 s is safe.
    "TICKET_LOCK_LIFETIME": str(DEFAULTS.ticket_lock_lifetime),
    # nginx's wait for a turn; the Rasa servers fit each turn into what is left of it.
    "CSP_NGINX_WAIT_SECONDS": f"{DEFAULTS.csp_nginx_wait_seconds:g}",
    # A busy library: 30 residents typing at once send a few messages a second between them;
    # a flood from one address is still cut off (docs/deploy.md, "Rate limits").
    "CSP_NGINX_RATE_PER_ADDRESS": DEFAULTS.csp_nginx_rate_per_address,
    "CSP_NGINX_BURST_PER_ADDRESS": str(DEFAULTS.csp_nginx_burst_per_address),
    "CSP_NGINX_SOCKETS_PER_ADDRESS": str(DEFAULTS.csp_nginx_sockets_per_address),
}


def production_defaults(
    public_port: int = PORTS.public, actions_balancer_port: int = PORTS.actions_balancer
) -> dict[str, str]:
    """PRODUCTION_DEFAULTS and the addresses that follow from nginx's ports."""
    return {
        **PRODUCTION_DEFAULTS,
        "ACTION_ENDPOINT_URL": action_endpoint(actions_balancer_port),
        "CSP_CHAT_ORIGINS": local_origins(public_port),
    }


def _words(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def _flag(value: str) -> bool:
    return value == "1"


# How a value of each type is read from its text, and what it must look like.
_READERS: dict[object, tuple[Callable[[str], object], str]] = {
    str: (str, "text"),
    int: (int, "a whole number"),
    float: (float, "a number"),
    bool: (_flag, "1 for on"),
    Path: (Path, "a path"),
    tuple[str, ...]: (_words, "a space-separated list"),
}


def _read(name: str, kind: object, text: str) -> object:
    if isinstance(kind, UnionType):  # `X | None`: the value, when set, is an X
        (kind,) = [option for option in get_args(kind) if option is not NoneType]
    reader, looks_like = _READERS[kind]
    try:
        return reader(text)
    except ValueError:
        raise SettingsError(f"{name} must be {looks_like}, not {text!r}") from None
