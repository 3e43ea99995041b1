"""Sessions in a real Redis: pseudonymous, expiring, erasable, and surviving a restart.

A Redis server of its own is started for this module (so it can be restarted), and the
assistant runs as a real process with REDIS_URL and LOG_LEVEL=DEBUG. After 50 scripted
conversations with known ids and canary texts: no id in any Redis key or value, every key
expires within SESSION_TTL, no canary in any log line or database table.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from bot.paths import PROJECT_DIR
from bot.pseudonyms import Pseudonymizer
from tests.conftest import TEST_SECRET, WEBHOOK, free_port

SESSION_TTL = 600
CONVERSATIONS = 50
SCRIPT = [
    "hello {canary}",
    "what must be in my work contract {canary}",
    "I am in Sweden",
    "who can I call? {canary}",
    '/start_selfcheck{{"selfcheck_reset":null}}',
    "no",
    "меня заперли {canary}",
]
REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server not installed")


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            REDIS_SERVER or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            if client.ping():
                return process
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis did not start")


class Stack:
    """A Redis of its own and the assistant using it."""

    def __init__(self, tmp: Path, redis_port: int | None = None) -> None:
        tmp.mkdir(parents=True, exist_ok=True)
        self.redis_port, self.port = redis_port or free_port(), free_port()
        self.log = tmp / "server.log"
        self.db = tmp / "assistant.db"
        if redis_port is None:
            self.redis = start_redis(self.redis_port)
        env = {
            **os.environ,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SESSION_TTL": str(SESSION_TTL),
            "SESSION_SECRET": TEST_SECRET,
            "DATABASE_URL": f"sqlite:///{self.db}",
            "XDG_STATE_HOME": str(tmp),
            "LOG_LEVEL": "DEBUG",
        }
        with self.log.open("w") as out:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "--port", str(self.port)],
                cwd=PROJECT_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.server.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError("assistant did not start")

    @classmethod
    def sharing(cls, other: Stack, tmp: Path) -> Stack:
        """A second assistant process on the same Redis."""
        return cls(tmp, redis_port=other.redis_port)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.redis_port)

    def say(self, sender: str, message: str) -> httpx.Response:
        return httpx.post(
            f"{self.base}{WEBHOOK}", json={"sender": sender, "message": message}, timeout=30
        )

    def restart_redis(self) -> None:
        self.redis.terminate()
        self.redis.wait(timeout=10)
        self.redis = start_redis(self.redis_port)

    def stop_server(self) -> None:
        if self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=30)

    def close(self) -> None:
        self.stop_server()
        self.redis.terminate()
        self.redis.wait(timeout=10)


@pytest.fixture(scope="module")
def stack(model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("redis-stack"))
    yield running
    running.close()


def sender(i: int) -> str:
    return f"canary-sender-{i:02d}-7Q"


def canary(i: int) -> str:
    return f"canarytext{i:02d}zz"


@pytest.fixture(scope="module")
def conversations(stack: Stack) -> list[str]:
    """50 conversations, each with its own id and canary text; all answered."""
    for i in range(CONVERSATIONS):
        for line in SCRIPT:
            response = stack.say(sender(i), line.format(canary=canary(i)))
            assert response.status_code == 200 and response.json(), response.text
            assert all(r["recipient_id"] == sender(i) for r in response.json())
    return [sender(i) for i in range(CONVERSATIONS)]


def all_entries(client: redis.Redis) -> list[tuple[bytes, bytes, int]]:
    return [(key, client.dump(key) or b"", client.ttl(key)) for key in client.scan_iter("*")]


def test_no_sender_id_in_redis_and_every_key_expires(stack: Stack, conversations) -> None:
    entries = all_entries(stack.client())
    assert len(entries) >= CONVERSATIONS
    pseudonymize = Pseudonymizer(TEST_SECRET.encode())
    stored = {key.decode() for key, _, _ in entries}
    assert f"sessions:tracker:{pseudonymize('web', sender(0))}" in stored
    for key, value, ttl in entries:
        assert 0 < ttl <= SESSION_TTL, (key, ttl)
        for person in conversations:
            assert person.encode() not in key and person.encode() not in value


def test_numbers_and_addresses_typed_are_masked_before_they_are_kept(
    stack: Stack, conversations
) -> None:
    typed = "boss has my passport, call me +49 151 2345 6789 or ana.canary@example.org"
    assert stack.say(sender(1), typed).status_code == 200
    client = stack.client()
    stored = b"".join(client.get(key) or b"" for key in client.scan_iter("sessions:tracker:*"))
    assert b"boss has my passport" in stored  # the message itself is kept (until the TTL)
    assert b"2345 6789" not in stored and b"ana.canary" not in stored
    assert "2345 6789" not in stack.log.read_text()


def test_canaries_in_no_log_line_and_no_table(stack: Stack, conversations) -> None:
    stack.say(sender(0), "x" * 5000)  # a rejected request is not logged with its content
    log = stack.log.read_text()
    assert "Assistant ready" in log  # the log is really being written
    for i in range(CONVERSATIONS):
        assert sender(i) not in log and canary(i) not in log
    assert "sessions:tracker" not in log
    stack.stop_server()  # flushes the statistics
    with sqlite3.connect(stack.db) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        dump = "\n".join(
            repr(row) for table in tables for row in db.execute(f"select * from {table}")
        )
    assert "ask_contract" in dump  # statistics were written
    assert "'SE'" in dump  # with the country the answer was given for
    assert "canary" not in dump and "sender" not in dump


def test_forget_erases_the_conversation_from_redis(model: Path, tmp_path: Path) -> None:
    stack = Stack(tmp_path)
    try:
        person = "forget-me-please-123"
        assert stack.say(person, "my boss took my passport").status_code == 200
        pseudonym = Pseudonymizer(TEST_SECRET.encode())("web", person)
        client = stack.client()
        assert any(pseudonym.encode() in key for key in client.scan_iter("*"))
        replies = stack.say(person, "/forget").json()
        assert "deleted" in replies[0]["text"]
        assert not any(pseudonym.encode() in key for key in client.scan_iter("*"))
        assert not any(pseudonym.encode() in (client.dump(k) or b"") for k in client.scan_iter("*"))
        # a new message starts a new conversation (with the first-contact notice again)
        again = stack.say(person, "hello").json()
        assert any("/forget" in r.get("text", "") for r in again)
    finally:
        stack.close()


def test_redis_restart_mid_conversation_still_answers(model: Path, tmp_path: Path) -> None:
    stack = Stack(tmp_path)
    try:
        person = "restart-person"
        assert stack.say(person, "hello").status_code == 200
        stack.restart_redis()
        response = stack.say(person, "my boss took my passport")
        assert response.status_code == 200
        assert "passport" in " ".join(r.get("text", "") for r in response.json())
    finally:
        stack.close()


def test_redis_gone_still_answers_from_memory(model: Path, tmp_path: Path) -> None:
    stack = Stack(tmp_path)
    try:
        stack.redis.terminate()
        stack.redis.wait(timeout=10)
        response = stack.say("no-redis-person", "my boss took my passport")
        assert response.status_code == 200
        assert "passport" in " ".join(r.get("text", "") for r in response.json())
        log = stack.log.read_text()
        assert "no-redis-person" not in log
    finally:
        stack.stop_server()


def test_two_server_processes_share_one_conversation(model: Path, tmp_path: Path) -> None:
    first = Stack(tmp_path / "a")
    second = Stack.sharing(first, tmp_path / "b")
    try:
        person = "two-servers-person"
        first.say(person, "start the self-check")
        second.say(person, "yes")
        replies = first.say(person, "no").json()
        texts = " ".join(r.get("text", "") for r in replies)
        assert texts.startswith("3/8"), texts
    finally:
        second.stop_server()
        first.close()


# --- Redis refusing or hanging mid-conversation -----------------------------------------
# A Russian speaker in Sweden halfway through the self-check: while Redis is away the
# conversation goes on from the server's memory copy (language, country and step), each
# answer within a second, and what changed is back in Redis once it answers again.
OUTAGE_ANSWER_SECONDS = 1.0


def _timed(stack: Stack, person: str, message: str) -> tuple[float, list[dict]]:
    started = time.monotonic()
    response = stack.say(person, message)
    assert response.status_code == 200, response.text
    return time.monotonic() - started, response.json()


def _text(replies: list[dict]) -> str:
    return " ".join(r.get("text", "") for r in replies)


def _halfway_through_the_selfcheck(stack: Stack, person: str) -> None:
    """Russian, Sweden, the self-check's first answer given: the next question is 2/8."""
    _timed(stack, person, "здравствуйте, мне нужна помощь")
    _timed(stack, person, '/choose_country{"country":"SE"}')
    _timed(stack, person, '/start_selfcheck{"selfcheck_reset":null}')
    _, replies = _timed(stack, person, "да")
    assert _text(replies).startswith("2/8"), replies
    assert replies[-1]["language"] == "ru"


