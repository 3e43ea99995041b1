"""Fairness benchmark: how long another person's "hello" waits while long messages arrive.

Starts the server (loopback only), then measures short greetings from new people, alone
and while five 4,000-character messages of different shapes (one-letter words, emoji,
Chinese characters, Arabic words, punctuation) are being answered for five other people,
and /health meanwhile. Prints a table and, as its last line, one JSON object.

    .venv/bin/python -m benchmarks.fairness [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from benchmarks.load import free_port, start, wait_first_reply

WEBHOOK = "/webhooks/rest/webhook"
MAX_CHARS = 4000
# Varied, as people write them, and never the same text twice in a run (no parse cache).
_OPENINGS = [
    "hi",
    "good morning",
    "привет",
    "здравствуйте",
    "مرحبا",
    "السلام عليكم",
    "hey",
    "добрый день",
    "hello there",
    "مساء الخير",
    "good evening",
    "доброе утро",
]
_ENDINGS = [
    "",
    ", I need help",
    ", are you there?",
    ", can you help me",
    " please",
    ", a friend told me about you",
]
GREETINGS = [f"{opening}{ending}" for ending in _ENDINGS for opening in _OPENINGS]


def heavy_messages() -> dict[str, str]:
    """Five shapes of a 4,000-character message, each costly in its own way."""
    shapes = {
        "one-letter words": "a " * 2000,
        "emoji": "😀🙏🏽" * 1000,
        "chinese": "我的老板拿走了我的护照" * 400,
        "arabic words": "صاحب العمل أخذ جواز سفري " * 200,
        "punctuation": "!?.,;:-" * 600,
    }
    return {name: text[:MAX_CHARS] for name, text in shapes.items()}


@dataclass
class Round:
    alone: list[float] = field(default_factory=list)
    beside_heavy: list[float] = field(default_factory=list)
    health: list[float] = field(default_factory=list)
    heavy: dict[str, float] = field(default_factory=dict)
    heavy_done_at: float = 0.0
    hellos_done_at: float = 0.0
    statuses: list[int] = field(default_factory=list)


async def _say(session: aiohttp.ClientSession, base: str, text: str) -> tuple[float, int]:
    started = time.perf_counter()
    body = {"sender": uuid.uuid4().hex, "message": text}
    async with session.post(base + WEBHOOK, json=body) as response:
        await response.read()
        return time.perf_counter() - started, response.status


async def _health(session: aiohttp.ClientSession, base: str) -> float:
    started = time.perf_counter()
    async with session.get(base + "/health") as response:
        await response.read()
    return time.perf_counter() - started


async def measure_round(
    session: aiohttp.ClientSession, base: str, number: int = 0, greetings: int = 6
) -> Round:
    """Greetings alone, then as many others beside the five heavy messages (round
    `number` takes its own greetings)."""
    result = Round()
    first = number * 2 * greetings % len(GREETINGS)
    mine = (GREETINGS * 2)[first : first + 2 * greetings]
    for text in mine[:greetings]:
        seconds, status = await _say(session, base, text)
        result.alone.append(seconds)
        result.statuses.append(status)

    async def heavy(name: str, text: str) -> None:
        seconds, status = await _say(session, base, text)
        result.heavy[name] = seconds
        result.statuses.append(status)

    tasks = [asyncio.create_task(heavy(n, t)) for n, t in heavy_messages().items()]
    await asyncio.sleep(0.2)  # the heavy messages are being understood now
    for text in mine[greetings:]:
        result.health.append(await _health(session, base))
        seconds, status = await _say(session, base, text)
        result.beside_heavy.append(seconds)
        result.statuses.append(status)
    result.hellos_done_at = time.perf_counter()
    await asyncio.gather(*tasks)
    result.heavy_done_at = time.perf_counter()
    return result


def _ms(values: list[float]) -> str:
    return f"p50 {statistics.median(values) * 1000:6.0f} ms  max {max(values) * 1000:6.0f} ms"


async def run(rounds: int) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process, started = start(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)], Path("/tmp/fairness.log")
    )
    try:
        await wait_first_reply(base + WEBHOOK, process, started)
        timeout = aiohttp.ClientTimeout(total=120)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            results = [await measure_round(session, base, n) for n in range(rounds)]
    finally:
        process.terminate()
        process.wait(timeout=30)
    alone = [s for r in results for s in r.alone]
    beside = [s for r in results for s in r.beside_heavy]
    health = [s for r in results for s in r.health]
    print(f"hello alone            {_ms(alone)}")
    print(f"hello beside 5 heavy   {_ms(beside)}")
    print(f"/health beside heavy   {_ms(health)}")
    for name in heavy_messages():
        print(f"heavy: {name:18} {_ms([r.heavy[name] for r in results])}")
    return {
        "hello_alone_p50_ms": round(statistics.median(alone) * 1000),
        "hello_beside_heavy_p50_ms": round(statistics.median(beside) * 1000),
        "hello_beside_heavy_max_ms": round(max(beside) * 1000),
        "health_max_ms": round(max(health) * 1000),
        "heavy_max_ms": round(max(max(r.heavy.values()) for r in results) * 1000),
        "non_200": sum(status != 200 for r in results for status in r.statuses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="at most 6 (no repeated text)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.rounds))))


if __name__ == "__main__":
    main()
