"""nginx's configuration as rendered from deploy/nginx.conf.template, checked by nginx itself."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from bot.routing.directory import Directory
from bot.routing.service_faults import apology_values
from bot.serving.production import (
    NGINX,
    TEMPLATE,
    Layout,
    environment,
    nginx_values,
    render,
    write_nginx_config,
)

pytestmark = pytest.mark.nginx  # nginx -t checks each rendered configuration


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


def test_only_ready_servers_get_traffic_and_none_is_ever_marked_failed(tmp_path: Path) -> None:
    layout = Layout()
    config = write_nginx_config(
        layout, environment(layout, {}), tmp_path, frozenset({"rasa 2", "action server 1"})
    )
    text = config.read_text()
    assert text.count("server 127.0.0.1:5005 max_fails=0 down;") == 2  # REST and socket.io
    assert text.count("server 127.0.0.1:5006 max_fails=0;") == 2
    assert "server 127.0.0.1:5055 max_fails=0;" in text
    assert "server 127.0.0.1:5056 max_fails=0 down;" in text
    assert "max_fails=1" not in text
    check = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    nobody = write_nginx_config(layout, environment(layout, {}), tmp_path, frozenset())
    check = subprocess.run([NGINX, "-t", "-c", str(nobody)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr  # all down: nginx gives the apology itself


def test_no_address_in_any_log_format_and_no_body_spooled_to_disk(tmp_path: Path) -> None:
    layout = Layout()
    text = write_nginx_config(layout, environment(layout, {}), tmp_path).read_text()
    for log_format in re.findall(r"log_format [^;]*;", text, re.S):
        assert "remote_addr" not in log_format and "forwarded_for" not in log_format
    assert re.search(r"^\s*error_log stderr", text, re.M)  # through bot/serving/addresses.py
    assert "proxy_max_temp_file_size 0;" in text
    for location in re.split(r"\n\s*location ", text)[1:]:  # each up to the next
        limit = re.search(r"client_max_body_size (\S+);", location)
        if limit:  # every location that takes a body keeps the whole of it in memory
            assert f"client_body_buffer_size {limit.group(1)};" in location, location
    assert len(re.findall(r"client_body_buffer_size", text)) >= 5
