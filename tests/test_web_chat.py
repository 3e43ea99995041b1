"""The web chat end to end: the real server, Debian's Chromium driven by Playwright.

Two NGO sites are served on their own origins (one on the WIDGET_ORIGINS allow-list, one
not), with the quick exit's neutral page. Phone-sized screenshots go to artifacts/web/.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Frame,
    FrameLocator,
    Locator,
    Page,
    sync_playwright,
)
from rasa.shared.core.domain import Domain

from bot.answers import AnswerRenderer
from bot.i18n import text
from bot.paths import DIALOGUES_DIR, PROJECT_DIR
from tests.conftest import WEBHOOK, free_port, run_server

CHROMIUM = "/usr/bin/chromium"
AXE = PROJECT_DIR / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_DIR / "artifacts" / "web"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
RENDERER = AnswerRenderer(Domain.load(str(DIALOGUES_DIR)).responses)
XSS = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'


def expected(name: str, **slots: str) -> str:
    return RENDERER.render(name, slots)["text"]


def greeting_button(payload: str, language: str) -> str:
    buttons = RENDERER.render("utter_greet", {"language": language})["buttons"]
    return next(b["title"] for b in buttons if b["payload"] == payload)


@dataclass
class Sites:
    chat: str  # the assistant's origin
    ngo: str  # an NGO site on the allow-list
    stranger: str  # a site not on it
    neutral: str  # where quick exit goes


def ngo_site(chat: str, port: int) -> ThreadingHTTPServer:
    """A bare NGO page embedding the widget with one script tag, and a neutral page."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            query = dict(p.split("=") for p in urlsplit(self.path).query.split("&") if "=" in p)
            lang = query.get("lang", "en")
            if self.path.startswith("/neutral"):
                body = "<!doctype html><title>Weather</title><h1>Weather today</h1>"
            else:
                body = (
                    f'<!doctype html><html lang="{lang}"><title>NGO</title><h1>Partner NGO</h1>'
                    '<p><a href="#a">First link</a> <a href="#b">Second link</a></p>'
                    f'<script src="{chat}/widget.js" data-lang="{lang}" data-country="SE" async>'
                    "</script></html>"
                )
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def sites(model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    chat_port, ngo_port, stranger_port = free_port(), free_port(), free_port()
    ngo, stranger = f"http://localhost:{ngo_port}", f"http://localhost:{stranger_port}"
    settings = {"WIDGET_ORIGINS": ngo, "QUICK_EXIT_URL": f"{ngo}/neutral"}
    with run_server(tmp_path_factory, port=chat_port, **settings) as chat:
        servers = [ngo_site(chat, ngo_port), ngo_site(chat, stranger_port)]
        yield Sites(chat, f"{ngo}/", f"{stranger}/", f"{ngo}/neutral")
        for server in servers:
            server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/services")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(**PHONE)
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_chat_frame(page: Page) -> Frame:
    """The widget's iframe, once open_widget has loaded it (for evaluating in its document)."""
    return next(f for f in page.frames if "/chat" in f.url)


def open_widget(page: Page, url: str, language: str = "en") -> FrameLocator:
    page.goto(url)
    page.get_by_role("button", name=text(language, "web_open")).click()
    chat = page.frame_locator("iframe")
    chat.locator(".msg.bot").nth(1).wait_for()  # the privacy notice and the greeting
    return chat


def bot_texts(chat: FrameLocator | Page) -> list[str]:
    """What the assistant's bubbles say, without the screen reader's 'Assistant: '."""
    return [
        t.split(": ", 1)[1] if ": " in t else t
        for t in chat.locator(".msg.bot").all_text_contents()
    ]


def say(chat: FrameLocator | Page, message: str) -> None:
    before = chat.locator(".msg.bot").count()
    chat.locator("#input").fill(message)
    chat.locator("#input").press("Enter")
    chat.locator(".msg.bot").nth(before).wait_for()


def test_demo_page_in_english_answers_with_tel_links_and_buttons(page: Page, sites: Sites) -> None:
    chat = open_widget(page, f"{sites.chat}/demo?lang=en&country=SE")
    assert bot_texts(chat)[1] == expected("utter_greet", language="en", country="SE")
    snippet = page.locator("pre code").text_content()  # what an NGO copies
    assert snippet == (
        f'<script src="{sites.chat}/widget.js" data-lang="en" data-country="SE" async></script>'
    )
    say(chat, "which helplines can I call?")
    link = chat.locator('a[href="tel:+46201601006"]')
    assert link.text_content() == "020-160 10 06"  # written as published, dialled in full
    assert chat.locator('a[href="tel:116006"]').count() >= 1
    screenshot(page, "demo-en-helplines")
    before = chat.locator(".msg.bot").count()
    chat.get_by_role("button", name=greeting_button("/privacy", "en")).first.click()
    chat.locator(".msg.bot").nth(before).wait_for()
    assert bot_texts(chat)[-1] == expected("utter_privacy", language="en")
    assert chat.locator(".msg.you").last.text_content().endswith(greeting_button("/privacy", "en"))


def test_demo_page_in_russian(page: Page, sites: Sites) -> None:
    chat = open_widget(page, f"{sites.chat}/demo?lang=ru&country=SE", "ru")
    assert bot_texts(chat)[1] == expected("utter_greet", language="ru", country="SE")
    assert chat.locator("#exit").text_content() == text("ru", "web_quick_exit")
    say(chat, "мне не платят зарплату")
    assert chat.locator(".msg.bot").last.get_attribute("lang") == "ru"
    screenshot(page, "demo-ru")


def test_demo_page_in_arabic_is_right_to_left(page: Page, sites: Sites) -> None:
    chat = open_widget(page, f"{sites.chat}/demo?lang=ar&country=SE", "ar")
    frame = open_chat_frame(page)
    assert frame.evaluate("document.documentElement.dir") == "rtl"
    assert frame.evaluate("document.documentElement.lang") == "ar"
    assert bot_texts(chat)[1] == expected("utter_greet", language="ar", country="SE")
    bubble = chat.locator(".msg.bot").nth(1)
    assert bubble.get_attribute("lang") == "ar" and bubble.get_attribute("dir") == "rtl"
    # Mirrored: the assistant's bubbles start at the right edge, quick exit is on the right.
    box, width = bubble.bounding_box(), frame.evaluate("innerWidth")
    assert box is not None and box["x"] + box["width"] > width - 30
    exit_box = chat.locator("#exit").bounding_box()
    assert exit_box is not None and exit_box["x"] > width / 2
    screenshot(page, "demo-ar")


# The screen positions of the first and last digit group of a span in the newest answer.
VISUAL_ORDER = """(needle) => {
  const message = [...document.querySelectorAll('.msg.bot')].pop();
  const walker = document.createTreeWalker(message, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    const groups = needle.split(/[ :–-]/).filter(Boolean);
    const edge = (from, text) => {
      const range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, from + text.length);
      return range.getBoundingClientRect().left;
    };
    const last = groups[groups.length - 1];
    return [edge(at, groups[0]), edge(at + needle.lastIndexOf(last), last)];
  }
  return null;
}"""


def test_numbers_and_hours_read_left_to_right_in_arabic(page: Page, sites: Sites) -> None:
    chat = open_widget(page, f"{sites.chat}/demo?lang=ar&country=SE", "ar")
    frame = open_chat_frame(page)
    say(chat, "خط المساعدة")
    for span in ("020-160 10 06", "116 006", "09:00–19:00"):
        first, last = frame.evaluate(VISUAL_ORDER, span)
        assert first < last, span  # "116 006" must never show as "006 116"
    screenshot(page, "demo-ar-helplines")


def test_switching_to_arabic_in_the_picker(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.chat}/chat?lang=en&country=SE")
    page.locator(".msg.bot").nth(1).wait_for()
    page.locator("#language").select_option("ar")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    page.locator('.msg.bot[lang="ar"]').first.wait_for()
    assert page.locator("#exit").text_content() == text("ar", "web_quick_exit")
    assert bot_texts(page)[-1] == expected("utter_language_set", language="ar")
    options = page.locator("#language option").all_text_contents()
    assert {"English", "Русский", "العربية"} <= set(options)  # names in their own language


def test_delete_conversation_clears_screen_storage_and_server(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.chat}/chat?lang=en")
    page.locator(".msg.bot").nth(1).wait_for()
    say(page, "my boss took my passport")
    old_id = page.evaluate("sessionStorage.getItem('id')")
    page.locator("#delete").click()
    page.wait_for_function(
        "document.querySelectorAll('.msg').length === 1 && !!sessionStorage.getItem('id')"
    )
    assert bot_texts(page) == [expected("utter_forgotten", language="en")]
    assert page.evaluate("sessionStorage.getItem('id')") != old_id
    assert first_contact_again(sites.chat, old_id)


def first_contact_again(chat: str, sender: str) -> bool:
    """Whether the server has no conversation for this id (it greets with the notice)."""
    replies = httpx.post(f"{chat}{WEBHOOK}", json={"sender": sender, "message": "hi"}).json()
    return replies[0]["text"] == expected("utter_privacy_short", language="en")


def test_quick_exit_on_escape_replaces_the_page_and_clears_everything(
    page: Page, sites: Sites
) -> None:
    page.goto(f"{sites.chat}/chat?lang=en")
    page.locator(".msg.bot").nth(1).wait_for()
    say(page, "my boss took my passport")
    sender = page.evaluate("sessionStorage.getItem('id')")
    page.keyboard.press("Escape")
    page.wait_for_url(sites.neutral)
    page.go_back()
    assert "/chat" not in page.url  # replaced, not left in the history
    page.goto(f"{sites.chat}/health")
    assert page.evaluate("sessionStorage.length") == 0
    assert first_contact_again(sites.chat, sender)


def test_quick_exit_in_the_widget_replaces_the_ngo_page(page: Page, sites: Sites) -> None:
    chat = open_widget(page, sites.ngo)
    chat.locator("#exit").click()
    page.wait_for_url(sites.neutral)
    chat = open_widget(page, sites.ngo)
    chat.locator("#input").focus()
    page.keyboard.press("Escape")  # Escape inside the iframe leaves the NGO page too
    page.wait_for_url(sites.neutral)


def in_view(element: Locator) -> bool:
    """Whether the element is wholly inside its frame's viewport, not scrolled away."""
    return bool(
        element.evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }"
        )
    )


