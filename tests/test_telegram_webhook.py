"""Telegram webhook inside the HTTP server: secret token, allowed updates, duplicates."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from bot.assistant import Assistant
from bot.channels import telegram_webhook
from bot.channels.telegram import TelegramChannel
from bot.pseudonyms import Pseudonymizer
from bot.server import create_app
from bot.settings import Settings
from tests.conftest import TEST_SECRET, free_port
from tests.fake_telegram import FakeBotApi
from tests.test_telegram import TOKEN, expected

SECRET = telegram_webhook.webhook_secret(TEST_SECRET.encode())


@pytest.fixture
async def served(model: Path, tmp_path: Path) -> AsyncIterator[tuple[FakeBotApi, str]]:
    api = FakeBotApi()
    base = await api.start()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    assistant = await Assistant.load(model, settings)
    pseudonymize = Pseudonymizer(TEST_SECRET.encode())
    app = create_app(assistant, pseudonymize)
    bot_app = TelegramChannel(assistant, pseudonymize).build(TOKEN, base, polling=False)
    telegram_webhook.attach(
        app, telegram_webhook.TelegramWebhook(bot_app, "https://example.org/hook", SECRET)
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield api, f"http://127.0.0.1:{port}/telegram/webhook"
    await runner.cleanup()
    await api.stop()


def update(update_id: int, chat_id: int, text: str) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 10 + update_id,
            "date": 1763800000,
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "X", "language_code": "ru"},
        },
    }


async def post(url: str, body: dict, secret: str | None) -> httpx.Response:
    headers = {telegram_webhook.SECRET_HEADER: secret} if secret is not None else {}
    async with httpx.AsyncClient() as client:
        return await client.post(url, json=body, headers=headers)


async def test_webhook_registered_with_secret_and_allowed_updates(served) -> None:
    api, _ = served
    [registered] = api.called("setWebhook")
    assert registered["secret_token"] == SECRET
    assert registered["allowed_updates"] == ["message", "callback_query"]
    assert registered["url"] == "https://example.org/hook"


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1]])
async def test_missing_or_wrong_secret_is_refused(served, secret) -> None:
    api, url = served
    response = await post(url, update(1, 801, "hello"), secret)
    assert response.status_code == 403
    await asyncio.sleep(0.5)
    assert api.sent(801) == []


async def test_right_secret_is_answered_once_even_if_repeated(served) -> None:
    api, url = served
    for _ in range(3):
        response = await post(url, update(7, 802, "привет"), SECRET)
        assert response.status_code == 200
    sent = await api.wait_for(2, 802)
    await asyncio.sleep(1.0)
    assert len(api.sent(802)) == 2
    assert sent[1]["text"] == expected("utter_greet", language="ru")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"null",
        b'{"update_id": "7"}',
        b'{"update_id": 7, "message": "\\ud800"}',
        b'{"update_id": 7, "message": {"text": "\xed\xa0\x80"}}',
        b'{"update_id": 7, "x": ' + b"[" * 1000 + b"]" * 1000 + b"}",
        b'{"update_id": ' + b"9" * 5000 + b"}",
        b'{"update_id": 7, "x": 1e400}',
    ],
)
async def test_garbage_with_the_right_secret_is_a_clear_400(served, body: bytes) -> None:
    _, url = served
    async with httpx.AsyncClient() as client:
        response = await client.post(
            url, content=body, headers={telegram_webhook.SECRET_HEADER: SECRET}
        )
    assert response.status_code == 400
    assert response.json()["error"]
