"""Helpline questions over HTTP, in English, Russian and Arabic."""

from __future__ import annotations

import json

import pytest


def bullet_lines(replies: list[dict]) -> list[str]:
    return [line for r in replies for line in r.get("text", "").split("\n") if "•" in line]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Who can I call in Finland?"),
        ("ru", "куда звонить в Финляндии?"),
        ("ar", "بمن أتصل في فنلندا؟"),
    ],
)
def test_who_can_i_call_in_a_country(chat, language, message) -> None:
    lines = bullet_lines(chat(language=language).say(message))
    assert "Migri" in lines[0] and "+358 29 5463177" in lines[0]
    assert 1 <= len(lines) <= 3


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "I need a line about my wages in Austria where someone speaks Romanian"),
        ("ru", "нужна линия по зарплате в Австрии, где говорят по-румынски"),
        ("ar", "أحتاج خطا عن الراتب في النمسا يتكلم الرومانية"),
    ],
)
def test_line_speaking_a_language(chat, language, message) -> None:
    # Of Austria's workers' advice lines only the ÖGB's lists Romanian; asked for in
    # English without a language, it is not the first.
    lines = bullet_lines(chat(language=language).say(message))
    assert "ÖGB" in lines[0]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "is there a line for women in Sweden?"),
        ("ru", "есть ли линия для женщин в Швеции?"),
        ("ar", "هل يوجد خط للنساء في السويد؟"),
    ],
)
def test_line_for_women(chat, language, message) -> None:
    lines = bullet_lines(chat(language=language).say(message))
    assert "Kvinnofridslinjen" in lines[0]


@pytest.mark.parametrize(
    ("language", "country", "ask"),
    [
        ("en", "I am in Italy", "helpline"),
        ("ru", "я в Италии", "горячая линия"),
        ("ar", "أنا في إيطاليا", "خط المساعدة"),
    ],
)
def test_helpline_with_the_country_chosen_earlier(chat, language, country, ask) -> None:
    person = chat(language=language)
    person.say(country)
    lines = bullet_lines(person.say(ask))
    assert "Numero Verde Antitratta" in lines[0] and "800 290 290" in lines[0]


def test_call_for_help_button_and_more(chat) -> None:
    person = chat(language="en", country="DE")
    menu = person.say("menu")[0]["buttons"]
    call = next(b for b in menu if b["title"] == "Call for help")
    first = person.say(call["payload"])
    first_lines = bullet_lines(first)
    assert len(first_lines) == 3
    more = next(b for b in first[0]["buttons"] if b["title"] == "More helplines")
    assert len(more["payload"].encode()) <= 64  # fits Telegram's callback data
    second_lines = bullet_lines(person.say(more["payload"]))
    assert second_lines and not set(second_lines) & set(first_lines)
    # asking again starts from the best entries
    assert bullet_lines(person.say(call["payload"])) == first_lines


def test_no_more_button_when_everything_was_shown(chat) -> None:
    replies = chat(language="en").say("Who can I call in Iceland?")
    assert len(bullet_lines(replies)) == 2
    assert all(b["title"] != "More helplines" for b in replies[0]["buttons"])


def test_payload_carries_page_as_json() -> None:
    from rasa.shared.core.domain import Domain

    from bot.answers import AnswerRenderer
    from bot.paths import DIALOGUES_DIR

    renderer = AnswerRenderer(Domain.load(str(DIALOGUES_DIR)).responses)
    answer = renderer.render("utter_helplines", {"country": "DE", "helpline_page": "2"})
    more = answer["buttons"][0]["payload"]
    assert json.loads(more.removeprefix("/ask_helpline")) == {"helpline_page": "3"}
