"""Rasa component: what a person says about themselves that changes the answer.

Today one thing: whether the writer says she is a woman ("I am a woman", "я девушка",
"انا امراه", and feminine self-descriptions in languages that mark them), from the
`said_woman` lookup tables in nlu/<language>/needs.yml. A line only for women is then a
fitting first contact; otherwise a line open to everyone comes first (bot/directory/
selection.py). Sets entity `woman: true`; nothing is ever set to false by a guess.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.phrases import PhraseComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class PersonExtractor(PhraseComponent):
    """Sets `woman` when the writer says she is a woman."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"lookup": "said_woman"}

    def lookup_names(self) -> list[str]:
        return [self.config["lookup"]]

    def annotate(self, message: Message) -> None:
        if self.phrases.first_match(self.config["lookup"], message.get(TEXT) or ""):
            self.add_entity(message, "woman", True)
