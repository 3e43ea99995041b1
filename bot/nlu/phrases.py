"""Phrase lists from Rasa lookup tables, matched on normalised text at word starts.

Used by the danger guard and the helpline request extractor: the phrases live in the NLU
training data (nlu/<language>/*.yml, `- lookup: <name>`), are collected at training time
and stored in the model. A phrase may end mid-word, so a stem such as "угрожа" matches
"угрожают" and "угрожали".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.base import MessageComponent
from bot.text import normalize

_FILE = "phrases.json"


def collect(training_data: TrainingData, names: Iterable[str]) -> dict[str, list[str]]:
    """The normalised phrases of the named lookup tables."""
    wanted = set(names)
    tables: dict[str, set[str]] = {name: set() for name in wanted}
    for table in training_data.lookup_tables:
        if table.get("name") in wanted:
            tables[table["name"]] |= {normalize(e) for e in table.get("elements", []) if e}
    return {name: sorted(p for p in phrases if p) for name, phrases in tables.items()}


class PhraseTable:
    """Finds which named phrase lists occur in a text."""

    def __init__(self, tables: dict[str, list[str]]) -> None:
        self.tables = tables
        self._patterns = {
            name: re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
                + ")"
            )
            for name, phrases in tables.items()
            if phrases
        }

    def first_match(self, name: str, text: str) -> str | None:
        pattern = self._patterns.get(name)
        match = pattern.search(normalize(text)) if pattern else None
        return match.group(0) if match else None

    def names_found(self, text: str) -> list[str]:
        """The tables with a phrase in the text, earliest occurrence first."""
        normal = normalize(text)
        found = [(m.start(), name) for name, p in self._patterns.items() if (m := p.search(normal))]
        return [name for _, name in sorted(found)]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.tables, ensure_ascii=False))

    @classmethod
    def load(cls, path: Path) -> PhraseTable:
        try:
            return cls(json.loads(path.read_text()))
        except (OSError, ValueError):
            return cls({})


class PhraseComponent(MessageComponent):
    """A Rasa component trained from lookup tables: it keeps their phrases in the model."""

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        phrases: PhraseTable | None = None,
    ) -> None:
        super().__init__(config)
        self._storage = model_storage
        self._resource = resource
        self.phrases = phrases or PhraseTable({})

    def lookup_names(self) -> list[str]:
        """The lookup tables this component learns from."""
        raise NotImplementedError

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PhraseComponent:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> PhraseComponent:
        try:
            with model_storage.read_from(resource) as directory:
                phrases = PhraseTable.load(directory / _FILE)
        except ValueError:
            phrases = PhraseTable({})
        return cls({**cls.get_default_config(), **config}, model_storage, resource, phrases)

    def train(self, training_data: TrainingData) -> Resource:
        table = PhraseTable(collect(training_data, self.lookup_names()))
        with self._storage.write_to(self._resource) as directory:
            table.save(directory / _FILE)
        return self._resource
