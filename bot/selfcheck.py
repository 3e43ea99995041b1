"""Grading the private self-check (form selfcheck_form in dialogues/domain.yml).

The questions follow recognised indicators of forced labour and trafficking. Being unable
to leave, threats or violence, and forced crime or begging are each strong signs on their
own; three or more signs of any kind together are strong too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

QUESTIONS = (
    "sc_documents",
    "sc_debt",
    "sc_not_free",
    "sc_threats",
    "sc_wages",
    "sc_deceived",
    "sc_housing",
    "sc_forced",
)
STRONG_ON_THEIR_OWN = frozenset({"sc_not_free", "sc_threats", "sc_forced"})
STRONG_COUNT = 3


def grade(slots: Mapping[str, Any]) -> str:
    """'none', 'some' or 'strong', from the yes answers."""
    signs = {q for q in QUESTIONS if slots.get(q) is True}
    if not signs:
        return "none"
    if signs & STRONG_ON_THEIR_OWN or len(signs) >= STRONG_COUNT:
        return "strong"
    return "some"