def test_quick_exit_and_input_stay_in_view_as_the_conversation_grows(
    page: Page, sites: Sites
) -> None:
    chat = open_widget(page, f"{sites.chat}/demo?lang=ru&country=SE", "ru")
    for message in ("мне не платят зарплату", "какие телефоны помощи?", "мой паспорт забрали"):
        say(chat, message)
    frame = open_chat_frame(page)
    assert frame.evaluate("document.getElementById('log').scrollHeight > innerHeight")
    assert frame.evaluate("document.scrollingElement.scrollTop") == 0  # only the log scrolls
    assert in_view(frame.locator("#exit")) and in_view(frame.locator("#input"))
    # The newest answer (the passport taken: the emergency line, then the answer) is read
    # from its start: the first line of its first bubble shows inside the log.
    assert frame.evaluate(
        "() => { const log = document.getElementById('log'),"
        " mine = [...log.querySelectorAll('.msg.you')].pop(),"
        " el = [...log.querySelectorAll('.msg.bot')].find("
        "   b => mine.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING),"
        " r = el.getBoundingClientRect(), l = log.getBoundingClientRect();"
        " return r.top >= l.top && r.top + 20 <= l.bottom; }"
    )


def test_quick_exit_comes_first_in_the_tab_order(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.chat}/chat?lang=ar")
    page.locator(".msg.bot").nth(1).wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "exit"


