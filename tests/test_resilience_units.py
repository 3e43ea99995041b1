"""Units of the hardening: the encoder's budget, the outage copies, the conversation locks
and the Redis link's short timeout (the whole server is tested in test_fairness.py and
test_sessions_redis.py)."""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest

from bot.lock_stores import ConversationLocks
from bot.nlu.sentence_embeddings import Encoder
from bot.redis_link import RedisAway, RedisLink
from bot.tracker_stores import OutageCopies
from tests.conftest import free_port


def word_encoder(max_tokens: int = 16, tail_tokens: int = 4) -> tuple[Encoder, list[str]]:
    """An encoder whose tokens are words; records what it was given to read."""
    seen: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return np.ones((len(texts), 3), dtype=np.float32)

    return Encoder(embed, lambda text: len(text.split()), max_tokens, tail_tokens), seen


def test_the_encoder_reads_a_long_text_s_beginning_and_end_within_its_budget() -> None:
    encoder, seen = word_encoder()
    words = [f"w{i}" for i in range(500)] + ["help", "me"]
    encoder([" ".join(words), "hello there"])
    long, short = seen
    assert short == "hello there"  # short texts are read whole
    assert long.split()[:5] == words[:5] and long.split()[-2:] == ["help", "me"]
    assert encoder.count_tokens(long) <= encoder.max_tokens
    assert encoder.cost(" ".join(words)) == encoder.max_tokens


def test_outage_copies_expire_stay_bounded_and_remember_what_changed() -> None:
    copies = OutageCopies(ttl_seconds=0.2, size=2)
    copies.put("a", '{"events": []}', dirty=True)
    copies.put("b", "b", dirty=False)
    copies.put("c", "c", dirty=True)
    assert copies.get("a") is None and len(copies) == 2  # the oldest went first
    assert copies.text("c") == "c"
    assert [sender for sender, _ in copies.live(dirty_only=True)] == ["c"]
    time.sleep(0.25)
    assert copies.get("c") is None and copies.live(dirty_only=False) == []


async def test_conversation_locks_serialise_one_conversation_only() -> None:
    locks = ConversationLocks()
    order: list[str] = []

    async def message(conversation: str, name: str, seconds: float) -> None:
        async with locks.lock(conversation):
            order.append(f"{name} in")
            await asyncio.sleep(seconds)
            order.append(f"{name} out")

    await asyncio.gather(message("x", "x1", 0.1), message("x", "x2", 0), message("y", "y1", 0))
    assert order.index("x1 out") < order.index("x2 in")  # same conversation: one at a time
    assert order.index("y1 out") < order.index("x1 out")  # another one did not wait
    assert locks.waiting() == 0  # nothing kept once answered


async def test_a_redis_that_does_not_answer_costs_one_short_timeout_then_nothing() -> None:
    link = RedisLink(f"redis://127.0.0.1:{free_port()}/0", timeout=0.2)
    started = time.monotonic()
    with pytest.raises(RedisAway):
        await link.run(lambda r: r.get("k"))
    assert time.monotonic() - started < 1.0 and not link.up
    started = time.monotonic()
    with pytest.raises(RedisAway):
        await link.run(lambda r: r.get("k"))
    assert time.monotonic() - started < 0.01  # known to be away: no waiting at all
    locks = ConversationLocks(link)
    async with locks.lock("x"):  # the lock falls back to this process alone
        pass
    await link.close()
