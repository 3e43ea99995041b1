"""Shared fixtures: the trained model and a real server process on a free port."""

from __future__ import annotations

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
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "LOG_LEVEL": "INFO"}
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
    yield base
    process.terminate()
    process.wait(timeout=30)


class Chat:
    """One person talking to the server over HTTP."""

    def __init__(self, base: str, sender: str, **metadata: str) -> None:
        self.base, self.sender, self.metadata = base, sender, metadata

    def say(self, text: str) -> list[dict]:
        body = {"sender": self.sender, "message": text}
        if self.metadata:
            body["metadata"] = self.metadata
        response = httpx.post(f"{self.base}{WEBHOOK}", json=body, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def text(self, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(text))


@pytest.fixture
def chat(server: str):
    """Factory of chats with unique sender ids per test."""

    def make(**metadata: str) -> Chat:
        return Chat(server, f"test-{uuid.uuid4().hex}", **metadata)

    return make
