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

from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text import normalize


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
