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
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError
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
from bot.directory.phones import international
from bot.i18n import text
from bot.languages import normalize_code, supported_languages
from bot.logs import sensitive
from bot.names import is_country_code
from bot.pseudonyms import Pseudonymizer

logger = logging.getLogger(__name__)
T = TypeVar("T")
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
    "sources": "/ask_sources",
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
        if cut <= 0:  # no line end: cut at the limit, but never inside an HTML entity
            entity = message.rfind("&", limit - 10, limit)
            cut = entity if entity > 0 and ";" not in message[entity:limit] else limit
        pieces.append(message[:cut])
        message = message[cut:].lstrip("\n")
    return [*pieces, message] if message else pieces


def telegram_html(reply: dict[str, Any]) -> str:
    """The reply's text for HTML parse mode: everything escaped, and each full phone
    number in international form (+46 20 50 50 50), which Telegram's apps make tappable;
    Telegram takes no tel: links. Short codes (112) stay as written."""
    message = reply.get("text") or ""
    pieces, at = [], 0
    for phone in reply.get("phones", []):
        where = message.find(phone["text"], at)
        if where < 0:
            continue
        pieces += [message[at:where], international(phone["tel"]) or phone["text"]]
        at = where + len(phone["text"])
    return html.escape("".join(pieces) + message[at:], quote=False)


async def deliver(call: Callable[[], Awaitable[T]], attempts: int = 4) -> T:
    """One Bot API call, tried again after a network error (a reply must get through).

    A RetryAfter is handled by the rate limiter; a BadRequest (a NetworkError in
    python-telegram-bot's hierarchy) would fail the same way again.
    """
    for attempt in range(attempts):
        try:
            return await call()
        except NetworkError as error:
            if isinstance(error, BadRequest) or attempt == attempts - 1:
                raise
            logger.warning("Telegram unreachable (%s), trying again", type(error).__name__)
            await asyncio.sleep(0.5 * 2**attempt)
    raise AssertionError("unreachable")


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
        forget = payload.strip().lower() == "/forget"
        # A pressed button's message is rewritten in place when nothing came after it;
        # further down the chat, the answer comes as a new message below.
        pressed = update.callback_query.message if update.callback_query else None
        recent = self.recent.get(conversation)
        editable = (
            pressed.message_id
            if pressed and not forget and recent and recent[-1][1] == pressed.message_id
            else None
        )
        self._remember(conversation, update.effective_message)
        with sensitive(str(chat.id), conversation, payload):
            try:
                first_contact = not await self.assistant.stores.exists(conversation)
                replies = await self.assistant.reply(incoming)
                if first_contact and language is None:
                    replies += await self._ask_language_if_unknown(conversation)
            except Exception:
                logger.exception("the assistant failed to answer a Telegram message")
                replies = await self.assistant.apology(incoming)
            if forget:
                await self._delete_recent(update, conversation)
                language = language_of({"language_hint": language})
                how_to = self.assistant.renderer.render(
                    "utter_forgotten_telegram", {"language": language}
                )
                replies = [*replies, how_to] if how_to else replies
            for reply in replies:
                pieces = split_text(telegram_html(reply))
                for number, piece in enumerate(pieces, 1):
                    # The buttons go under the last piece of a long answer.
                    markup = keyboard(reply.get("buttons", [])) if number == len(pieces) else None
                    if editable is not None:
                        sent = await self._edit(update, editable, piece, markup)
                        editable = None
                        if sent is not None:
                            continue
                    sent = await deliver(
                        partial(
                            chat.send_message, piece, parse_mode=ParseMode.HTML, reply_markup=markup
                        )
                    )
                    if not forget:
                        self._remember(conversation, sent)
        logger.debug("telegram: answered with %d messages", len(replies))

    async def _edit(
        self, update: Update, message_id: int, piece: str, markup: InlineKeyboardMarkup | None
    ) -> Message | bool | None:
        """Rewrite the pressed button's message; None when Telegram refuses (too old,
        unchanged), so the answer is sent as a new message instead."""
        chat = update.effective_chat
        if chat is None:
            return None
        try:
            edit = partial(
                update.get_bot().edit_message_text,
                piece,
                chat_id=chat.id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
            return await deliver(edit)
        except BadRequest:
            return None

    async def _ask_language_if_unknown(self, conversation: str) -> list[dict[str, Any]]:
        """Telegram's language is not supported and the text did not tell: ask, with the
        language names written in their own languages."""
        tracker = await self.assistant.stores.retrieve(conversation)
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
