"""Rasa component: immediate danger wins over whatever the classifier guessed.

A message about being in danger, locked in, beaten or threatened must get the emergency
number first, even when the classifier is unsure or picked another topic. The guard turns
the intent into `immediate_danger` when the message contains a phrase from the `danger`
lookup tables in nlu/<language>/danger.yml, or when the classifier is unsure (its top
intent is below `unsure_below` or the fallback) and still ranks `immediate_danger` at or
above `ranking_threshold`.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.phrases import PhraseComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerGuard(PhraseComponent):
    """Overrides the intent with `immediate_danger` on danger phrases or a danger ranking."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent": "immediate_danger",
            "lookup": "danger",
            "ranking_threshold": 0.25,
            "unsure_below": 0.5,
        }

    def lookup_names(self) -> list[str]:
        return [self.config["lookup"]]

    def matched_phrase(self, text: str) -> str | None:
        """The danger phrase found in the text, if any."""
        return self.phrases.first_match(self.config["lookup"], text)

    def _classifier_suspects_danger(self, message: Message, intent: dict[str, Any]) -> bool:
        ranking = message.get(INTENT_RANKING_KEY) or []
        danger = next((r for r in ranking if r.get(INTENT_NAME_KEY) == self.config["intent"]), None)
        if danger is None or danger.get("confidence", 0.0) < self.config["ranking_threshold"]:
            return False
        unsure = intent.get("confidence", 0.0) < self.config["unsure_below"]
        return unsure or intent.get(INTENT_NAME_KEY) == "nlu_fallback"

    def annotate(self, message: Message) -> None:
        danger = self.config["intent"]
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) == danger:
            return
        phrase = self.matched_phrase(message.get(TEXT) or "")
        if phrase is None and not self._classifier_suspects_danger(message, intent):
            return
        message.set(INTENT, {INTENT_NAME_KEY: danger, "confidence": 1.0}, add_to_output=True)
        message.set("danger_guard", {"phrase": phrase, "overrode": intent}, add_to_output=True)
