"""How long a REST turn may take (csp_components/channels/rest.py): the turn timeout, or what is left of
nginx's wait when nginx took the turn a while ago, so a turn never ends after nginx gave up."""

from __future__ import annotations

from csp_components.channels.rest import MARGIN_SECONDS, turn_budget


def test_without_nginx_a_turn_gets_the_turn_timeout() -> None:
    assert turn_budget(None, 1000.0, 10.0, 15.0) == 10.0
    assert turn_budget("garbage", 1000.0, 10.0, 15.0) == 10.0
    assert turn_budget("t=nan", 1000.0, 10.0, 15.0) == 10.0


def test_a_late_turn_gets_what_is_left_of_nginx_wait() -> None:
    assert turn_budget("t=999.0", 1000.0, 10.0, 15.0) == 10.0  # taken 1 s ago
    assert turn_budget("t=990.0", 1000.0, 10.0, 15.0) == 5.0 - MARGIN_SECONDS  # 10 s ago
    assert turn_budget("t=970.0", 1000.0, 10.0, 15.0) < 0  # frozen 30 s: nothing left
