"""HTTP server: Rasa's REST channel contract, a health check and the web chat.

POST /webhooks/rest/webhook {"sender", "message", "metadata": {"language", "country"}}
answers with a list of {"recipient_id", "text", "buttons"?, "phones"?}, like `rasa run`,
so any Rasa client works. Bad input gets a 400 with a JSON error, never a 500. The chat
pages come from bot.web_chat, every response's security headers from bot.web_headers.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from bot import json_body, web_chat
from bot.answers import service_apology
from bot.assistant import Assistant, Incoming
from bot.languages import SOURCE_LANGUAGE
from bot.logs import sensitive
from bot.names import is_country_code
from bot.pseudonyms import Pseudonymizer
from bot.settings import MAX_MESSAGE_CHARS, Settings
from bot.stats import StatsRecorder
from bot.text import clean_typed
from bot.web_headers import security_headers

logger = logging.getLogger(__name__)
ASSISTANT = web.AppKey("assistant", Assistant)
PSEUDONYMIZE = web.AppKey("pseudonymize", Pseudonymizer)
CHANNEL = "web"
MAX_BODY_BYTES = 64 * 1024
MAX_SENDER_CHARS = 128
# Control characters other than tab and newline carry no meaning in a chat message.
# A BCP 47 tag as browsers and Telegram send it (ru, pt-BR, zh-Hant-TW); a hint
# for an unsupported language is still welcome (the assistant then asks).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")


class BadRequest(ValueError):
    """The request breaks the REST contract; the message says how."""


def _optional_code(meta: dict[str, Any], key: str, valid: Any, what: str) -> str | None:
    """A hint in metadata: absent, or a code that passes `valid` (else a 400)."""
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 35 or not valid(value):
        raise BadRequest(f"metadata.{key} must be {what}")
    return value


def parse_message(body: bytes) -> Incoming:
    """Check a webhook body against the REST contract."""
    try:
        data = json_body.load(body)
    except json_body.BadJSON as error:
        raise BadRequest(str(error)) from None
    if not isinstance(data, dict):
        raise BadRequest("body must be a JSON object")
    sender, message = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(
            f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters"
        )
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string")
    message = clean_typed(message)
    if not message:
        raise BadRequest("'message' must not be empty")
    if len(message) > MAX_MESSAGE_CHARS:
        raise BadRequest(f"'message' is longer than {MAX_MESSAGE_CHARS} characters")
    meta = data.get("metadata") or {}
    if not isinstance(meta, dict):
        raise BadRequest("'metadata' must be an object")
    return Incoming(
        sender=sender,
        text=message,
        language=_optional_code(meta, "language", _LANGUAGE_TAG.fullmatch, "a BCP 47 language tag"),
        country=_optional_code(meta, "country", is_country_code, "a country code such as 'SE'"),
    )


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def webhook(request: web.Request) -> web.Response:
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return _error(413, f"body is larger than {MAX_BODY_BYTES} bytes")
    try:
        incoming = parse_message(body)
    except BadRequest as error:
        return _error(400, str(error))
    # The client's id never goes further than this function: Rasa, the stores and the
    # statistics only see the pseudonym, and the reply carries the client's id back.
    pseudonym = request.app[PSEUDONYMIZE](CHANNEL, incoming.sender)
    message = dataclasses.replace(incoming, sender=pseudonym, channel=CHANNEL)
    with sensitive(incoming.sender, pseudonym, incoming.text):
        try:
            replies = await request.app[ASSISTANT].reply(message)
        except Exception:  # the person still gets the emergency number, never a stack trace
            logger.exception("the assistant failed to answer")
            replies = await request.app[ASSISTANT].apology(message)
            status = 503
        else:
            status = 200
    for reply in replies:
        reply["recipient_id"] = incoming.sender
    return web.json_response(
        replies, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False)
    )


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@web.middleware
async def json_errors(request: web.Request, handler: Any) -> web.StreamResponse:
    """Unknown paths and wrong methods answer in JSON too, and so does a failure nobody
    foresaw: with the emergency number, never a bare error page or a stack trace."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return _error(error.status, error.reason)
    except Exception:
        logger.exception("unhandled error")
        return web.json_response(
            {"error": "internal error", **service_apology(SOURCE_LANGUAGE, None)}, status=500
        )


def _stats_flusher(stats: StatsRecorder) -> Any:
    async def flush_in_background(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(stats.flush_periodically())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        stats.flush()

    return flush_in_background


async def _close_assistant_at_exit(app: web.Application) -> AsyncIterator[None]:
    """The worker threads and the Redis connection end with the server (its background
    tasks first, in on_shutdown: aiohttp waits for every task before the cleanup)."""
    yield
    await app[ASSISTANT].close()


async def _stop_background(app: web.Application) -> None:
    await app[ASSISTANT].stop_background()


def create_app(
    assistant: Assistant, pseudonymize: Pseudonymizer, settings: Settings | None = None
) -> web.Application:
    settings = settings or Settings()
    app = web.Application(
        client_max_size=MAX_BODY_BYTES,
        middlewares=[security_headers(settings.widget_origins), json_errors],
    )
    app[ASSISTANT] = assistant
    app[PSEUDONYMIZE] = pseudonymize
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/health", health)
    web_chat.add_routes(app, settings)
    if assistant.stats is not None:
        app.cleanup_ctx.append(_stats_flusher(assistant.stats))
    app.cleanup_ctx.append(_close_assistant_at_exit)
    app.on_shutdown.append(_stop_background)  # type: ignore[arg-type]
    return app
