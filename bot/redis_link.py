"""The connection to Redis, and what the assistant does while Redis is away.

Every command goes through `RedisLink.run`, which never waits longer than `timeout`
seconds (an async client, so a slow Redis holds up no one else either). A failed or slow
command marks Redis as away: from then on commands fail at once with `RedisAway`, and the
stores answer from their memory copies, until a background probe finds Redis answering
again. Before Redis counts as back, every recovery callback runs (the conversation store
writes back what changed during the outage), so no answer ever reads an older copy from
Redis than the one in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import redis
import redis.asyncio

logger = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULT_TIMEOUT = 0.25
PROBE_SECONDS = 0.5
_FAILURES = (redis.RedisError, OSError, asyncio.TimeoutError)


class RedisAway(Exception):
    """Redis did not answer in time, or is known to be away."""


class RedisLink:
    """An async Redis client with a short timeout and an 'away' state."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self.client: redis.asyncio.Redis = redis.asyncio.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry_on_timeout=False,
        )
        self.up = True
        self.outages = 0
        self._on_recovery: list[Callable[[], Awaitable[None]]] = []
        self._probe: asyncio.Task[None] | None = None
        self._listeners: list[asyncio.Task[None]] = []
        self._closing = False

    def on_recovery(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Run `callback` when Redis answers again, before it counts as back."""
        self._on_recovery.append(callback)

    async def run(self, command: Callable[[redis.asyncio.Redis], Awaitable[T]]) -> T:
        """`command(client)` within the timeout; RedisAway when Redis is away or fails."""
        if not self.up:
            raise RedisAway
        return await self._attempt(command)

    async def _attempt(self, command: Callable[[redis.asyncio.Redis], Awaitable[T]]) -> T:
        try:
            # The socket timeout bounds each read; this bounds the whole command.
            return await asyncio.wait_for(command(self.client), self.timeout * 2)
        except _FAILURES as error:
            self._away(error)
            raise RedisAway from None

    def _away(self, error: BaseException) -> None:
        if self.up:
            self.up = False
            self.outages += 1
            logger.warning("Redis is away (%s): answering from memory", type(error).__name__)
        if self._probe is None or self._probe.done():
            self._probe = asyncio.get_running_loop().create_task(self._wait_for_redis())

    async def _wait_for_redis(self) -> None:
        while not self._closing:
            await asyncio.sleep(PROBE_SECONDS)
            try:
                await asyncio.wait_for(self.client.ping(), self.timeout * 2)
                for callback in self._on_recovery:
                    await callback()
            except (*_FAILURES, RedisAway):
                continue
            self.up = True
            logger.warning("Redis is back: conversations written back")
            return

    async def recovering(self, command: Callable[[redis.asyncio.Redis], Awaitable[T]]) -> T:
        """A command from a recovery callback (Redis does not count as back yet)."""
        try:
            return await asyncio.wait_for(command(self.client), self.timeout * 4)
        except _FAILURES:
            raise RedisAway from None

    def listen(self, channel: str, handler: Callable[[bytes], None]) -> None:
        """Call `handler` with every message published on `channel`, reconnecting after
        outages (started once, inside the running event loop)."""
        task = asyncio.get_running_loop().create_task(self._listen(channel, handler))
        self._listeners.append(task)

    async def _listen(self, channel: str, handler: Callable[[bytes], None]) -> None:
        # Stopped by the flag, not by cancelling alone: redis-py's pub/sub read may swallow
        # a cancellation, and then the loop would never end.
        while not self._closing:
            pubsub: Any = self.client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(channel)
                while not self._closing:
                    message = await pubsub.get_message(timeout=1.0)
                    if message and isinstance(message.get("data"), bytes):
                        handler(message["data"])
            except asyncio.CancelledError:
                await self._quietly_close(pubsub)
                raise
            except _FAILURES:
                await self._quietly_close(pubsub)
                await asyncio.sleep(PROBE_SECONDS)
            else:
                await self._quietly_close(pubsub)

    @staticmethod
    async def _quietly_close(pubsub: Any) -> None:
        # Not in a `finally`: a coroutine collected with its loop must not await.
        with contextlib.suppress(*_FAILURES):
            await pubsub.close()

    async def stop_background(self) -> None:
        """End the listener and the probe (at shutdown, before the server waits for its
        remaining tasks; answers still being given may go on using the client)."""
        self._closing = True
        tasks = [*self._listeners, *([self._probe] if self._probe else [])]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2)

    async def close(self) -> None:
        await self.stop_background()
        with contextlib.suppress(*_FAILURES):
            await self.client.close()
