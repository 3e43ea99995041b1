"""Where conversations live between messages, and for how long.

- Embedded default: each conversation is a live tracker object in this process's memory (no
  JSON round trip per message, which in Rasa's own in-memory store costs time in proportion
  to the conversation's length), forgotten after `ttl_seconds` without activity.
- With REDIS_URL: Rasa's Redis tracker and lock stores, every key written with an expiry
  of at most SESSION_TTL (refreshed on each message), so several server processes share
  one consistent conversation and nothing outlives the TTL. The client retries briefly, so
  a restarted Redis costs at most the conversation, never an error.

Both can delete a conversation at once (/forget).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import RedisTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

KEY_PREFIX = "sessions"
# A lock lives as long as one message is being handled; its key never outlives this.
LOCK_TTL_SECONDS = 120


def redis_client(url: str) -> redis.Redis:
    """A client that reconnects and retries a few times when Redis restarts."""
    return redis.Redis.from_url(
        url,
        socket_timeout=2,
        socket_connect_timeout=2,
        health_check_interval=15,
        retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), retries=5),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError],
    )


class ExpiringMemoryTrackerStore(TrackerStore):
    """Live trackers in a dict, each dropped after a quiet period."""

    def __init__(self, domain: Domain | None, ttl_seconds: float) -> None:
        super().__init__(domain)
        self.ttl_seconds = ttl_seconds
        self._trackers: dict[str, tuple[float, DialogueStateTracker]] = {}

    def _expire(self) -> None:
        now = time.monotonic()
        for sender_id in [s for s, (until, _) in self._trackers.items() if until <= now]:
            del self._trackers[sender_id]

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._expire()
        self._trackers[tracker.sender_id] = (time.monotonic() + self.ttl_seconds, tracker)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self._expire()
        entry = self._trackers.get(sender_id)
        return entry[1] if entry else None

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self.retrieve(conversation_id)

    async def keys(self) -> Iterable[str]:
        self._expire()
        return list(self._trackers)

    async def delete(self, sender_id: str) -> None:
        """Forget a conversation at once."""
        self._trackers.pop(sender_id, None)

    async def exists(self, sender_id: str) -> bool:
        return await self.retrieve(sender_id) is not None

    def __len__(self) -> int:
        return len(self._trackers)


class ExpiringRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store with a TTL on every key and a delete."""

    def __init__(self, domain: Domain | None, client: redis.Redis, ttl_seconds: int) -> None:
        TrackerStore.__init__(self, domain)
        self.red = client
        self.record_exp = ttl_seconds
        self.key_prefix = f"{KEY_PREFIX}:tracker:"

    async def delete(self, sender_id: str) -> None:
        self.red.delete(self.key_prefix + sender_id)

    async def exists(self, sender_id: str) -> bool:
        return bool(self.red.exists(self.key_prefix + sender_id))


class ExpiringRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store whose keys expire even if a process dies mid-message.

    While Redis cannot be reached, locks are kept in this process instead (as Rasa's
    fail-safe does for conversations), so people still get answers.
    """

    def __init__(self, client: redis.Redis, ttl_seconds: int) -> None:
        LockStore.__init__(self)
        self.red = client
        self.key_prefix = f"{KEY_PREFIX}:lock:"
        self.ttl_seconds = min(ttl_seconds, LOCK_TTL_SECONDS)
        self.fallback = InMemoryLockStore()

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        try:
            return super().get_lock(conversation_id) or self.fallback.get_lock(conversation_id)
        except redis.RedisError:
            return self.fallback.get_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        try:
            self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), ex=self.ttl_seconds)
        except redis.RedisError:
            self.fallback.save_lock(lock)

    def delete_lock(self, conversation_id: str) -> None:
        self.fallback.delete_lock(conversation_id)
        with contextlib.suppress(redis.RedisError):
            super().delete_lock(conversation_id)
