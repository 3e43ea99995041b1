"""A local fake of the Telegram Bot API, served over real HTTP.

It speaks the Bot API's method protocol (POST /bot<token>/<method>, form-encoded
parameters, {"ok": ..., "result": ...} answers) for the methods the channel uses, records
every call, queues updates for getUpdates, and keeps what each chat shows (the bot's
messages as sent, edited and deleted). A method can be told to answer 429 once, or to
drop the connection without an answer a number of times (a network error).
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from typing import Any

from aiohttp import web

JSON_FIELDS = {"reply_markup", "commands", "allowed_updates", "entities"}


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.rate_limit_once: set[str] = set()
        self.drop_connection: dict[str, int] = {}
        # chat id -> message id -> the bot's message as the person now sees it
        self.shown: dict[int, dict[int, dict[str, Any]]] = {}
        self._update_id = 1
        self._message_id = 1000
        self._new_update = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    def _next_message_id(self) -> int:
        self._message_id += 1
        return self._message_id

    def _message(self, chat_id: int, text: str, **extra: Any) -> dict[str, Any]:
        return {
            "message_id": self._next_message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": text,
            **extra,
        }

    def push(self, update: dict[str, Any]) -> int:
        update["update_id"] = self._update_id
        self._update_id += 1
        self.updates.append(update)
        self._new_update.set()
        return update["update_id"]

    def user_text(self, chat_id: int, text: str, language: str | None = "en") -> dict:
        sender = {
            "id": chat_id,
            "is_bot": False,
            "first_name": "Canary Firstname",
            "username": "canary_username",
        }
        if language:
            sender["language_code"] = language
        message = self._message(chat_id, text, **{"from": sender})
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        self.push({"message": message})
        return message

    def button(
        self, chat_id: int, data: str, language: str | None = "en", message_id: int | None = None
    ) -> None:
        """A press of a button under one of the bot's messages (by default the latest)."""
        sender = {"id": chat_id, "is_bot": False, "first_name": "Canary Firstname"}
        if language:
            sender["language_code"] = language
        shown = self.shown.get(chat_id, {})
        message_id = message_id or max(shown, default=0)
        message = shown.get(message_id) or self._message(chat_id, "an older answer")
        self.push(
            {
                "callback_query": {
                    "id": f"cb{self._update_id}",
                    "from": sender,
                    "chat_instance": "ci",
                    "data": data,
                    "message": {k: v for k, v in message.items() if k != "reply_markup"},
                }
            }
        )

    def chat(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages in this chat as the person sees them now, oldest first."""
        shown = self.shown.get(chat_id, {})
        return [shown[i] for i in sorted(shown)]

    async def wait_until(self, chat_id: int, check: Any, timeout: float = 30) -> list[dict]:
        """The chat once check(chat) holds."""
        deadline = time.monotonic() + timeout
        while not check(self.chat(chat_id)):
            if time.monotonic() > deadline:
                raise AssertionError(f"chat {chat_id} never got there: {self.chat(chat_id)}")
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)  # let the rest of the answer arrive
        return self.chat(chat_id)

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [
            p
            for m, p in self.calls
            if m == "sendMessage" and (chat_id is None or int(p["chat_id"]) == chat_id)
        ]

    def called(self, method: str) -> list[dict[str, Any]]:
        return [p for m, p in self.calls if m == method]

    async def wait_for(self, count: int, chat_id: int, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.sent(chat_id)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} messages, got {self.sent(chat_id)}")
            await asyncio.sleep(0.05)
        return self.sent(chat_id)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = await request.post()
        params = {
            k: json.loads(v) if k in JSON_FIELDS and isinstance(v, str) else v
            for k, v in form.items()
        }
        if method in self.rate_limit_once:
            self.rate_limit_once.discard(method)
            self.calls.append((f"{method}:429", params))
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        if self.drop_connection.get(method):
            self.drop_connection[method] -= 1
            self.calls.append((f"{method}:dropped", params))
            assert request.transport is not None
            request.transport.abort()  # the client sees the connection go, no answer
            return web.Response()
        self.calls.append((method, params))
        try:
            result = await self.result(method, params)
        except BadRequest as error:
            return web.json_response(
                {"ok": False, "error_code": 400, "description": f"Bad Request: {error}"},
                status=400,
            )
        return web.json_response({"ok": True, "result": result})

    async def result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": 1,
                "is_bot": True,
                "first_name": "Assistant",
                "username": "test_bot",
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "getUpdates":
            offset = int(params.get("offset", 0) or 0)
            pending = [u for u in self.updates if u["update_id"] >= offset]
            if not pending:
                self._new_update.clear()
                try:
                    await asyncio.wait_for(self._new_update.wait(), timeout=0.5)
                except asyncio.TimeoutError:
                    return []
                pending = [u for u in self.updates if u["update_id"] >= offset]
            return pending
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            message = self._message(chat_id, displayed(params), **BOT)
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            self.shown.setdefault(chat_id, {})[message["message_id"]] = message
            return message
        if method == "editMessageText":
            chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
            old = self.shown.get(chat_id, {}).get(message_id)
            if old is None:
                raise BadRequest("message to edit not found")
            new = {**old, "text": displayed(params), "edit_date": int(time.time())}
            new.pop("reply_markup", None)
            if params.get("reply_markup"):
                new["reply_markup"] = params["reply_markup"]
            if (new["text"], new.get("reply_markup")) == (old["text"], old.get("reply_markup")):
                raise BadRequest("message is not modified")
            self.shown[chat_id][message_id] = new
            return new
        if method == "deleteMessage":
            self.shown.get(int(params["chat_id"]), {}).pop(int(params["message_id"]), None)
        return True


def displayed(params: dict[str, Any]) -> str:
    """The text as Telegram shows it: in HTML parse mode, tags go and entities are read."""
    text = str(params.get("text", ""))
    if params.get("parse_mode") != "HTML":
        return text
    return html.unescape(re.sub(r"<[^>]*>", "", text))


class BadRequest(Exception):
    """What the real Bot API answers with 400."""


BOT = {"from": {"id": 1, "is_bot": True, "first_name": "Bot"}}
