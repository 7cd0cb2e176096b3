"""The production topology on loopback: two Rasa servers share conversations through Redis, nginx
balances and fails over, Redis down has a documented answer (docs/deploy.md), and nginx adds the
edge protections. Tests that stop a server release it to the supervisor when they end."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.concern_log.store import ConcernStore
from bot.routing.advice import route_words
from bot.routing.directory import Directory, load_directory
from bot.routing.service_faults import apology_values
from tests.e2e.conftest import button_payload, button_titles, texts
from tests.production.conftest import Resident, Topology

pytestmark = pytest.mark.e2e

APOLOGY = "something has gone wrong on our side"


class SocketIO:
    """A socket.io client speaking the protocol over HTTP long-polling, as a browser's widget
    does before it upgrades: https://socket.io/docs/v4/socket-io-protocol/"""

    def __init__(self, base_url: str, origin: str) -> None:
        self.url = f"{base_url}/socket.io/"
        self.http = requests.Session()
        self.http.headers["Origin"] = origin
        opened = self.http.get(self.url, params={"EIO": 4, "transport": "polling"}, timeout=30)
        self.params = {"EIO": 4, "transport": "polling", "sid": json.loads(opened.text[1:])["sid"]}

    def send(self, packet: str) -> None:
        self.http.post(self.url, params=self.params, data=packet, timeout=30).raise_for_status()

    def packets(self) -> list[str]:
        return self.http.get(self.url, params=self.params, timeout=60).text.split("\x1e")

    def connect(self) -> str:
        self.send("40")
        return self.packets()[0]

    def emit(self, event: str, data: dict) -> None:
        self.send("42" + json.dumps([event, data]))

    def receive(self, event: str) -> list:
        for _ in range(10):
            for packet in self.packets():
                if packet.startswith("42") and json.loads(packet[2:])[0] == event:
                    return json.loads(packet[2:])[1:]
        raise AssertionError(f"no {event} event")


def slot(topology: Topology, sender: str, name: str, n: int = 1) -> object:
    return topology.tracker(sender, n)["slots"][name]


def test_turns_alternating_between_the_two_rasa_servers_stay_coherent(
    topology: Topology,
) -> None:
    one, two = topology.rasa(1), topology.rasa(2)
    resident = Resident()
    asked = resident.say(one, "the street light on our road has been broken for weeks")
    assert "Pendle" in button_titles(asked)
    routed = texts(resident.say(two, button_payload(asked, "Pendle")))
    assert "Lancashire County Council" in routed  # the concern asked on 1 was remembered on 2
    assert slot(topology, resident.sender, "borough", 1) == "pendle"
    again = texts(resident.say(one, "someone has dumped a mattress in the back lane as well"))
    assert "Pendle" in again and "Which area" not in again  # the borough given on 2, kept on 1

    store = ConcernStore(topology.database_url)
    before = store.count()
    offer = resident.say(two, "the street light on our road is broken")
    assert "log this anonymously" in texts(offer)
    assert "what is happening" in texts(resident.say(one, button_payload(offer, "Yes, log it")))
    assert "logged anonymously" in texts(resident.say(two, "dark all night, feels unsafe"))
    rows = list(store.rows())
    assert len(rows) == before + 1 and rows[-1]["borough"] == "pendle"
    store.engine.dispose()


def test_nginx_spreads_turns_over_both_servers_and_conversations_hold(
    topology: Topology,
) -> None:
    def conversation(_: int) -> str:
        resident = Resident()
        asked = resident.say(topology.public, "there are people begging aggressively in town")
        return texts(resident.say(topology.public, button_payload(asked, "Burnley")))

    with ThreadPoolExecutor(max_workers=4) as pool:
        replies = list(pool.map(conversation, range(8)))
    assert all("Burnley" in reply for reply in replies), replies
    log = (topology.logs / "nginx" / "access.log").read_text()
    # The server that answered: the last one named (nginx lists each it tried).
    tried = re.findall(r'"POST /webhooks/rest/webhook" 200 \S+ (.+)$', log, re.M)
    used = {line.split(", ")[-1] for line in tried}
    assert used == {f"127.0.0.1:{port}" for port in topology.layout.rasa_ports}, used


