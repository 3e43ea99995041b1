"""A local fake of the Telegram Bot API, served over real HTTP.

It speaks the Bot API's method protocol (POST /bot<token>/<method>, form-encoded
parameters, {"ok": ..., "result": ...} answers) for the methods the channel uses, records
every call, and queues updates for getUpdates. A method can be told to answer 429 once.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import web

JSON_FIELDS = {"reply_markup", "commands", "allowed_updates", "entities"}


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.rate_limit_once: set[str] = set()
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

    def button(self, chat_id: int, data: str, language: str | None = "en") -> None:
        sender = {"id": chat_id, "is_bot": False, "first_name": "Canary Firstname"}
        if language:
            sender["language_code"] = language
        self.push(
            {
                "callback_query": {
                    "id": f"cb{self._update_id}",
                    "from": sender,
                    "chat_instance": "ci",
                    "data": data,
                    "message": self._message(
                        chat_id,
                        "previous answer",
                        **{"from": {"id": 1, "is_bot": True, "first_name": "Bot"}},
                    ),
                }
            }
        )

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
        self.calls.append((method, params))
        return web.json_response({"ok": True, "result": await self.result(method, params)})

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
        if method in ("sendMessage", "editMessageText"):
            return self._message(
                int(params["chat_id"]),
                params.get("text", ""),
                **{"from": {"id": 1, "is_bot": True, "first_name": "Bot"}},
            )
        return True
