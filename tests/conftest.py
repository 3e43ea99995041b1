"""Shared fixtures: the trained model and a real server process on a free port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot import logs  # noqa: F401  (quiet TensorFlow before anything imports it)
from bot.paths import MODELS_DIR, PROJECT_DIR
from bot.training import train

WEBHOOK = "/webhooks/rest/webhook"
TEST_SECRET = "test-secret-of-at-least-16-characters"


@pytest.fixture(scope="session")
def model() -> Path:
    """The trained model, trained first when missing or older than its data."""
    return train(MODELS_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m bot serve` running for real; yields its base URL."""
    with run_server(tmp_path_factory) as base:
        yield base


@contextlib.contextmanager
def run_server(
    tmp_path_factory: pytest.TempPathFactory, port: int | None = None, **settings: str
) -> Iterator[str]:
    """A real server process with these extra settings (environment variables)."""
    port = port or free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    state = tmp_path_factory.mktemp("state")
    env = {
        **os.environ,
        "LOG_LEVEL": "INFO",
        "SESSION_SECRET": TEST_SECRET,
        "XDG_STATE_HOME": str(state),
        "DATABASE_URL": f"sqlite:///{state / 'assistant.db'}",
        **settings,
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--port", str(port)],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        process.kill()
        raise RuntimeError("server did not start in time")
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def privacy_notices() -> set[str]:
    """The short privacy notice in every supported language."""
    from rasa.shared.core.domain import Domain

    from bot.answers import AnswerRenderer
    from bot.languages import supported_languages
    from bot.paths import DIALOGUES_DIR

    renderer = AnswerRenderer(Domain.load(str(DIALOGUES_DIR)).responses)
    return {
        renderer.render("utter_privacy_short", {"language": lang})["text"]
        for lang in supported_languages()
    }


class Chat:
    """One person talking to the server over HTTP.

    `say` returns the answers; the privacy notice that comes with the first answer of a
    conversation is checked to be there once and kept in `notice`.
    """

    NOTICES: set[str] = set()

    def __init__(self, base: str, sender: str, **metadata: str) -> None:
        self.base, self.sender, self.metadata = base, sender, metadata
        self.notice: str | None = None
        if not Chat.NOTICES:
            Chat.NOTICES = privacy_notices()

    def say_raw(self, text: str) -> list[dict]:
        body = {"sender": self.sender, "message": text}
        if self.metadata:
            body["metadata"] = self.metadata
        response = httpx.post(f"{self.base}{WEBHOOK}", json=body, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def say(self, text: str) -> list[dict]:
        replies = self.say_raw(text)
        notices = [r for r in replies if r.get("text") in Chat.NOTICES]
        if self.notice is None and text.strip() != "/forget":
            assert len(notices) == 1, replies
            self.notice = notices[0]["text"]
        return [r for r in replies if r.get("text") not in Chat.NOTICES]

    def text(self, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(text))


@pytest.fixture
def chat(server: str):
    """Factory of chats with unique sender ids per test."""

    def make(**metadata: str) -> Chat:
        return Chat(server, f"test-{uuid.uuid4().hex}", **metadata)

    return make
