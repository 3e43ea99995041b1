"""Shared plumbing for this project's stateless Rasa NLU components."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class MessageComponent(GraphComponent):
    """A component that only annotates messages at prediction time."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageComponent:
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.annotate(message)
        return messages

    def annotate(self, message: Message) -> None:
        raise NotImplementedError

    @staticmethod
    def metadata(message: Message) -> dict[str, Any]:
        """The channel's metadata sent with the message (language and country hints)."""
        meta = message.get("metadata")
        return meta if isinstance(meta, dict) else {}

    def add_entity(self, message: Message, entity: str, value: Any) -> None:
        """Record an entity with no text span (it may come from metadata)."""
        found = [e for e in message.get(ENTITIES, []) if e.get("entity") != entity]
        found.append(
            {
                "entity": entity,
                "value": value,
                "start": 0,
                "end": 0,
                "confidence_entity": 1.0,
                "extractor": type(self).__name__,
            }
        )
        message.set(ENTITIES, found, add_to_output=True)
