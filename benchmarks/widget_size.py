"""Web chat size and slow-connection benchmark, measured in Debian's Chromium.

Opens the demo NGO page on a phone-sized screen, presses the chat button and records every
response the browser receives, by the bytes actually transferred (gzipped bodies). Prints
what it takes to open the chat (the embed script, the chat page, its script and style;
budget 25 KB) apart from the NGO page itself and the first answer. Then the same on an
emulated slow 3G connection (400 kbit/s, 400 ms round trip): seconds from the press to the
greeting on screen.

    .venv/bin/python -m benchmarks.widget_size
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks.load import free_port, start, wait_first_reply
from bot.i18n import text

BUDGET_BYTES = 25 * 1024
CHROMIUM = "/usr/bin/chromium"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
HOST_PAGE = ("/demo", "/static/demo.css")  # the NGO's own page, not the chat
# Chrome DevTools' network conditions: bytes per second, milliseconds.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}


def _open_chat(page: Page, base: str, language: str) -> float:
    """Seconds from pressing the chat button to the greeting on screen."""
    page.goto(f"{base}/demo?lang={language}&country=SE")
    page.get_by_role("button", name=text(language, "web_open")).wait_for()
    pressed = time.perf_counter()
    page.get_by_role("button", name=text(language, "web_open")).click()
    page.frame_locator("iframe").locator(".msg.bot").nth(1).wait_for(timeout=120_000)
    return time.perf_counter() - pressed


def measure(browser: Browser, base: str, language: str = "en") -> dict[str, int]:
    """Transferred bytes per path to open the chat from the demo page."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    _open_chat(page, base, language)
    page.wait_for_timeout(300)
    sizes: dict[str, int] = {}
    for request in finished:
        path = urlsplit(request.url).path
        sizes[path] = sizes.get(path, 0) + request.sizes()["responseBodySize"]
    context.close()
    return sizes


def chat_bytes(sizes: dict[str, int]) -> int:
    """What opening the chat costs: everything but the host page and the answers."""
    return sum(n for p, n in sizes.items() if p not in HOST_PAGE and not p.startswith("/webhooks"))


def slow_open_seconds(browser: Browser, base: str, language: str) -> float:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    seconds = _open_chat(page, base, language)
    context.close()
    return seconds


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with TemporaryDirectory() as state:
        log = Path(state) / "server.log"
        process, started = start([sys.executable, "-m", "bot", "serve", "--port", str(port)], log)
        try:
            asyncio.run(wait_first_reply(f"{base}/webhooks/rest/webhook", process, started))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                print("language  chat KB (gzip)  budget  first answer KB  slow 3G s")
                for language in ("en", "ru", "ar"):
                    sizes = measure(browser, base, language)
                    answers = sum(n for p, n in sizes.items() if p.startswith("/webhooks"))
                    total = chat_bytes(sizes)
                    slow = slow_open_seconds(browser, base, language)
                    print(
                        f"{language:8}  {total / 1024:14.1f}  {BUDGET_BYTES // 1024:4d} KB"
                        f"  {answers / 1024:15.1f}  {slow:9.1f}"
                    )
                print("\nper file, en:")
                for path, size in sorted(measure(browser, base).items()):
                    print(f"  {path:32} {size:7d} B")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
