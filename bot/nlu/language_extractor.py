"""Rasa component: which language the person wants, was hinted, or writes in."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.languages import normalize_code, supported_languages
from bot.names import language_index
from bot.nlu.base import MessageComponent
from bot.text import words


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageExtractor(MessageComponent):
    """Sets `language` (an explicit choice), `language_hint` and `detected_language`.

    A language name only counts as a choice when the message asks to change language
    ("switch to Arabic"), not when it names a need ("a helpline that speaks Polish").
    Detection uses lingua restricted to the supported languages and speaks up only when
    it is sure. Restricted to a few languages, any Latin-script word looks English, so a
    Latin-script message needs a few words before it counts: one "ok" or a transliterated
    greeting does not switch a Russian or Arabic conversation to English.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "choice_intent": "choose_language",
            "min_letters": 3,
            "min_latin_words": 3,
            "min_confidence": 0.9,
        }

    @cached_property
    def detector(self) -> LanguageDetector:
        codes = [IsoCode639_1.from_str(code) for code in supported_languages()]
        # Loaded at start, not on the first message in each language (0.6 s each time).
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        return builder.with_preloaded_language_models().build()

    def annotate(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if intent == self.config["choice_intent"]:
            found = language_index().find(text)
            if found:
                self.add_entity(message, "language", found[-1][0])
        hint = normalize_code(self.metadata(message).get("language"))
        if hint:
            self.add_entity(message, "language_hint", hint)
        detected = self.detect(text)
        if detected:
            self.add_entity(message, "detected_language", detected)

    def detect(self, text: str) -> str | None:
        """The supported language the text is written in, or None when unsure."""
        found = [w for w in words(text) if not w.isdigit()]
        if sum(len(w) for w in found) < self.config["min_letters"]:
            return None
        latin = all(ch.isascii() for w in found for ch in w)
        if latin and len(found) < self.config["min_latin_words"]:
            return None
        values = self.detector.compute_language_confidence_values(text)
        if not values or values[0].value < self.config["min_confidence"]:
            return None
        return normalize_code(values[0].language.iso_code_639_1.name)