def test_markup_in_messages_stays_inert(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.chat}/chat?lang=en")
    page.locator(".msg.bot").nth(1).wait_for()
    say(page, XSS)
    assert page.locator(".msg.you").last.text_content().endswith(XSS)  # shown as typed
    # A hostile answer, as if echoed back: markup, a javascript: "phone", a fake button.
    hostile = {
        "text": f"{XSS} javascript:alert(1) see https://example.org/ok or 116 006",
        "phones": [
            {"text": "116 006", "tel": "tel:116006"},
            {"text": "see", "tel": "javascript:document.title='pwned'"},
        ],
        "buttons": [{"title": "<i>x</i>", "payload": "/greet"}],
    }
    page.route(
        f"**{WEBHOOK}",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps([hostile])
        ),
    )
    say(page, "hello")
    log = page.locator("#log")
    assert log.locator("img, script, b, i").count() == 0
    answer = page.locator(".msg.bot").last
    hrefs = answer.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert set(hrefs) == {"https://example.org/ok", "tel:116006"}
    assert page.get_by_role("button", name="<i>x</i>").count() == 1
    assert page.title() != "pwned" and page.evaluate("document.title") != "pwned"


def test_markup_in_the_address_stays_inert(page: Page, sites: Sites) -> None:
    page.goto(f'{sites.chat}/chat?lang="><script>document.title="pwned"</script>&country=<b>')
    page.locator(".msg.bot").nth(1).wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == text("en", "web_title")


