"""One message at a time per conversation, without ever waiting long on Redis.

Rasa serialises the messages of one conversation with a lock store; its Redis lock store
polls once a second with a blocking client on the event loop, so a slow Redis would hold
up everyone. `ConversationLocks` keeps Rasa's contract (`async with store.lock(id)`) with:

- an asyncio lock per conversation in this process (no polling, released on the spot and
  dropped when nobody waits), and
- with Redis, a lock key shared by every process (`SET NX PX`, released only by its
  holder), polled every 50 ms. While Redis is away the process-local lock alone serialises
  the conversation: answers go on, never wait on Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockStore

from bot.redis_link import RedisAway, RedisLink

logger = logging.getLogger(__name__)
KEY_PREFIX = "sessions:lock:"
# A holder that died frees the conversation after this long; one message takes far less.
LOCK_SECONDS = 30.0
POLL_SECONDS = 0.05
# Delete the key only if this process still holds it (it may have expired and be taken).
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"


class _Local:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ConversationLocks(LockStore):
    """Per-conversation locks: in this process, and across processes when Redis is given."""

    def __init__(self, link: RedisLink | None = None, lock_seconds: float = LOCK_SECONDS):
        self.link = link
        self.lock_seconds = lock_seconds
        self._local: dict[str, _Local] = {}

    @contextlib.asynccontextmanager
    async def lock(  # type: ignore[override]
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_SECONDS,
        wait_time_in_seconds: float = 0,
    ) -> AsyncIterator[TicketLock]:
        local = self._local.setdefault(conversation_id, _Local())
        local.users += 1
        try:
            async with local.lock:
                token = await self._acquire_shared(conversation_id)
                try:
                    yield TicketLock(conversation_id)
                finally:
                    if token is not None:
                        await self._release_shared(conversation_id, token)
        finally:
            local.users -= 1
            if local.users == 0:
                self._local.pop(conversation_id, None)

    async def _acquire_shared(self, conversation_id: str) -> str | None:
        """The Redis lock's token, or None when Redis is away (this process's lock alone)."""
        if self.link is None:
            return None
        token = secrets.token_hex(8)
        key = KEY_PREFIX + conversation_id
        milliseconds = int(self.lock_seconds * 1000)
        # A lock left by a holder that died expires within lock_seconds.
        deadline = time.monotonic() + self.lock_seconds
        while True:
            try:
                if await self.link.run(lambda r: r.set(key, token, nx=True, px=milliseconds)):
                    return token
            except RedisAway:
                return None
            if time.monotonic() > deadline:
                logger.warning("a conversation lock outlived its holder; answering anyway")
                return None
            await asyncio.sleep(POLL_SECONDS)

    async def _release_shared(self, conversation_id: str, token: str) -> None:
        assert self.link is not None
        with contextlib.suppress(RedisAway):
            await self.link.run(lambda r: r.eval(_RELEASE, 1, KEY_PREFIX + conversation_id, token))

    def waiting(self) -> int:
        """How many conversations have a message being answered or waiting (for tests)."""
        return len(self._local)

    # Rasa's ticket-lock interface, unused: locking goes through `lock` above.
    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return None

    def delete_lock(self, conversation_id: str) -> None:
        return None

    def save_lock(self, lock: TicketLock) -> None:
        return None
