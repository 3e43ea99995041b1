"""The web chat: the one-line embed script, the chat page and a demo NGO page.

The chat always runs in a page of the assistant's own origin (full screen at /chat, or in
an iframe that /widget.js adds to an NGO's page), so scripts of the host page cannot read
the conversation. Pages are filled on the server with the person's language and the
interface strings from the Babel catalogs (locales/texts.yml, keys web_*); the script and
style in bot/web/ are static and talk only to this origin.
"""

from __future__ import annotations

import html
import json
from functools import cache
from string import Template
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot import directory
from bot.directory.model import DEFAULT_EMERGENCY
from bot.i18n import text, texts
from bot.languages import SOURCE_LANGUAGE, is_rtl, native_name, normalize_code, supported_languages
from bot.names import is_country_code
from bot.paths import WEB_DIR
from bot.settings import Settings

SETTINGS = web.AppKey("web_settings", Settings)
STATIC = {
    "chat.js": "application/javascript",
    "chat.css": "text/css",
    "demo.css": "text/css",
}


@cache
def _file(name: str) -> str:
    return (WEB_DIR / name).read_text(encoding="utf-8")


def interface_strings(language: str, country: str | None) -> dict[str, str]:
    """Every web_* text in the language, the emergency number of the country filled in."""
    place = directory.country(country)
    emergency = " / ".join(place.emergency if place else DEFAULT_EMERGENCY)
    return {
        key.removeprefix("web_"): text(language, key).replace("{emergency}", emergency)
        for key in texts()
        if key.startswith("web_")
    }


def languages() -> list[dict[str, Any]]:
    """The language picker: each name written in its own language."""
    return [{"code": c, "name": native_name(c), "rtl": is_rtl(c)} for c in supported_languages()]


def choose_language(request: web.Request) -> str:
    """?lang= when supported, else the browser's preference, else English."""
    asked = normalize_code(request.query.get("lang"))
    if asked:
        return asked
    for part in request.headers.get("Accept-Language", "").split(","):
        found = normalize_code(part.split(";")[0].strip())
        if found:
            return found
    return SOURCE_LANGUAGE


def choose_country(request: web.Request) -> str | None:
    code = request.query.get("country", "").upper()
    return code if is_country_code(code) else None


def _json_for_script(value: Any) -> str:
    """JSON that cannot close the <script> element it is placed in."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _page(template: str, **values: str) -> web.Response:
    body = Template(_file(template)).substitute(values)
    return web.Response(text=body, content_type="text/html", charset="utf-8")


async def chat_page(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    language, country = choose_language(request), choose_country(request)
    strings = interface_strings(language, country)
    config = {
        "lang": language,
        "country": country,
        "strings": strings,
        "languages": languages(),
        "exitUrl": settings.quick_exit_url,
        "embedded": request.query.get("embed") == "1",
    }
    return _page(
        "chat.html",
        lang=language,
        dir="rtl" if is_rtl(language) else "ltr",
        config=_json_for_script(config),
        **{key: html.escape(value) for key, value in strings.items()},
    )


async def strings_json(request: web.Request) -> web.Response:
    language = normalize_code(request.match_info["lang"])
    if language is None:
        raise web.HTTPNotFound(reason="no such language")
    body = {"lang": language, "strings": interface_strings(language, choose_country(request))}
    return web.json_response(body, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def demo_page(request: web.Request) -> web.Response:
    language, country = choose_language(request), choose_country(request) or "SE"
    current = ' aria-current="page"'
    switcher = "\n".join(
        f'<li><a href="/demo?lang={item["code"]}&amp;country={country}" lang="{item["code"]}"'
        f"{current if item['code'] == language else ''}>{html.escape(item['name'])}</a></li>"
        for item in languages()
    )
    # What an NGO copies: the address of this server, as the browser reached it.
    here = f"{request.scheme}://{request.host}"
    embed = f'<script src="{here}/widget.js" data-lang="{language}" data-country="{country}" async>'
    return _page(
        "demo.html",
        lang=language,
        dir="rtl" if is_rtl(language) else "ltr",
        title=html.escape(text(language, "demo_title")),
        intro=html.escape(text(language, "demo_intro")),
        embed_label=html.escape(text(language, "demo_embed")),
        embed_code=html.escape(embed + "</script>"),
        switcher=switcher,
        language_label=html.escape(text(language, "web_language")),
        widget_lang=language,
        widget_country=country,
    )


async def widget_js(request: web.Request) -> web.Response:
    """The embed script, with the launcher's words in every language (no second request
    before the chat opens) and the quick exit page."""
    labels = {
        code: {
            "open": text(code, "web_open"),
            "title": text(code, "web_title"),
            "rtl": is_rtl(code),
        }
        for code in supported_languages()
    }
    settings = {"labels": labels, "exitUrl": request.app[SETTINGS].quick_exit_url}
    body = _file("widget.js").replace("__SETTINGS__", _json_for_script(settings))
    return web.Response(text=body, content_type="application/javascript")


async def static_file(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in STATIC:
        raise web.HTTPNotFound()
    return web.Response(text=_file(name), content_type=STATIC[name])


async def home(request: web.Request) -> web.Response:
    raise web.HTTPFound("/chat")


async def no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)  # browsers ask for one; nothing to transfer


def check_exit_url(url: str) -> str:
    """Quick exit must land on a web page: never a javascript: or data: URL."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"QUICK_EXIT_URL must be an http(s) URL, not {url!r}")
    return url


def add_routes(app: web.Application, settings: Settings) -> None:
    check_exit_url(settings.quick_exit_url)
    app[SETTINGS] = settings
    app.router.add_get("/", home)
    app.router.add_get("/chat", chat_page)
    app.router.add_get("/chat/strings/{lang}.json", strings_json)
    app.router.add_get("/demo", demo_page)
    app.router.add_get("/widget.js", widget_js)
    app.router.add_get("/static/{name}", static_file)
    app.router.add_get("/favicon.ico", no_icon)