def test_unreachable_server_gets_a_clear_message_with_112(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.chat}/chat?lang=ru&country=SE")
    page.locator(".msg.bot").nth(1).wait_for()
    page.route(f"**{WEBHOOK}", lambda route: route.abort("connectionrefused"))
    say(page, "помогите")
    alert = page.locator(".msg.bot.alert").last
    assert "112" in alert.text_content() and alert.get_attribute("lang") == "ru"


def chat_frame(page: Page) -> Frame:
    page.locator("iframe").wait_for()
    page.wait_for_timeout(1500)  # long enough for the chat page (or its refusal)
    return next(f for f in page.frames if f is not page.main_frame)


def test_iframe_loads_only_under_sites_on_the_allow_list(page: Page, sites: Sites) -> None:
    open_widget(page, sites.ngo)
    assert chat_frame(page).locator("#log").count() == 1
    page.goto(sites.stranger)
    page.get_by_role("button", name=text("en", "web_open")).click()
    refused = chat_frame(page)
    assert refused.locator("#log").count() == 0  # Chromium refused to show it


def test_headers_and_cors_follow_the_allow_list(sites: Sites) -> None:
    ngo, stranger = sites.ngo.rstrip("/"), sites.stranger.rstrip("/")
    page = httpx.get(f"{sites.chat}/chat")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert f"frame-ancestors 'self' {ngo}" in policy and stranger not in policy
    assert page.headers["Referrer-Policy"] == "no-referrer" and "set-cookie" not in page.headers
    body = {"sender": "cors", "message": "hello"}
    allowed = httpx.post(f"{sites.chat}{WEBHOOK}", json=body, headers={"Origin": ngo})
    assert allowed.headers["Access-Control-Allow-Origin"] == ngo
    other = httpx.post(f"{sites.chat}{WEBHOOK}", json=body, headers={"Origin": stranger})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = {"Origin": ngo, "Access-Control-Request-Method": "POST"}
    assert httpx.options(f"{sites.chat}{WEBHOOK}", headers=preflight).status_code == 204
    preflight["Origin"] = stranger
    refused = httpx.options(f"{sites.chat}{WEBHOOK}", headers=preflight)
    assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused.headers


def test_no_other_host_no_cookies_no_transcript_on_the_device(
    context: BrowserContext, page: Page, sites: Sites
) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    chat = open_widget(page, sites.ngo)
    say(chat, "my boss took my passport")
    assert hosts == {urlsplit(sites.ngo).netloc, urlsplit(sites.chat).netloc}
    assert context.cookies() == []
    framed = open_chat_frame(page).evaluate(STORAGE)
    page.goto(f"{sites.chat}/chat?lang=en")  # and the full-screen page, first party
    say(page, "my boss took my passport")
    for kept in (framed, page.main_frame.evaluate(STORAGE)):
        if kept is not None:  # None where Chromium refuses storage to a framed page
            assert kept["local"] == 0 and set(kept["session"]) <= {"id", "started", "lang"}
            assert "passport" not in json.dumps(kept)
    assert page.main_frame.evaluate(STORAGE)["session"]  # the random id is there
    assert context.cookies() == []


