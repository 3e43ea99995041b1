"""Grading the private self-check (form selfcheck_form in dialogues/domain.yml).

The questions follow the ILO indicators of forced labour. Every question is asked so that
"yes" and "no" are plain answers; for most a "yes" is the warning sign, for "can you leave
when you want?" a "no" is. Being unable to leave, threats or violence, and forced crime or
begging are each strong signs on their own; three or more signs of any kind together are
strong too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Each question, and the answer that is a warning sign.
QUESTIONS: dict[str, bool] = {
    "sc_documents": True,
    "sc_debt": True,
    "sc_free_to_leave": False,
    "sc_threats": True,
    "sc_wages": True,
    "sc_deceived": True,
    "sc_housing": True,
    "sc_forced": True,
}
STRONG_ON_THEIR_OWN = frozenset({"sc_free_to_leave", "sc_threats", "sc_forced"})
STRONG_COUNT = 3


def signs(slots: Mapping[str, Any]) -> set[str]:
    """The questions answered with their warning sign (unanswered ones are not signs)."""
    return {q for q, sign in QUESTIONS.items() if slots.get(q) is sign}


def grade(slots: Mapping[str, Any]) -> str:
    """'none', 'some' or 'strong', from the answers."""
    found = signs(slots)
    if not found:
        return "none"
    if found & STRONG_ON_THEIR_OWN or len(found) >= STRONG_COUNT:
        return "strong"
    return "some"
