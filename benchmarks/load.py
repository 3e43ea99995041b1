"""Load benchmark: this assistant's server against stock `rasa run` on the same model.

Starts both servers on this machine (loopback only), measures for each the time from
process start to the first reply, then throughput and p50/p99 latency through the REST
webhook at 1, 10 and 100 concurrent conversations, and the peak memory (VmHWM) of the
server process. Prints a table and the ratios. Bounded: a fixed number of messages per
level and a time limit per level.

    .venv/bin/python -m benchmarks.load [--messages 600] [--levels 1,10,100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bot.paths import ENDPOINTS_FILE, PROJECT_DIR
from bot.settings import Settings
from bot.training import model_path

WEBHOOK = "/webhooks/rest/webhook"
LEVEL_TIME_LIMIT = 300.0
# One person's conversation (23 messages), in three languages, with topics, buttons and the
# self-check; each simulated person then starts over as a new person.
SCRIPT: list[tuple[str, dict[str, str]]] = [
    ("hello", {}),
    ("my boss took my passport", {}),
    ("I am in Sweden", {}),
    ("who can I call?", {}),
    ('/start_selfcheck{"selfcheck_reset":null}', {}),
    *[("no", {})] * 8,
    ("Привет", {"language": "ru"}),
    ("мне не платят зарплату", {"language": "ru"}),
    ("меня заперли и угрожают", {"language": "ru"}),
    ("مرحبا", {"language": "ar", "country": "DE"}),
    ("ما هو الحد الأدنى للأجور", {"language": "ar"}),
    ("/ask_helpline", {}),
    ("thank you", {}),
]


@dataclass
class Level:
    concurrency: int
    messages: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _post(session: aiohttp.ClientSession, url: str, body: dict) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        async with session.post(url, json=body) as response:
            await response.read()
            ok = response.status == 200
    except aiohttp.ClientError:
        ok = False
    return time.perf_counter() - start, ok


async def wait_first_reply(url: str, process: subprocess.Popen, started: float) -> float:
    """Seconds from process start until the webhook first answers a message."""
    async with aiohttp.ClientSession() as session:
        while time.perf_counter() - started < 600:
            if process.poll() is not None:
                raise RuntimeError("server exited before answering")
            try:
                _, ok = await _post(session, url, {"sender": "probe", "message": "hello"})
                if ok:
                    return time.perf_counter() - started
            except OSError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("server did not answer in time")


async def run_level(url: str, concurrency: int, total: int) -> Level:
    latencies: list[float] = []
    errors = 0
    budget = iter(range(total))
    deadline = time.perf_counter() + LEVEL_TIME_LIMIT

    async def person(session: aiohttp.ClientSession) -> None:
        nonlocal errors
        sender = uuid.uuid4().hex
        step = 0
        while next(budget, None) is not None and time.perf_counter() < deadline:
            if step and step % len(SCRIPT) == 0:
                sender = uuid.uuid4().hex  # a new person after each full conversation
            text, metadata = SCRIPT[step % len(SCRIPT)]
            body: dict = {"sender": sender, "message": text}
            if metadata:
                body["metadata"] = metadata
            elapsed, ok = await _post(session, url, body)
            latencies.append(elapsed)
            errors += not ok
            step += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        start = time.perf_counter()
        await asyncio.gather(*(person(session) for _ in range(concurrency)))
        seconds = time.perf_counter() - start
    return Level(concurrency, len(latencies), seconds, latencies, errors)


def start(command: list[str], log: Path) -> tuple[subprocess.Popen, float]:
    env = {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "RASA_TELEMETRY_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return process, started


async def measure(
    name: str, command: list[str], port: int, levels: list[int], messages: int, warmup: int
) -> dict:
    log = Path(f"/tmp/benchmark-{name}.log")
    process, started = start(command, log)
    url = f"http://127.0.0.1:{port}{WEBHOOK}"
    try:
        first_reply = await wait_first_reply(url, process, started)
        await run_level(url, 10, warmup)  # warm caches the same way for both servers
        results = [await run_level(url, c, messages if c > 1 else messages // 3) for c in levels]
        memory = peak_rss_mb(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return {"name": name, "first_reply_s": first_reply, "peak_rss_mb": memory, "levels": results}


def print_report(ours: dict, stock: dict) -> None:
    print(f"\n{'server':<12}{'conc':>6}{'msgs':>7}{'err':>5}{'msg/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for result in (ours, stock):
        for level in result["levels"]:
            print(
                f"{result['name']:<12}{level.concurrency:>6}{level.messages:>7}{level.errors:>5}"
                f"{level.throughput:>9.1f}{level.percentile(0.5):>9.1f}"
                f"{level.percentile(0.99):>9.1f}"
            )
    print(f"\n{'server':<12}{'first reply s':>15}{'peak RSS MB':>13}")
    for result in (ours, stock):
        print(f"{result['name']:<12}{result['first_reply_s']:>15.1f}{result['peak_rss_mb']:>13.0f}")
    print("\nratios (ours / stock):")
    for mine, theirs in zip(ours["levels"], stock["levels"], strict=True):
        ratio = mine.throughput / theirs.throughput
        print(
            f"  {mine.concurrency:>3} concurrent: throughput x{ratio:.2f},"
            f" p99 {mine.percentile(0.99):.0f} ms vs {theirs.percentile(0.99):.0f} ms"
        )
    summary = {
        r["name"]: {
            "first_reply_s": round(r["first_reply_s"], 2),
            "peak_rss_mb": round(r["peak_rss_mb"]),
            "levels": {
                lv.concurrency: {
                    "msg_per_s": round(lv.throughput, 1),
                    "p50_ms": round(lv.percentile(0.5), 1),
                    "p99_ms": round(lv.percentile(0.99), 1),
                    "errors": lv.errors,
                }
                for lv in r["levels"]
            },
        }
        for r in (ours, stock)
    }
    print("\n" + json.dumps(summary))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=600, help="messages per level")
    parser.add_argument("--levels", default="1,10,100")
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    model = model_path(Settings.from_env().models_dir)
    if not model.exists():
        sys.exit("no trained model: run `python -m bot train` first")
    ours_port, stock_port = free_port(), free_port()
    ours = await measure(
        "assistant",
        [sys.executable, "-m", "bot", "serve", "--port", str(ours_port)],
        ours_port,
        levels,
        args.messages,
        args.warmup,
    )
    stock = await measure(
        "stock-rasa",
        [
            sys.executable,
            "-m",
            "rasa",
            "run",
            "--enable-api",
            "--model",
            str(model),
            "--endpoints",
            str(ENDPOINTS_FILE),
            "--port",
            str(stock_port),
        ],
        stock_port,
        levels,
        args.messages,
        args.warmup,
    )
    print_report(ours, stock)


if __name__ == "__main__":
    asyncio.run(main())
