"""Settings from the environment (the README lists every one)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.paths import MODELS_DIR

STATE_DIR = (
    Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "safe-work-assistant"
)

MAX_MESSAGE_CHARS = 4000
# Conversations are forgotten after this long without a message (12 hours).
DEFAULT_SESSION_TTL = 12 * 60 * 60
DEFAULT_QUICK_EXIT_URL = "https://www.google.com/search?q=weather"


@dataclass(frozen=True)
class Settings:
    host: str = "0.0.0.0"
    port: int = 5005
    models_dir: Path = MODELS_DIR
    log_level: str = "WARNING"
    session_ttl: int = DEFAULT_SESSION_TTL
    session_secret: str | None = None
    session_secret_file: Path = STATE_DIR / "session_secret"
    redis_url: str | None = None
    # Longest wait on one Redis command before answering from memory (seconds).
    redis_timeout: float = 0.25
    # Messages the encoder reads at most this many tokens of go to the light worker lane,
    # so a short "hello" never queues behind long messages (bot.workers).
    light_message_tokens: int = 48
    database_url: str = f"sqlite:///{STATE_DIR / 'assistant.db'}"
    telegram_token: str | None = None
    telegram_api_base_url: str | None = None
    telegram_webhook_url: str | None = None
    # Origins of the NGO sites that may embed the chat (frame-ancestors) and call the API
    # from their pages (CORS); the assistant's own origin always may.
    widget_origins: tuple[str, ...] = ()
    # Where quick exit sends the person: a neutral page the NGO chooses.
    quick_exit_url: str = DEFAULT_QUICK_EXIT_URL

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            host=os.environ.get("HOST", cls.host),
            port=int(os.environ.get("PORT", cls.port)),
            models_dir=Path(os.environ.get("MODELS_DIR", MODELS_DIR)),
            log_level=os.environ.get("LOG_LEVEL", cls.log_level).upper(),
            session_ttl=int(os.environ.get("SESSION_TTL", DEFAULT_SESSION_TTL)),
            session_secret=os.environ.get("SESSION_SECRET") or None,
            session_secret_file=Path(
                os.environ.get("SESSION_SECRET_FILE", STATE_DIR / "session_secret")
            ),
            redis_url=os.environ.get("REDIS_URL") or None,
            redis_timeout=float(os.environ.get("REDIS_TIMEOUT", cls.redis_timeout)),
            light_message_tokens=int(
                os.environ.get("LIGHT_MESSAGE_TOKENS", cls.light_message_tokens)
            ),
            database_url=os.environ.get("DATABASE_URL", cls.database_url),
            telegram_token=os.environ.get("TELEGRAM_TOKEN") or None,
            telegram_api_base_url=os.environ.get("TELEGRAM_API_BASE_URL") or None,
            telegram_webhook_url=os.environ.get("TELEGRAM_WEBHOOK_URL") or None,
            widget_origins=parse_origins(os.environ.get("WIDGET_ORIGINS", "")),
            quick_exit_url=os.environ.get("QUICK_EXIT_URL") or DEFAULT_QUICK_EXIT_URL,
        )


def parse_origins(value: str) -> tuple[str, ...]:
    """'https://a.org, https://b.org/' -> ('https://a.org', 'https://b.org'); a value that
    is not an http(s) origin is refused at start rather than silently ignored."""
    origins = []
    for item in value.replace(",", " ").split():
        parsed = urlsplit(item.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.path not in "/":
            raise ValueError(f"WIDGET_ORIGINS: {item!r} is not an origin like https://ngo.example")
        origins.append(f"{parsed.scheme}://{parsed.netloc}".lower())
    return tuple(origins)
