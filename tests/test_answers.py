"""Rendering answers from slots: language priority, country facts, self-check grading."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain

from bot.answers import AnswerRenderer, country_of, language_of
from bot.paths import DIALOGUES_DIR
from bot.selfcheck import QUESTIONS, grade

RENDERER = AnswerRenderer(Domain.load(str(DIALOGUES_DIR)).responses)


@pytest.mark.parametrize(
    ("slots", "language"),
    [
        ({}, "en"),
        ({"detected_language": "ru"}, "ru"),
        ({"detected_language": "ru", "language_hint": "ar"}, "ar"),
        ({"detected_language": "ru", "language_hint": "ar", "language": "en"}, "en"),
        ({"language": "xx", "language_hint": "ru-RU"}, "ru"),
    ],
)
def test_language_priority(slots: dict, language: str) -> None:
    assert language_of(slots) == language


def test_country_choice_beats_hint() -> None:
    assert country_of({"country_hint": "SE"}) == "SE"
    assert country_of({"country_hint": "SE", "country": "FI"}) == "FI"
    assert country_of({}) is None


def test_a_slot_holding_no_country_code_never_reaches_an_answer() -> None:
    """Slots are validated again where answers are rendered, whatever set them."""
    assert country_of({"country": "<b>PWN</b>", "country_hint": "se"}) == "SE"
    assert country_of({"country": "EU"}) is None
    assert country_of({"country": 7}) is None


def test_every_response_renders_in_every_language() -> None:
    for name in RENDERER.responses:
        for language in ("en", "ru", "ar"):
            for country in (None, "SE", "HU"):
                slots = {"language": language, "country": country}
                answer = RENDERER.render(name, slots)
                assert answer is not None, name
                assert "{" not in answer.get("text", ""), (name, language)


def test_danger_answer_starts_with_the_emergency_number() -> None:
    for language in ("en", "ru", "ar"):
        text = RENDERER.render("utter_immediate_danger", {"language": language})["text"]
        assert "112" in text.split("\n")[0][:60]


def test_unknown_country_gets_eu_numbers_and_honest_sentence() -> None:
    text = RENDERER.render("utter_helplines", {"country": "HU"})["text"]
    assert "We have no local helpline for Hungary yet" in text
    assert "116 006" in text and "112" in text


def test_helplines_fit_the_need() -> None:
    labour = RENDERER.render("utter_unpaid_wages", {"country": "DE", "language": "en"})["text"]
    assert "Mindestlohn-Hotline" in labour
    trafficking = RENDERER.render("utter_selfcheck_strong", {"country": "LT"})["text"]
    assert "NAPPŽ" in trafficking


def test_helpline_in_persons_language_comes_first() -> None:
    # Of Austria's workers' advice lines, only the ÖGB's lists Russian (and Arabic).
    for language in ("ru", "ar"):
        slots = {"country": "AT", "language": language}
        lines = [
            line
            for line in RENDERER.render("utter_unpaid_wages", slots)["text"].split("\n")
            if "•" in line
        ]
        assert "ÖGB" in lines[0]
    english = RENDERER.render("utter_unpaid_wages", {"country": "AT", "language": "en"})["text"]
    assert "ÖGB" not in [line for line in english.split("\n") if "•" in line][0]


@pytest.mark.parametrize(
    ("yes", "result"),
    [
        (set(), "none"),
        ({"sc_documents"}, "some"),
        ({"sc_wages", "sc_deceived"}, "some"),
        ({"sc_threats"}, "strong"),
        ({"sc_free_to_leave"}, "strong"),
        ({"sc_forced"}, "strong"),
        ({"sc_documents", "sc_debt", "sc_wages"}, "strong"),
    ],
)
def test_self_check_grading(yes: set, result: str) -> None:
    # `yes` names the warning signs; "can you leave when you want?" is one when answered no.
    slots = {q: (q in yes) == sign for q, sign in QUESTIONS.items()}
    assert grade(slots) == result


def test_unanswered_questions_are_not_signs() -> None:
    assert grade({}) == "none"
    assert grade({"sc_free_to_leave": True, "sc_documents": False}) == "none"
    assert grade({"sc_free_to_leave": False}) == "strong"


def test_country_with_its_own_emergency_number() -> None:
    for language in ("en", "ru", "ar"):
        slots = {"language": language, "country": "GB"}
        first_line = RENDERER.render("utter_immediate_danger", slots)["text"].split("\n")[0]
        assert "999" in first_line and "112" not in first_line


def test_known_country_without_an_advice_line_is_not_asked_for_again() -> None:
    # helplines/LV.yml lists no workers' advice line; its main line is offered instead.
    for language, country_name in (("en", "Latvia"), ("ru", "Латвия"), ("ar", "لاتفيا")):
        asked = RENDERER.render("utter_unpaid_wages", {"language": language})["text"]
        slots = {"language": language, "country": "LV"}
        text = RENDERER.render("utter_unpaid_wages", slots)["text"]
        assert asked.split("\n")[-1] not in text  # not "tell me your country" again
        assert country_name in text and "28612120" in text.replace(" ", "")
