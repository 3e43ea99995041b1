"""Telegram updates by webhook at /telegram/webhook, inside `python -m bot serve`.

Enabled when TELEGRAM_WEBHOOK_URL is set: on start the webhook is registered with a secret
token and only messages and button presses. A request without the right
X-Telegram-Bot-Api-Secret-Token header gets 403 before its body is read (constant-time
comparison); an update_id seen before is acknowledged and not processed again.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import OrderedDict
from collections.abc import AsyncIterator

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot import json_body

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
REMEMBERED_UPDATES = 10_000
MAX_UPDATE_BYTES = 1024 * 1024
# Telegram nests an update a few levels deep (a reply inside a message inside a callback).
MAX_UPDATE_DEPTH = 32


def webhook_secret(session_secret: bytes) -> str:
    """A secret token for Telegram derived from the session secret (A-Z, a-z, 0-9 only)."""
    return hmac.new(session_secret, b"telegram-webhook", hashlib.sha256).hexdigest()


class TelegramWebhook:
    """Receives updates for a python-telegram-bot Application started without an updater."""

    def __init__(self, app: Application, url: str, secret: str) -> None:
        self.app, self.url, self.secret = app, url, secret
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > REMEMBERED_UPDATES:
            self._seen.popitem(last=False)
        return True

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.json_response({"error": "forbidden"}, status=403)
        if (request.content_length or 0) > MAX_UPDATE_BYTES:
            return web.json_response({"error": "too large"}, status=413)
        try:
            data = json_body.load(await request.read(), max_depth=MAX_UPDATE_DEPTH)
        except json_body.BadJSON as error:
            return web.json_response({"error": str(error)}, status=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.json_response({"error": "not a Telegram update"}, status=400)
        try:
            update = Update.de_json(data, self.app.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.json_response({"error": "not a Telegram update"}, status=400)
        if update is not None and self.first_time(update.update_id):
            await self.app.update_queue.put(update)
        return web.json_response({"ok": True})

    async def lifecycle(self, web_app: web.Application) -> AsyncIterator[None]:
        await self.app.initialize()
        if self.app.post_init:
            await self.app.post_init(self.app)
        await self.app.bot.set_webhook(
            self.url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES
        )
        await self.app.start()
        yield
        await self.app.stop()
        if self.app.post_shutdown:
            await self.app.post_shutdown(self.app)
        await self.app.shutdown()


def attach(web_app: web.Application, webhook: TelegramWebhook) -> None:
    web_app.router.add_post("/telegram/webhook", webhook.handle)
    web_app.cleanup_ctx.append(webhook.lifecycle)
