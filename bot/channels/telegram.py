"""Telegram channel (python-telegram-bot 22): long polling, commands, buttons, erase.

A thin adapter: a Telegram update becomes (pseudonym of the chat, text or button payload,
language hint) for bot.assistant, and the answers become HTML messages with inline
keyboards. From Telegram only the language code is used; names, usernames, phone numbers
and raw ids are never stored or logged (the chat id is used only to answer, and hashed
into the pseudonym). The bot never writes first: it only answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import time
from collections import defaultdict, deque
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.answers import language_of
from bot.assistant import Assistant, Incoming
from bot.i18n import text
from bot.languages import normalize_code, supported_languages
from bot.logs import sensitive
from bot.names import is_country_code
from bot.pseudonyms import Pseudonymizer

logger = logging.getLogger(__name__)
CHANNEL = "telegram"
MAX_TEXT = 4096
CALLBACK_LIMIT = 64
FORGET_WINDOW_SECONDS = 48 * 3600
# Commands and the payload each one sends to the assistant.
COMMANDS: dict[str, str] = {
    "start": "/greet",
    "menu": "/show_menu",
    "language": "/choose_language",
    "country": "/choose_country",
    "helplines": '/ask_helpline{"helpline_page":"1"}',
    "selfcheck": '/start_selfcheck{"selfcheck_reset":null}',
    "privacy": "/privacy",
    "forget": "/forget",
}


def deep_link(payload: str) -> tuple[str | None, str | None]:
    """(language, country) from a /start payload such as `ru_SE`, `ar` or `SE`."""
    language = country = None
    for part in payload.replace("-", "_").split("_"):
        if normalize_code(part) and not language and part.islower():
            language = normalize_code(part)
        elif is_country_code(part) and part.isupper():
            country = part
    return language, country


def split_text(message: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces under Telegram's limit, cut at line ends where possible."""
    pieces: list[str] = []
    while len(message) > limit:
        cut = message.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(message[:cut])
        message = message[cut:].lstrip("\n")
    return [*pieces, message] if message else pieces


def keyboard(buttons: list[dict[str, str]]) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(b["title"], callback_data=b["payload"])]
        for b in buttons
        if len(b["payload"].encode()) <= CALLBACK_LIMIT
    ]
    return InlineKeyboardMarkup(rows) if rows else None


