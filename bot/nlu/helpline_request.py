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

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.names import any_language_index
from bot.nlu.phrases import PhraseTable, collect

NEEDS = ("women", "children", "labour", "trafficking", "crime_victims")
_FILE = "need_phrases.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class HelplineRequestExtractor(GraphComponent):
    """Need, spoken language and page of a helpline request."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "ask_helpline"}

    def __init__(
        self,
        config: dict[str, Any],
        storage: ModelStorage,
        resource: Resource,
        phrases: PhraseTable | None = None,
    ) -> None:
        self.config = config
        self._storage, self._resource = storage, resource
        self.phrases = phrases or PhraseTable({})

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> HelplineRequestExtractor:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> HelplineRequestExtractor:
        try:
            with model_storage.read_from(resource) as directory:
                phrases = PhraseTable.load(directory / _FILE)
        except ValueError:
            phrases = PhraseTable({})
        return cls({**cls.get_default_config(), **config}, model_storage, resource, phrases)

    def train(self, training_data: TrainingData) -> Resource:
        tables = collect(training_data, [f"need_{need}" for need in NEEDS])
        with self._storage.write_to(self._resource) as directory:
            PhraseTable(tables).save(directory / _FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self.config["intent"]:
                self._annotate(message)
        return messages

    def need(self, text: str) -> str:
        found = self.phrases.names_found(text)
        return found[0].removeprefix("need_") if found else "general"

    def _annotate(self, message: Message) -> None:
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
