"""Rasa component: what a person asking for a helpline needs, and in which language.

For a message classified as `ask_helpline`, sets the entities
- `helpline_need`: the first need named ("a line for women" -> women), from the lookup
  tables `need_<name>` in nlu/<language>/needs.yml, else "general";
- `helpline_language`: a language named ("someone who speaks Polish" -> pl), any language
  CLDR knows, not only the ones the assistant speaks; else "" (the person's own);
- `helpline_page`: "1" (the "More helplines" button asks for the next page).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.names import any_language_index
from bot.nlu.phrases import PhraseComponent

NEEDS = ("women", "children", "labour", "trafficking", "crime_victims")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class HelplineRequestExtractor(PhraseComponent):
    """Need, spoken language and page of a helpline request."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "ask_helpline"}

    def lookup_names(self) -> list[str]:
        return [f"need_{need}" for need in NEEDS]

    def need(self, text: str) -> str:
        found = self.phrases.names_found(text)
        return found[0].removeprefix("need_") if found else "general"

    def annotate(self, message: Message) -> None:
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != self.config["intent"]:
            return
        text = message.get(TEXT) or ""
        languages = any_language_index().find(text)
        values = {
            "helpline_need": self.need(text),
            "helpline_language": languages[-1][0] if languages else "",
            "helpline_page": "1",
        }
        entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") not in values]
        entities += [
            {"entity": name, "value": value, "start": 0, "end": 0, "extractor": type(self).__name__}
            for name, value in values.items()
        ]
        message.set(ENTITIES, entities, add_to_output=True)
