"""Numbers, times and addresses stay left-to-right inside right-to-left answers."""

from __future__ import annotations

from rasa.shared.core.domain import Domain

from bot.answers import AnswerRenderer
from bot.bidi import LRI, PDI, isolate
from bot.paths import DIALOGUES_DIR

RENDERER = AnswerRenderer(Domain.load(str(DIALOGUES_DIR)).responses)


def test_numbers_times_and_addresses_are_isolated_in_arabic() -> None:
    text = "اتصل على 116 006 أو 020-50 50 50 (09:00–17:00) https://nck.uu.se/x/ أو 112"
    shown = isolate(text, "ar", "SE")
    for span in ("116 006", "020-50 50 50", "09:00–17:00", "https://nck.uu.se/x/", "112"):
        assert f"{LRI}{span}{PDI}" in shown
    assert shown.replace(LRI, "").replace(PDI, "") == text  # nothing else changes


def test_left_to_right_languages_are_unchanged() -> None:
    for language in ("en", "ru"):
        assert isolate("call 116 006, 09:00–17:00", language, "SE") == "call 116 006, 09:00–17:00"


def test_isolating_twice_changes_nothing() -> None:
    once = isolate("اتصل على 116 006", "ar", "SE")
    assert isolate(once, "ar", "SE") == once


def test_arabic_helpline_answers_keep_every_number_in_order() -> None:
    text = RENDERER.render("utter_helplines", {"language": "ar", "country": "SE"})["text"]
    assert f"{LRI}020-39 00 00{PDI}" in text and f"{LRI}112{PDI}" in text
    assert f"{LRI}09:00–16:30{PDI}" in text
    russian = RENDERER.render("utter_helplines", {"language": "ru", "country": "SE"})["text"]
    assert LRI not in russian
