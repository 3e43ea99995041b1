"""Rasa component: starting the self-check clears the answers of an earlier run.

Rasa forms skip questions whose slots are already filled, and slot mappings cannot set
null, so a typed "start the self-check" gets the entity `selfcheck_reset` with value null,
which the sc_* slot mappings copy (buttons carry the same entity in their payload).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.base import MessageComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class SelfCheckReset(MessageComponent):
    """Adds `selfcheck_reset: null` to messages classified as `start_selfcheck`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "start_selfcheck", "entity": "selfcheck_reset"}

    def annotate(self, message: Message) -> None:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if intent != self.config["intent"]:
            return
        entities = list(message.get(ENTITIES) or [])
        entities.append(
            {
                "entity": self.config["entity"],
                "value": None,
                "start": 0,
                "end": 0,
                "extractor": type(self).__name__,
            }
        )
        message.set(ENTITIES, entities, add_to_output=True)
