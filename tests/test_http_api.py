"""The REST contract over a real HTTP server: bad input, odd input, health."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.server import json_errors
from tests.conftest import WEBHOOK


def post(server: str, body: bytes | str, content_type: str = "application/json") -> httpx.Response:
    data = body.encode() if isinstance(body, str) else body
    return httpx.post(
        f"{server}{WEBHOOK}", content=data, headers={"Content-Type": content_type}, timeout=30
    )


def test_health(server: str) -> None:
    response = httpx.get(f"{server}/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("not json", "JSON"),
        ("[1, 2]", "object"),
        ('{"message": "hi"}', "sender"),
        ('{"sender": "", "message": "hi"}', "sender"),
        ('{"sender": 12, "message": "hi"}', "sender"),
        ('{"sender": "a", "message": 5}', "message"),
        ('{"sender": "a", "message": "   "}', "empty"),
        ('{"sender": "a", "message": "\\u0000\\u0007"}', "empty"),
        ('{"sender": "a", "message": "hi", "metadata": "ru"}', "metadata"),
        ('{"sender": "a", "message": "hi", "metadata": {"language": 7}}', "language"),
        ('{"sender": "a", "message": "hi", "metadata": {"country": ["SE"]}}', "country"),
        (json.dumps({"sender": "a" * 129, "message": "hi"}), "sender"),
        (json.dumps({"sender": "a", "message": "x" * 4001}), "4000"),
        (b"\xff\xfe\x00garbage", "JSON"),
        # Each of these was a 500 or 503 (issue 13): lone surrogates, raw surrogate bytes,
        # nesting that exhausts recursion, integers Python will not convert, infinity.
        ('{"sender": "\\ud800", "message": "hi"}', "Unicode"),
        ('{"sender": "a", "message": "hi \\udfff"}', "Unicode"),
        (b'{"sender": "\xed\xa0\x80", "message": "hi"}', "UTF-8"),
        ('{"sender": "a", "message": "hi", "x": ' + "[" * 1000 + "]" * 1000 + "}", "nested"),
        ('{"sender": "a", "message": "hi", "x": ' + "9" * 5000 + "}", "digits"),
        ('{"sender": "a", "message": "hi", "metadata": {"n": 1e400}}', "finite"),
        ('{"sender": "a", "message": "hi", "n": NaN}', "NaN"),
        # Hints are codes, never free text that could reach an answer or a table.
        ('{"sender": "a", "message": "hi", "metadata": {"country": "<B>PWN</B>"}}', "country"),
        ('{"sender": "a", "message": "hi", "metadata": {"country": "XX"}}', "country"),
        ('{"sender": "a", "message": "hi", "metadata": {"language": "<script>"}}', "language"),
    ],
)
def test_bad_requests_get_a_clear_400(server: str, body: str, fragment: str) -> None:
    response = post(server, body)
    assert response.status_code == 400
    assert fragment in response.json()["error"]


def test_message_of_exactly_4000_characters_is_answered(server: str) -> None:
    response = post(server, json.dumps({"sender": "long", "message": "work " * 800}))
    assert response.status_code == 200
    assert response.json()[0]["recipient_id"] == "long"


def test_huge_body_is_refused_with_json(server: str) -> None:
    response = post(server, json.dumps({"sender": "a", "message": "x" * 200_000}))
    assert response.status_code == 413
    assert "error" in response.json()


def test_unknown_path_and_wrong_method_answer_json(server: str) -> None:
    assert httpx.get(f"{server}/nope").json() == {"error": "Not Found"}
    wrong = httpx.get(f"{server}{WEBHOOK}")
    assert wrong.status_code == 405
    assert "error" in wrong.json()


@pytest.mark.parametrize(
    "message",
    [
        "<script>alert('x')</script>",
        "<b>bold</b> & <i>markup</i>",
        "😀😀😀",
        "你好，我需要帮助",
        "\u202eevil\u200b\u200d text",
        "1234567890",
        "ok" * 1000,
    ],
)
def test_odd_input_gets_an_answer_and_is_never_echoed(server: str, message: str) -> None:
    response = post(server, json.dumps({"sender": "odd", "message": message}))
    assert response.status_code == 200
    replies = response.json()
    assert replies and all(r["recipient_id"] == "odd" for r in replies)
    assert all(message not in r.get("text", "") for r in replies)


def test_reply_keeps_rasa_rest_contract(server: str) -> None:
    response = post(server, json.dumps({"sender": "shape", "message": "hello"}))
    replies = response.json()
    assert all(set(r) <= {"recipient_id", "text", "buttons", "phones", "language"} for r in replies)
    assert all(r["recipient_id"] == "shape" for r in replies)
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert buttons and all(set(b) == {"title", "payload"} for b in buttons)


def test_phone_numbers_come_with_their_tel_links(server: str) -> None:
    body = {"sender": "phones", "message": "which helplines can I call?"}
    body["metadata"] = {"country": "SE", "language": "en"}
    replies = post(server, json.dumps(body)).json()
    phones = [p for r in replies for p in r.get("phones", [])]
    assert {"text": "020-39 00 00", "tel": "tel:+4620390000"} in phones
    assert {"text": "112", "tel": "tel:112"} in phones
    for reply in replies:
        assert all(p["text"] in reply["text"] for p in reply.get("phones", []))


async def test_failure_inside_the_assistant_gets_503_with_112_and_a_helpline(
    model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiohttp.test_utils import TestServer

    from bot.assistant import Assistant
    from bot.pseudonyms import Pseudonymizer
    from bot.server import create_app
    from bot.settings import Settings

    assistant = await Assistant.load(
        model, Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    )

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the model failed")

    monkeypatch.setattr(assistant.agent, "handle_message", broken)
    app = create_app(assistant, Pseudonymizer(b"a-test-secret-of-some-length"))
    async with TestServer(app) as server, httpx.AsyncClient() as client:
        body = {"sender": "x", "message": "help", "metadata": {"language": "ru", "country": "DE"}}
        response = await client.post(str(server.make_url(WEBHOOK)), json=body)
    assert response.status_code == 503
    (reply,) = response.json()
    assert reply["recipient_id"] == "x" and reply["text"].startswith("Извините")
    assert "112" in reply["text"] and {"text": "112", "tel": "tel:112"} in reply["phones"]
    assert len(reply["phones"]) >= 2  # the emergency number and Germany's main helpline


async def test_an_unforeseen_failure_still_answers_with_the_emergency_number() -> None:
    """The last-resort handler: JSON with the apology and 112, never a bare 500 page."""

    async def broken(request: web.Request) -> web.Response:
        raise RuntimeError("a bug nobody foresaw")

    app = web.Application(middlewares=[json_errors])
    app.router.add_get("/broken", broken)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/broken")
        assert response.status == 500
        body = await response.json()
    assert body["error"] == "internal error"
    assert "112" in body["text"]


HARDENING_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
)


@pytest.mark.parametrize(("path", "status"), [("/health", 200), ("/", 302), ("/nowhere", 404)])
def test_every_response_carries_the_security_headers(server: str, path: str, status: int) -> None:
    response = httpx.get(f"{server}{path}", follow_redirects=False)
    assert response.status_code == status
    for header in HARDENING_HEADERS:
        assert response.headers.get(header), header
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    server_header = response.headers["Server"]
    assert "aiohttp" not in server_header and "Python" not in server_header


def test_only_the_widget_script_may_be_embedded_by_other_sites(server: str) -> None:
    response = httpx.get(f"{server}/widget.js")
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_the_webhook_takes_only_json(server: str) -> None:
    response = post(server, json.dumps({"sender": "plain", "message": "/forget"}), "text/plain")
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]


def test_a_foreign_page_cannot_post_to_the_webhook(server: str) -> None:
    body = {"sender": "victim", "message": "/forget"}
    response = httpx.post(
        f"{server}{WEBHOOK}", json=body, headers={"Origin": "https://evil.example"}, timeout=30
    )
    assert response.status_code == 403
    same_site = httpx.post(f"{server}{WEBHOOK}", json=body, headers={"Origin": server}, timeout=30)
    assert same_site.status_code == 200
