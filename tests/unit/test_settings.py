"""bot/settings.py against docs/deploy.md, the deployment files and the code (issue #17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import paths
from bot.settings import (
    PORTS,
    Settings,
    SettingsError,
    production_defaults,
    variable,
    variables,
)

DEPLOY_DOC = paths.PROJECT_ROOT / "docs" / "deploy.md"
NAME = re.compile(r"`([A-Z][A-Z0-9_]*)`")
PLAIN_DEFAULT = re.compile(r"`([^`]*)`(?:, `([^`]*)`)*")
# Placeholders of deploy/nginx.conf.template that the renderer fills itself (bot/serving/production.py),
# not from the environment.
RENDERER_PLACEHOLDERS = {"CSP_NGINX_RUN_DIR", "CSP_MAX_BODY_BYTES", "CSP_FAULT_REPLY_JSON"}


def table(heading: str) -> list[list[str]]:
    """The cells of each row of the first table under `heading` in docs/deploy.md."""
    section = DEPLOY_DOC.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1]
    rows = [line for line in section.split("\n\n## ")[0].splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[2:]]


def documented() -> dict[str, str]:
    """Each variable of the environment table, with its row's `make run-prod` default cell."""
    return {
        name: row[-1] for row in table("## Environment variables") for name in NAME.findall(row[0])
    }


def plain_defaults() -> dict[str, str]:
    """The defaults the table gives as plain values: one backticked value per variable."""
    plain = {}
    for row in table("## Environment variables"):
        names = NAME.findall(row[0])
        values = re.findall(r"`([^`]*)`", row[-1])
        if PLAIN_DEFAULT.fullmatch(row[-1]) and len(values) == len(names):
            plain.update(zip(names, values, strict=True))
    return plain


def placeholders(path: Path) -> set[str]:
    """The ${NAMES} a deployment file fills in, outside its comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", text))


def test_every_documented_variable_is_declared_and_every_declared_one_documented() -> None:
    assert len(documented()) > 30
    assert set(documented()) - set(variables()) == set(), "in docs/deploy.md, not bot/settings.py"
    assert set(variables()) - set(documented()) == set(), "in bot/settings.py, not docs/deploy.md"


def test_the_documented_defaults_are_the_ones_make_run_prod_gives() -> None:
    given = Settings.from_environ(production_defaults())
    plain = plain_defaults()
    assert {"DATABASE_URL", "REDIS_PORT", "CSP_RATE_PER_SENDER", "CSP_PUBLIC_LISTEN"} <= set(plain)
    for name, text in plain.items():
        field = name.lower()
        documented_value = getattr(Settings.from_environ({name: text}), field)
        assert documented_value == getattr(given, field), f"{name}: docs/deploy.md says {text}"


def test_the_ports_table_lists_the_production_ports() -> None:
    documented_ports = {
        int(port)
        for row in table("## Try it on one machine: `make run-prod`")
        for port in re.findall(r"\b\d{4}\b", row[0] + " " + row[1])
    }
    assert documented_ports == {
        PORTS.public,
        PORTS.rasa,
        PORTS.rasa_2,
        PORTS.actions,
        PORTS.actions_2,
        PORTS.actions_balancer,
        PORTS.web_behind_nginx,
    }


def test_every_variable_the_deployment_files_name_is_declared() -> None:
    root = paths.PROJECT_ROOT
    named = (
        placeholders(root / "deploy" / "nginx.conf.template")
        | placeholders(root / "endpoints.production.yml")
        | placeholders(root / "credentials.yml")
        | set(
            re.findall(
                r"^([A-Z][A-Z0-9_]*)=", (root / "deploy" / "csp.env.example").read_text(), re.M
            )
        )
    )
    undeclared = {
        name
        for name in named - set(variables()) - RENDERER_PLACEHOLDERS
        if not name.endswith("_STATE")  # which upstream servers are ready, also the renderer's
    }
    assert undeclared == set()


def test_every_variable_the_code_names_is_declared() -> None:
    pattern = re.compile(
        r"\b(?:CSP_[A-Z0-9_]*[A-Z0-9]|REDIS_[A-Z_]*[A-Z]|FACEBOOK_[A-Z_]*[A-Z]|DATABASE_URL"
        r"|ACTION_ENDPOINT_URL|TICKET_LOCK_LIFETIME)\b"
    )
    sources = [*(paths.PROJECT_ROOT / "bot").rglob("*.py")]
    sources += (paths.PROJECT_ROOT / "csp_components").rglob("*.py")
    named = {name for source in sources for name in pattern.findall(source.read_text("utf-8"))}
    assert {"DATABASE_URL", "CSP_CHAT_ORIGINS", "CSP_RASA_1"} <= named
    undeclared = {
        name
        for name in named - set(variables()) - RENDERER_PLACEHOLDERS
        if not name.endswith("_STATE")
    }
    assert undeclared == set()


def test_values_are_read_typed() -> None:
    settings = Settings.from_environ(
        {
            "REDIS_PORT": "6380",
            "CSP_RATE_PER_SENDER": "12.5",
            "CSP_RATE_BURST_PER_SENDER": "4",
            "CSP_SECURE_COOKIES": "1",
            "CSP_FRAME_ANCESTORS": "https://a.gov.uk  https://b.gov.uk",
            "CSP_CHAT_ORIGINS": "",
            "CSP_DATA_DIR": "/srv/csp-data",
            "DATABASE_URL": "sqlite:///x.db",
            "SOMETHING_ELSE": "ignored",
        }
    )
    assert settings.redis_port == 6380
    assert settings.csp_rate_per_sender == 12.5
    assert settings.csp_rate_burst_per_sender == 4
    assert settings.csp_secure_cookies is True
    assert settings.csp_frame_ancestors == ("https://a.gov.uk", "https://b.gov.uk")
    assert settings.csp_chat_origins == ()  # set but empty: no origin, unlike unset (any)
    assert settings.csp_data_dir == Path("/srv/csp-data")
    assert settings.database_url == "sqlite:///x.db"


def test_unset_variables_take_their_defaults() -> None:
    settings = Settings.from_environ({})
    assert settings == Settings()
    assert settings.csp_chat_origins is None and settings.csp_data_dir is None
    assert settings.csp_turn_timeout_seconds == 10 and settings.csp_rate_per_address == 1200
    assert settings.csp_chat_server == f"http://localhost:{PORTS.rasa}"
    assert variable("csp_rate_per_sender") == "CSP_RATE_PER_SENDER"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("REDIS_PORT", "six thousand", "REDIS_PORT must be a whole number, not 'six thousand'"),
        ("CSP_RATE_BURST_PER_SENDER", "2.5", "CSP_RATE_BURST_PER_SENDER must be a whole number"),
        ("CSP_TURN_TIMEOUT_SECONDS", "10s", "CSP_TURN_TIMEOUT_SECONDS must be a number"),
    ],
)
def test_a_value_that_cannot_be_read_names_its_variable(
    name: str, value: str, expected: str
) -> None:
    with pytest.raises(SettingsError, match=re.escape(expected)):
        Settings.from_environ({name: value})


def test_only_reads_the_named_fields() -> None:
    environ = {"CSP_DATA_DIR": "/srv/csp-data", "REDIS_PORT": "not a port"}
    assert Settings.from_environ(environ, only={"csp_data_dir"}).csp_data_dir == Path(
        "/srv/csp-data"
    )
    with pytest.raises(ValueError, match="not settings: csp_data_folder"):
        Settings.from_environ(environ, only={"csp_data_folder"})
