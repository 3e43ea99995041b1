"""Settings from the environment (the README lists every one)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.paths import MODELS_DIR

STATE_DIR = (
    Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "safe-work-assistant"
)

MAX_MESSAGE_CHARS = 4000
# Conversations are forgotten after this long without a message (12 hours).
DEFAULT_SESSION_TTL = 12 * 60 * 60


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
    database_url: str = f"sqlite:///{STATE_DIR / 'assistant.db'}"
    telegram_token: str | None = None
    telegram_api_base_url: str | None = None
    telegram_webhook_url: str | None = None

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
            database_url=os.environ.get("DATABASE_URL", cls.database_url),
            telegram_token=os.environ.get("TELEGRAM_TOKEN") or None,
            telegram_api_base_url=os.environ.get("TELEGRAM_API_BASE_URL") or None,
            telegram_webhook_url=os.environ.get("TELEGRAM_WEBHOOK_URL") or None,
        )
