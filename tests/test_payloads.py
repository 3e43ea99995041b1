"""Typed payloads can carry only what a button sends (issue 13): no injected slot values in
answers, no Rasa internal intents from typed text, no crash on numbers out of range."""

from __future__ import annotations

import pytest

from bot.payloads import sanitize
from tests.test_conversations import expected

INTENTS = frozenset(
    {"choose_country", "choose_language", "ask_helpline", "affirm", "start_selfcheck", "restart"}
)


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ('/choose_country{"country":"<script>alert(1)</script>"}', "/choose_country"),
        ('/choose_country{"country":"se"}', '/choose_country{"country": "SE"}'),
        ('/choose_country{"country":"XX"}', "/choose_country"),
        ('/choose_language{"language":"ru"}', '/choose_language{"language": "ru"}'),
        ('/choose_language{"language":"<b>PWN</b>"}', "/choose_language"),
        ('/ask_helpline{"helpline_page":"2"}', '/ask_helpline{"helpline_page": "2"}'),
        ('/ask_helpline{"helpline_page":1e400}', "/ask_helpline"),
        ('/ask_helpline{"helpline_page":"100000"}', "/ask_helpline"),
        ('/ask_helpline{"helpline_page":true}', "/ask_helpline"),
        ('/affirm{"country_hint":"<b>PWN</b>"}', "/affirm"),
        ('/start_selfcheck{"selfcheck_reset":null}', '/start_selfcheck{"selfcheck_reset": null}'),
        ('/start_selfcheck{"selfcheck_reset":"x"}', "/start_selfcheck"),
        ('/choose_country{"country":' + "[" * 50 + "]" * 50 + "}", "/choose_country"),
        ("/restart", "restart"),
        ("/session_start", "session_start"),
        ("/back", "back"),
        ("/no_such_intent", "no_such_intent"),
        ("/choose_country hello", "choose_country hello"),
        ("/", "?"),
        ("my boss took my passport", "my boss took my passport"),
    ],
)
def test_only_what_a_button_sends_is_read_as_a_payload(typed: str, read_as: str) -> None:
    assert sanitize(typed, INTENTS) == read_as


@pytest.mark.parametrize(
    "payload",
    [
        '/choose_country{"country":"<B>PWN</B>"}',
        '/ask_helpline{"country":"<script>alert(1)</script>","helpline_page":"1"}',
        '/ask_unpaid_wages{"country":"<B>PWN</B>"}',
        '/affirm{"country_hint":"<B>PWN</B>","language":"<B>PWN</B>"}',
    ],
)
def test_injected_values_never_reach_an_answer(chat, payload: str) -> None:
    person = chat(language="en")
    replies = person.say(payload) + person.say('/ask_helpline{"helpline_page":"1"}')
    assert replies
    for reply in replies:
        assert "PWN" not in reply.get("text", "") and "<script" not in reply.get("text", "")


def test_a_page_number_out_of_range_still_gets_an_answer(chat) -> None:
    person = chat(language="en", country="SE")
    replies = person.say('/ask_helpline{"helpline_page":1e400}')
    assert replies and all(r.get("text") for r in replies)


def test_typed_restart_does_not_reset_the_conversation(chat) -> None:
    person = chat(language="en")
    person.say("switch to Arabic")
    person.say("/restart")
    reply = person.say("работодатель забрал мой паспорт")[0]["text"]
    assert reply == expected("utter_documents", language="ar")["text"]
