"""Where conversations live between messages, and for how long.

- Embedded default: each conversation is a live tracker object in this process's memory (no
  JSON round trip per message, which in Rasa's own in-memory store costs time in proportion
  to the conversation's length), forgotten after `ttl_seconds` without activity.
- With REDIS_URL: `ResilientRedisTrackerStore`. Every key is written with an expiry of
  SESSION_TTL (refreshed on each message), so several server processes share one
  conversation and nothing outlives the TTL. Each process also keeps a compressed copy of
  the conversations it handled recently; while Redis is away or slow (bot.redis_link) the
  conversation goes on from that copy, and what changed is written back when Redis
  answers again. A Redis that comes back empty (restarted) gets every copy back.

Both delete a conversation at once (/forget); with Redis, other processes are told to drop
their copies, and a deletion during an outage is carried out when Redis is back.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from rasa.core.tracker_store import SerializedTrackerAsText, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.redis_link import RedisAway, RedisLink

logger = logging.getLogger(__name__)
KEY_PREFIX = "sessions"
# Set once in a Redis that holds conversations; missing means Redis lost its data.
GENERATION_KEY = f"{KEY_PREFIX}:generation"
FORGET_CHANNEL = f"{KEY_PREFIX}:forget"
DEFAULT_COPIES = 10_000


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


@dataclass
class _Copy:
    until: float  # time.monotonic() after which the copy is gone, as in Redis
    data: bytes  # the serialised tracker, zlib-compressed
    dirty: bool  # changed since Redis last took it


class OutageCopies:
    """Compressed copies of recent conversations, at most `size`, each expiring like its
    Redis key. Only read while Redis is away (or came back empty)."""

    def __init__(self, ttl_seconds: float, size: int = DEFAULT_COPIES) -> None:
        self.ttl_seconds = ttl_seconds
        self.size = size
        self._copies: OrderedDict[str, _Copy] = OrderedDict()

    def put(self, sender_id: str, serialised: str, dirty: bool) -> None:
        self._copies[sender_id] = _Copy(
            time.monotonic() + self.ttl_seconds, zlib.compress(serialised.encode(), 1), dirty
        )
        self._copies.move_to_end(sender_id)
        while len(self._copies) > self.size:
            self._copies.popitem(last=False)

    def get(self, sender_id: str) -> _Copy | None:
        copy = self._copies.get(sender_id)
        if copy is not None and copy.until <= time.monotonic():
            del self._copies[sender_id]
            return None
        return copy

    def text(self, sender_id: str) -> str | None:
        copy = self.get(sender_id)
        return zlib.decompress(copy.data).decode() if copy else None

    def drop(self, sender_id: str) -> None:
        self._copies.pop(sender_id, None)

    def live(self, dirty_only: bool) -> list[tuple[str, _Copy]]:
        """(sender, copy) of every unexpired copy, or of the changed ones only."""
        now = time.monotonic()
        for sender_id in [s for s, c in self._copies.items() if c.until <= now]:
            del self._copies[sender_id]
        return [(s, c) for s, c in self._copies.items() if c.dirty or not dirty_only]

    def __len__(self) -> int:
        return len(self._copies)


class ResilientRedisTrackerStore(TrackerStore, SerializedTrackerAsText):
    """Conversations in Redis, carried through Redis outages by the copies in memory."""

    def __init__(
        self,
        domain: Domain | None,
        link: RedisLink,
        ttl_seconds: int,
        copies: int = DEFAULT_COPIES,
    ) -> None:
        TrackerStore.__init__(self, domain)
        self.link = link
        self.ttl_seconds = ttl_seconds
        self.key_prefix = f"{KEY_PREFIX}:tracker:"
        self.copies = OutageCopies(ttl_seconds, copies)
        # Conversations erased while Redis was away: deleted there when it is back.
        self._erased: set[str] = set()
        self._listening = False
        link.on_recovery(self.write_back)

    def _key(self, sender_id: str) -> str:
        return self.key_prefix + sender_id

    def _start_listening(self) -> None:
        """Hear about conversations erased by other processes (inside the event loop)."""
        if not self._listening:
            self._listening = True
            self.link.listen(FORGET_CHANNEL, lambda sender: self.copies.drop(sender.decode()))

    async def _stored(self, sender_id: str) -> str | None:
        """The serialised conversation: from Redis, or from the copy while Redis is away
        or after it came back empty."""
        self._start_listening()
        try:
            found = await self.link.run(lambda r: r.get(self._key(sender_id)))
        except RedisAway:
            return self.copies.text(sender_id)
        if found is not None:
            return found.decode() if isinstance(found, bytes) else str(found)
        copy = self.copies.get(sender_id)
        if copy is None:
            return None
        # Not in Redis but copied here: Redis lost its data (then every copy goes back),
        # or the conversation was erased or expired there (then the copy goes too).
        if copy.dirty or await self._redis_lost_data():
            return self.copies.text(sender_id)
        self.copies.drop(sender_id)
        return None

    async def _redis_lost_data(self) -> bool:
        try:
            if await self.link.run(lambda r: r.exists(GENERATION_KEY)):
                return False
        except RedisAway:
            return True
        await self.write_back()
        return True

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        stored = await self._stored(sender_id)
        return self.deserialise_tracker(sender_id, stored) if stored else None

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self.retrieve(conversation_id)

    async def exists(self, sender_id: str) -> bool:
        """Whether a conversation is kept (Redis's EXISTS, no transfer, while Redis is up)."""
        try:
            if await self.link.run(lambda r: r.exists(self._key(sender_id))):
                return True
        except RedisAway:
            return self.copies.get(sender_id) is not None
        return await self._stored(sender_id) is not None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Into the copy first (so an outage loses nothing), then into Redis."""
        sender_id = tracker.sender_id
        serialised = self.serialise_tracker(tracker)
        self._erased.discard(sender_id)
        self.copies.put(sender_id, serialised, dirty=True)
        try:
            await self.link.run(
                lambda r: r.set(self._key(sender_id), serialised, ex=self.ttl_seconds)
            )
        except RedisAway:
            return
        copy = self.copies.get(sender_id)
        if copy is not None:
            copy.dirty = False

    async def delete(self, sender_id: str) -> None:
        """Erase everywhere: here, in Redis, and in the other processes' copies."""
        self.copies.drop(sender_id)
        try:
            await self.link.run(lambda r: r.delete(self._key(sender_id)))
            await self.link.run(lambda r: r.publish(FORGET_CHANNEL, sender_id))
        except RedisAway:
            self._erased.add(sender_id)

    async def keys(self) -> Iterable[str]:
        try:
            keys = await self.link.run(lambda r: r.keys(self.key_prefix + "*"))
        except RedisAway:
            return [sender for sender, _ in self.copies.live(dirty_only=False)]
        return [k.decode().removeprefix(self.key_prefix) for k in keys]

    async def write_back(self) -> None:
        """Redis answers again: carry out the erasures and write back what changed (every
        copy if Redis came back empty), until nothing is left to write."""
        lost = not await self.link.recovering(lambda r: r.exists(GENERATION_KEY))
        while self._erased:
            await self._erase_in_redis(self._erased.pop())
        written = 0
        pending = self.copies.live(dirty_only=not lost)
        while pending:
            for sender_id, copy in pending:
                await self._write(sender_id, copy)
                written += 1
            pending = self.copies.live(dirty_only=True)
        await self.link.recovering(lambda r: r.set(GENERATION_KEY, b"1"))
        if written:
            logger.warning("wrote %d conversations back to Redis", written)

    async def _erase_in_redis(self, sender_id: str) -> None:
        await self.link.recovering(lambda r: r.delete(self._key(sender_id)))
        await self.link.recovering(lambda r: r.publish(FORGET_CHANNEL, sender_id))

    async def _write(self, sender_id: str, copy: _Copy) -> None:
        """One copy back into Redis, expiring when it would have."""
        expire_ms = max(1, int((copy.until - time.monotonic()) * 1000))
        data = zlib.decompress(copy.data)
        await self.link.recovering(lambda r: r.set(self._key(sender_id), data, px=expire_ms))
        if self.copies.get(sender_id) is copy:  # not changed meanwhile
            copy.dirty = False
