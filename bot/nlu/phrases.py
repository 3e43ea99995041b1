"""Phrase lists from Rasa lookup tables, matched on normalised text at word starts.

Used by the danger guard and the helpline request extractor: the phrases live in the NLU
training data (nlu/<language>/*.yml, `- lookup: <name>`), are collected at training time
and stored in the model. A phrase may end mid-word, so a stem such as "угрожа" matches
"угрожают" and "угрожали"; inside a phrase, `*` stands for up to three words ("не выпуска *
из" finds "не выпускают нас из"), and a final `$` asks for a whole word ("sos$").
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
from bot.text import ATTACHED_CONJUNCTIONS, normalize

_FILE = "phrases.json"


def collect(training_data: TrainingData, names: Iterable[str]) -> dict[str, list[str]]:
    """The normalised phrases of the named lookup tables."""
    wanted = set(names)
    tables: dict[str, set[str]] = {name: set() for name in wanted}
    for table in training_data.lookup_tables:
        if table.get("name") in wanted:
            tables[table["name"]] |= {normalize(e) for e in table.get("elements", []) if e}
    return {name: sorted(p for p in phrases if p) for name, phrases in tables.items()}


# `*` in a phrase: the rest of the word before it, then up to three whole words.
_GAP = r"\w*(?:\W+\w+){0,3}?\W+"


def _pattern(phrase: str) -> str:
    """A phrase as a regular expression: literal text, with `*` standing for 0 to 3 words
    ("won't let * leave" finds "won't let us leave" and "won't let me or Ana leave"), and a
    final `$` for a whole word ("sos$" finds "sos", not "sosed")."""
    whole = phrase.endswith("$")
    parts = [part.strip() for part in phrase.removesuffix("$").split("*")]
    found = _GAP.join(re.escape(part) for part in parts if part)
    if "\u0600" <= phrase[:1] <= "\u06ff":  # a script that writes conjunctions attached
        found = _CONJUNCTION + found
    return found + r"(?!\w)" if whole else found


# A phrase may follow a conjunction written together with it.
_CONJUNCTION = "(?:" + "|".join(re.escape(c) for c in ATTACHED_CONJUNCTIONS) + ")?"


class PhraseTable:
    """Finds which named phrase lists occur in a text."""

    def __init__(self, tables: dict[str, list[str]]) -> None:
        self.tables = tables
        self._patterns = {
            name: re.compile(
                r"(?<!\w)(?:"
                + "|".join(_pattern(p) for p in sorted(phrases, key=len, reverse=True))
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
        settings = {**cls.get_default_config(), **config}
        try:
            with model_storage.read_from(resource) as directory:
                component = cls(
                    settings, model_storage, resource, PhraseTable.load(directory / _FILE)
                )
                component.load_more(directory)
        except ValueError:  # nothing trained yet
            component = cls(settings, model_storage, resource, PhraseTable({}))
        return component

    def train(self, training_data: TrainingData) -> Resource:
        self.phrases = PhraseTable(collect(training_data, self.lookup_names()))
        with self._storage.write_to(self._resource) as directory:
            self.phrases.save(directory / _FILE)
            self.train_more(training_data, directory)
        return self._resource

    def train_more(self, training_data: TrainingData, directory: Path) -> None:
        """Learn and keep more than phrases (a subclass's own model), beside them."""

    def load_more(self, directory: Path) -> None:
        """Read back what `train_more` kept."""
