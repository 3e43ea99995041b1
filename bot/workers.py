"""Worker threads for the CPU-heavy part of a message, off the event loop.

Understanding a message (the sentence encoder, language identification, n-grams, the
danger detector) takes from 10 ms to about half a second of CPU. On the event loop it
would hold up every other person's answer and the health check; here it runs in worker
threads (the encoder and numpy release the interpreter lock while they compute). Two
lanes, so that a short "hello" never queues behind long messages: messages up to
`light_cost` go to the light lane, longer ones to the heavy lane. Each lane has a fixed
number of threads, so however many long messages arrive, they wait their turn there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class CpuLanes:
    """A light and a heavy lane of worker threads, chosen by a message's cost."""

    def __init__(self, light_cost: int = 48, light_threads: int = 1, heavy_threads: int = 1):
        self.light_cost = light_cost
        self._light = ThreadPoolExecutor(light_threads, thread_name_prefix="understand-light")
        self._heavy = ThreadPoolExecutor(heavy_threads, thread_name_prefix="understand-heavy")

    async def run(self, cost: int, work: Callable[..., T], *args: object) -> T:
        """Run `work(*args)` in the lane for this cost and wait for it without blocking."""
        lane = self._light if cost <= self.light_cost else self._heavy
        return await asyncio.get_running_loop().run_in_executor(lane, work, *args)

    def close(self) -> None:
        self._light.shutdown(wait=False, cancel_futures=True)
        self._heavy.shutdown(wait=False, cancel_futures=True)
