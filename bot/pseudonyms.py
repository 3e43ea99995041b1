"""Pseudonymous conversation ids: Rasa never sees a platform id.

The id Rasa and every store see is HMAC-SHA256(secret, channel + platform id). Without the
secret it cannot be traced back to a person or a phone. The secret comes from
SESSION_SECRET, or is generated once into SESSION_SECRET_FILE (default
~/.local/state/safe-work-assistant/session_secret), which is kept outside Redis and the
database. Rotating the secret gives every person a new id: old conversations are simply
never found again and expire.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def load_secret(value: str | None, path: Path) -> bytes:
    """The configured secret, or the one in `path`, created there on first use."""
    if value:
        return value.encode("utf-8")
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = secrets.token_hex(32).encode("ascii")
    # O_EXCL: two processes starting together keep one secret; 0600: only this user reads it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return secret


class Pseudonymizer:
    """Turns (channel, platform id) into the conversation id the assistant stores."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("SESSION_SECRET must be at least 16 characters")
        self._secret = secret

    def __call__(self, channel: str, platform_id: str) -> str:
        message = f"{channel}\x1f{platform_id}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()