class TelegramChannel:
    """Turns updates into assistant messages and answers into Telegram messages."""

    def __init__(self, assistant: Assistant, pseudonymize: Pseudonymizer) -> None:
        self.assistant = assistant
        self.pseudonymize = pseudonymize
        # Message ids (small per-chat counters, not identifying) of the last 48 hours per
        # conversation, so /forget can delete them; no chat id is kept.
        self.recent: dict[str, deque[tuple[float, int]]] = defaultdict(deque)

    def build(self, token: str, base_url: str | None = None, polling: bool = True) -> Application:
        builder = ApplicationBuilder().token(token).rate_limiter(AIORateLimiter(max_retries=3))
        if not polling:  # updates come from our own web server (telegram_webhook.py)
            builder = builder.updater(None)
        if base_url:
            builder = builder.base_url(f"{base_url.rstrip('/')}/bot").base_file_url(
                f"{base_url.rstrip('/')}/file/bot"
            )
        app = builder.post_init(self._on_start).post_shutdown(self._on_stop).build()
        app.add_handler(CommandHandler(list(COMMANDS), self.on_command))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        app.add_error_handler(self.on_error)
        return app

    async def _on_start(self, app: Application) -> None:
        await self._register_commands(app)
        stats = self.assistant.stats
        if stats is not None:
            self._flusher = asyncio.create_task(stats.flush_periodically())

    async def _on_stop(self, app: Application) -> None:
        flusher = getattr(self, "_flusher", None)
        if flusher is not None:
            flusher.cancel()
        if self.assistant.stats is not None:
            self.assistant.stats.flush()

    async def _register_commands(self, app: Application) -> None:
        """The command menu in every supported language (Telegram shows the user's)."""
        for language in supported_languages():
            commands = [BotCommand(name, text(language, f"command_{name}")) for name in COMMANDS]
            code = None if language == "en" else language
            await app.bot.set_my_commands(commands, language_code=code)

    def _remember(self, conversation: str, message: Message | None) -> None:
        if message is None:
            return
        now = time.time()
        recent = self.recent[conversation]
        recent.append((now, message.message_id))
        while recent and recent[0][0] < now - FORGET_WINDOW_SECONDS:
            recent.popleft()

    async def _answer(
        self, update: Update, payload: str, hint: str | None = None, country: str | None = None
    ) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        conversation = self.pseudonymize(CHANNEL, str(chat.id))
        user = update.effective_user
        language = hint or normalize_code(user.language_code if user else None)
        incoming = Incoming(conversation, payload, language, country, CHANNEL)
        self._remember(conversation, update.effective_message)
        with sensitive(str(chat.id), conversation, payload):
            try:
                first_contact = not await self.assistant.stores.exists(conversation)
                replies = await self.assistant.reply(incoming)
                if first_contact and language is None:
                    replies += await self._ask_language_if_unknown(conversation)
            except Exception:
                logger.exception("the assistant failed to answer a Telegram message")
                replies = [
                    {"text": text(language_of({"language_hint": language}), "service_error")}
                ]
            if payload.strip().lower() == "/forget":
                await self._delete_recent(update, conversation)
                language = language_of({"language_hint": language})
                how_to = self.assistant.renderer.render(
                    "utter_forgotten_telegram", {"language": language}
                )
                replies = [*replies, how_to] if how_to else replies
            for reply in replies:
                for piece in split_text(html.escape(reply.get("text", ""))) or [""]:
                    if not piece:
                        continue
                    sent = await chat.send_message(
                        piece,
                        parse_mode=ParseMode.HTML,
                        reply_markup=keyboard(reply.get("buttons", [])),
                    )
                    if payload.strip().lower() != "/forget":
                        self._remember(conversation, sent)
        logger.debug("telegram: answered with %d messages", len(replies))

    async def _ask_language_if_unknown(self, conversation: str) -> list[dict[str, Any]]:
        """Telegram's language is not supported and the text did not tell: ask, with the
        language names written in their own languages."""
        tracker = await self.assistant.tracker_store.retrieve(conversation)
        slots = tracker.current_slot_values() if tracker else {}
        if any(slots.get(name) for name in ("language", "language_hint", "detected_language")):
            return []
        picker = self.assistant.renderer.render("utter_ask_language", {})
        return [picker] if picker else []

    async def _delete_recent(self, update: Update, conversation: str) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        for _, message_id in self.recent.pop(conversation, deque()):
            # A message may be gone already, or older than Telegram lets a bot delete.
            with contextlib.suppress(TelegramError):
                await update.get_bot().delete_message(chat.id, message_id)
        if update.effective_message is not None:
            with contextlib.suppress(TelegramError):
                await update.effective_message.delete()

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or not message.text:
            return
        name = message.text.split()[0].lstrip("/").split("@")[0].lower()
        payload = COMMANDS.get(name, "/show_menu")
        if name == "start" and context.args:
            # A deep link (t.me/<bot>?start=ru_SE) is an explicit choice: it sticks.
            language, country = deep_link(context.args[0])
            chosen = {k: v for k, v in (("language", language), ("country", country)) if v}
            if chosen:
                payload += json.dumps(chosen, separators=(",", ":"))
        await self._answer(update, payload)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await self._answer(update, message.text[:4000])

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        await self._answer(update, str(query.data or "/show_menu"))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.warning("Telegram error: %s", type(context.error).__name__)


def run_polling(channel: TelegramChannel, token: str, base_url: str | None) -> None:
    """`python -m bot telegram`: long polling, messages and button presses only."""
    app = channel.build(token, base_url)
    app.run_polling(allowed_updates=["message", "callback_query"], drop_pending_updates=False)
