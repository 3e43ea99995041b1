"""Logging that cannot give anyone away.

- Quiet by default; Rasa's own loggers never go below WARNING and its structured log never
  below INFO, because their debug output contains message text.
- RedactingFilter, on every handler, removes from each record (message, arguments and
  traceback) the texts and ids of the message being handled (see `sensitive`), IP
  addresses, Telegram bot tokens and 64-hex pseudonyms.
- The HTTP access log is off (it would record IP addresses).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from contextvars import ContextVar

# Set before TensorFlow or Rasa are imported: no TF chatter, no telemetry calls home.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


NEVER_VERBOSE = (
    "rasa",
    "telegram",
    "httpx",
    "httpcore",
    "tensorflow",
    "absl",
    "matplotlib",
    "apscheduler",
    "sanic",
    "aiohttp.access",
)
_SENSITIVE: ContextVar[tuple[str, ...]] = ContextVar("sensitive", default=())
REDACTED = "[redacted]"
_PATTERNS = (
    re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b"),  # Telegram bot token
    re.compile(r"\b[0-9a-f]{64}\b"),  # pseudonymous conversation id
    re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"),  # IPv4
    # IPv6: with "::" or at least five groups, so clock times such as 09:00 stay.
    re.compile(
        r"(?<![\w:])(?=[0-9a-fA-F:]*::|(?:[0-9a-fA-F]{1,4}:){4})"
        r"(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])"
    ),
)


@contextlib.contextmanager
def sensitive(*values: str) -> Iterator[None]:
    """Within this block, these strings are redacted from every log record."""
    token = _SENSITIVE.set(_SENSITIVE.get() + tuple(v for v in values if v and len(v) >= 3))
    try:
        yield
    finally:
        _SENSITIVE.reset(token)


def redact(text: str) -> str:
    for value in sorted(_SENSITIVE.get(), key=len, reverse=True):
        text = text.replace(value, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record with sensitive values removed (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_filter() -> None:
    """Put the filter on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def configure(level_name: str = "WARNING") -> None:
    """Apply one level to the standard logging and to Rasa's structlog output."""
    level = logging.getLevelName(level_name)
    if not isinstance(level, int):
        level = logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(max(level, logging.INFO))
    # Rasa's and python-telegram-bot's debug logs contain message texts, raw Telegram ids
    # and names, and httpx logs URLs with the bot token: never below WARNING.
    for noisy in NEVER_VERBOSE:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    install_filter()