def test_redis_down_gets_the_apology_quickly_and_recovers_without_a_restart(
    topology: Topology, directory: Directory
) -> None:
    resident = Resident()
    asked = resident.say(topology.public, "the street light on our road has been broken for weeks")
    topology.redis.cut()
    try:
        started = time.monotonic()
        response = resident.post(topology.public, button_payload(asked, "Hyndburn"))
        took = time.monotonic() - started
    finally:
        topology.redis.restore()
    assert response.status_code == 503, (response.status_code, response.text[:300])
    assert response.headers["Retry-After"]
    reply = texts(response.json())
    assert APOLOGY in reply
    for number in apology_values(directory, None).values():
        assert number in reply
    assert took < 10, took  # the Rasa server's turn limit, not nginx's or a client's

    # Redis is back: the same conversation carries on where it was, on the same servers.
    routed = texts(resident.say(topology.public, button_payload(asked, "Hyndburn")))
    assert "Lancashire County Council" in routed and APOLOGY not in routed


def test_one_action_server_down_is_not_noticed(topology: Topology) -> None:
    topology.supervisor.hold("action server 1")
    try:
        # A message with one clear door, so that the route (the action server's work) comes at
        # once: "cars racing up and down" is both speeding and dangerous driving, and is asked.
        message = "someone keeps driving dangerously on the main road in rawtenstall, overtaking"
        route = route_words(load_directory(), "road_dangerous_driving", "rossendale")
        first_door = route.lead.split("\n\n")[-1]
        for _ in range(4):  # whichever action server nginx would have picked
            reply = texts(Resident().say(topology.public, message))
            assert first_door in reply and APOLOGY not in reply
    finally:
        topology.supervisor.release("action server 1")


def test_nginx_refuses_oversized_requests_and_limits_each_address(topology: Topology) -> None:
    big = requests.post(
        f"{topology.public}/webhooks/rest/webhook",
        json={"sender": "prod-big", "message": "x" * 100_000},
        timeout=30,
    )
    assert big.status_code == 413 and big.json()["error"]

    def burst(address: str) -> list[int]:
        resident = Resident(forwarded_for=address)
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(
                pool.map(lambda _: resident.post(topology.public, "").status_code, range(800))
            )

    flooding = burst("203.0.113.7")  # empty messages: refused by Rasa, so this is cheap
    # A flood from one address is cut off after the burst (200), however many conversations.
    assert set(flooding) == {400, 429} and flooding.count(429) >= 200, Counter(flooding)
    assert Resident(forwarded_for="198.51.100.9").post(topology.public, "").status_code == 400


def test_headers_cors_and_the_socketio_origin_allow_list(topology: Topology) -> None:
    page = requests.get(f"{topology.public}/", timeout=30)
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors" in page.headers["Content-Security-Policy"]
    chat = Resident().post(topology.public, "hello")
    assert chat.headers["X-Content-Type-Options"] == "nosniff"
    assert chat.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert chat.headers["Cache-Control"] == "no-store"

    allowed, foreign = topology.public, "https://evil.example"
    for origin, expected in ((allowed, allowed), (foreign, None)):
        preflight = requests.options(
            f"{topology.public}/webhooks/rest/webhook",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
            timeout=30,
        )
        assert preflight.headers.get("Access-Control-Allow-Origin") == expected

    assert SocketIO(topology.public, foreign).connect().startswith("44")  # refused
    widget = SocketIO(topology.public, allowed)
    assert widget.connect().startswith("40")
    session = uuid.uuid4().hex  # the form the channel hands out
    widget.emit("session_request", {"session_id": session})
    assert widget.receive("session_confirm") == [session]
    widget.emit("user_uttered", {"message": "hello", "session_id": session})
    assert "999" in widget.receive("bot_uttered")[0]["text"]


def test_stopping_a_rasa_server_mid_conversation_loses_nothing_then_both(
    topology: Topology,
) -> None:
    resident = Resident()
    asked = resident.say(topology.public, "some lads keep shouting racist stuff at me")
    routed = texts(resident.say(topology.public, button_payload(asked, "Rossendale")))
    assert "report-it.org.uk" in routed
    topology.supervisor.hold("rasa 1")
    for _ in range(3):  # whichever server nginx would have picked, the conversation goes on
        reply = texts(resident.say(topology.public, "also someone dumped a sofa by the river"))
        assert "Rossendale" in reply and "Which area" not in reply
    tracker = topology.tracker(resident.sender, n=2)
    assert tracker["slots"]["borough"] == "rossendale"
    users = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert len(users) == 5 and users[0] == "some lads keep shouting racist stuff at me"
    topology.supervisor.hold("rasa 2")  # and now neither: nginx answers with the same apology
    try:
        response = resident.post(topology.public, "are you still there")
    finally:
        topology.supervisor.release("rasa 1")
        topology.supervisor.release("rasa 2")
    assert response.status_code == 503 and response.headers["Retry-After"]
    (message,) = response.json()
    assert APOLOGY in message["text"] and "999" in message["text"] and "101" in message["text"]
