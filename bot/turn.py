"""What the current turn found out, for aggregate statistics (no ids, no text).

Set inside Rasa's processing (the intent by the parse step in bot.engine, the answer's
language and country by bot.nlg) and read by bot.assistant after the turn: context
variables follow the awaited call chain of one message, so turns never mix.
"""

from __future__ import annotations

from contextvars import ContextVar

INTENT: ContextVar[str | None] = ContextVar("intent", default=None)
LANGUAGE: ContextVar[str | None] = ContextVar("language", default=None)
COUNTRY: ContextVar[str | None] = ContextVar("country", default=None)