STORAGE = """() => { try {
  return {local: localStorage.length, session: {...sessionStorage}};
} catch (e) { return null; } }"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_accessibility_check_finds_no_serious_violations(
    browser: Browser, sites: Sites, language: str
) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/services (npm ci --prefix tests/web)")
    context = browser.new_context(**PHONE, bypass_csp=True)  # to inject axe itself
    page = context.new_page()
    page.goto(f"{sites.chat}/chat?lang={language}&country=SE")
    page.locator(".msg.bot").nth(1).wait_for()
    say(page, "which helplines can I call?")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21aa','wcag22aa']})"
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert not serious, [(v["id"], v["nodes"][0]["html"]) for v in serious]


def test_touch_targets_reflow_and_focus_not_hidden(browser: Browser, sites: Sites) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})  # 400% of 1280
    page = context.new_page()
    page.goto(f"{sites.chat}/chat?lang=ru&country=SE")
    page.locator(".choices button").first.wait_for()
    # Links inside a sentence are exempt (WCAG 2.5.8); every other control is measured.
    sizes = page.locator("button, select, a:not(.msg a)").evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect())"
        ".map(r => [r.width, r.height])"
    )
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scroll
    assert page.locator("#input").is_visible() and page.locator("#exit").is_visible()
    # On the NGO page, a focused link is never hidden behind the launcher.
    page.goto(sites.ngo)
    page.get_by_role("button", name=text("en", "web_open")).wait_for()
    for _ in range(3):
        page.keyboard.press("Tab")
        covered = page.evaluate(
            """() => { const el = document.activeElement, r = el.getBoundingClientRect();
                 const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                 return !(el === top || el.contains(top)); }"""
        )
        assert not covered
    context.close()


def test_opening_the_chat_stays_within_25_kb(browser: Browser, sites: Sites) -> None:
    from benchmarks.widget_size import BUDGET_BYTES, chat_bytes, measure

    sizes = measure(browser, sites.chat, "ar")
    assert {"/widget.js", "/chat", "/static/chat.js", "/static/chat.css"} <= set(sizes)
    assert 0 < chat_bytes(sizes) <= BUDGET_BYTES


def test_settings_refuse_what_is_not_an_origin_or_a_web_page() -> None:
    from bot.settings import parse_origins
    from bot.web_chat import check_exit_url

    assert parse_origins("https://ngo.example, http://localhost:8080/") == (
        "https://ngo.example",
        "http://localhost:8080",
    )
    for wrong in ("ngo.example", "https://ngo.example/page", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            parse_origins(wrong)
    assert check_exit_url("https://weather.example/today")
    for wrong in ("javascript:alert(1)", "data:text/html,hi"):
        with pytest.raises(ValueError):
            check_exit_url(wrong)


def test_keyboard_only_from_the_ngo_page_into_the_chat_and_back(page: Page, sites: Sites) -> None:
    page.goto(sites.ngo)
    launcher = page.get_by_role("button", name=text("en", "web_open"))
    launcher.wait_for()
    for _ in range(5):  # the page's two links, then the launcher
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    chat = page.frame_locator("iframe")
    chat.locator(".msg.bot").nth(1).wait_for()
    page.keyboard.press("Tab")
    assert chat.locator("#exit").evaluate("el => el === document.activeElement")
    assert page.locator("h1").evaluate("el => el.closest('[inert]') !== null")  # modal
    chat.locator("#input").focus()
    page.keyboard.type("who can I call?")
    page.keyboard.press("Enter")
    chat.locator(".msg.bot").nth(2).wait_for()
    chat.locator(".choices button").last.focus()
    before = chat.locator(".msg.bot").count()
    page.keyboard.press("Enter")  # a button pressed with the keyboard
    chat.locator(".msg.bot").nth(before).wait_for()
    chat.locator("#close").focus()
    page.keyboard.press("Enter")
    assert launcher.evaluate("el => el === document.activeElement")
    assert page.locator("h1").evaluate("el => el.closest('[inert]') === null")


def test_typing_indicator_while_the_answer_is_on_its_way(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.chat}/chat?lang=en")
    page.locator(".msg.bot").nth(1).wait_for()

    def slowly(route) -> None:  # a slow connection: the real answer, late
        page.wait_for_timeout(1500)
        route.continue_()

    page.route(f"**{WEBHOOK}", slowly)
    page.locator("#input").fill("hello")
    page.locator("#input").press("Enter")
    page.wait_for_function(
        f"document.getElementById('status').textContent === {json.dumps(text('en', 'web_typing'))}"
    )
    page.locator(".msg.bot").nth(2).wait_for()
    assert page.locator("#status").text_content() == ""
