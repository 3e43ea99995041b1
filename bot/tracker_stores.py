"""Where conversations live between messages.

The embedded default keeps each conversation as a live tracker object in this process's
memory (no JSON round trip per message, which in Rasa's own in-memory store costs time in
proportion to the conversation's length) and forgets it after `ttl_seconds` without
activity, the same expiry the Redis store will apply.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


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

    def __len__(self) -> int:
        return len(self._trackers)