def _continues_in_russian_for_sweden(stack: Stack, person: str, step: int) -> None:
    seconds, replies = _timed(stack, person, "нет")
    assert seconds < OUTAGE_ANSWER_SECONDS, seconds
    assert _text(replies).startswith(f"{step}/8"), replies
    assert all(r["language"] == "ru" for r in replies)
    seconds, replies = _timed(stack, person, "кому позвонить?")
    assert seconds < OUTAGE_ANSWER_SECONDS, seconds
    assert "Швеци" in _text(replies), replies  # helplines of the country chosen before


def _stored(stack: Stack, person: str) -> bytes | None:
    pseudonym = Pseudonymizer(TEST_SECRET.encode())("web", person)
    value = stack.client().get(f"sessions:tracker:{pseudonym}")
    return value if isinstance(value, bytes) else None


def _said(stack: Stack, person: str) -> list[str]:
    """What the person wrote, as the conversation in Redis holds it."""
    stored = _stored(stack, person)
    events = json.loads(stored)["events"] if stored else []
    return [e.get("text") for e in events if e.get("event") == "user"]


def _wait_until(check, seconds: float = 10.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError("not within the time")


def test_redis_refusing_mid_conversation_the_conversation_goes_on(
    model: Path, tmp_path: Path
) -> None:
    stack = Stack(tmp_path)
    try:
        person = "refused-person"
        _halfway_through_the_selfcheck(stack, person)
        stack.redis.terminate()  # connections refused from now on
        stack.redis.wait(timeout=10)
        _continues_in_russian_for_sweden(stack, person, step=3)
        stack.redis = start_redis(stack.redis_port)  # back, and empty
        # Written back from the memory copy: a new process would find the conversation.
        _wait_until(lambda: _stored(stack, person) is not None)
        assert "кому позвонить?" in _said(stack, person)
        _, replies = _timed(stack, person, "да")
        assert _text(replies).startswith("4/8"), replies
    finally:
        stack.close()


def test_redis_paused_mid_conversation_the_conversation_goes_on(
    model: Path, tmp_path: Path
) -> None:
    stack = Stack(tmp_path)
    try:
        person = "paused-person"
        _halfway_through_the_selfcheck(stack, person)
        before = _stored(stack, person)
        assert before is not None
        # Redis accepts connections but answers nothing for 4 s (a hang, not a refusal).
        stack.client().execute_command("CLIENT", "PAUSE", 4000, "ALL")
        _continues_in_russian_for_sweden(stack, person, step=3)
        _wait_until(lambda: "кому позвонить?" in _said(stack, person), seconds=15)
        _, replies = _timed(stack, person, "да")
        assert _text(replies).startswith("4/8"), replies
        # Every answer came from one conversation: nothing started afresh.
        assert not any("/forget" in r.get("text", "") for r in replies)
    finally:
        stack.close()
