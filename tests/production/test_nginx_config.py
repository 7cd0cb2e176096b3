"""nginx's configuration as rendered from deploy/nginx.conf.template, checked by nginx itself."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from bot.directory import Directory
from bot.production import (
    NGINX,
    TEMPLATE,
    Layout,
    environment,
    nginx_values,
    render,
    write_nginx_config,
)
from bot.service_faults import apology_values


def test_the_rendered_configuration_passes_nginx_own_check(tmp_path: Path) -> None:
    layout = Layout()
    config = write_nginx_config(layout, environment(layout, {}), tmp_path)
    text = config.read_text()
    assert not re.search(r"\$\{[A-Z]", text)  # every placeholder filled
    assert "server 127.0.0.1:5005" in text and "server 127.0.0.1:5006" in text
    check = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_other_hosts_come_from_the_environment(tmp_path: Path) -> None:
    layout = Layout()
    env = environment(layout, {"CSP_RASA_2": "10.1.2.3:5005", "CSP_TRUSTED_PROXIES": "10.9.9.9"})
    text = render(TEMPLATE.read_text(), nginx_values(layout, env, tmp_path))
    assert "server 10.1.2.3:5005" in text and "set_real_ip_from 10.9.9.9;" in text


def test_a_missing_variable_is_named() -> None:
    with pytest.raises(KeyError, match="CSP_WEB"):
        render("upstream web { server ${CSP_WEB}; }", {})


def test_nginx_own_apology_is_the_domain_response_with_the_directory_numbers(
    tmp_path: Path, directory: Directory
) -> None:
    text = render(TEMPLATE.read_text(), nginx_values(Layout(), environment(Layout(), {}), tmp_path))
    reply = re.search(r"return 503 '(.*)';", text).group(1)
    assert "'" not in reply
    (message,) = json.loads(reply)
    assert "something has gone wrong on our side" in message["text"]
    for number in apology_values(directory, None).values():
        assert number in message["text"]
