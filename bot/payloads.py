"""Typed payloads ("/intent{...}"): only what a button could have sent gets through.

Buttons send payloads such as `/choose_country{"country": "SE"}`, and Rasa reads any message
that starts with "/" the same way, so a person could type `/choose_country{"country":
"<b>x</b>"}` to put any string into a slot (and from there into answers and statistics), or
`/restart` and `/back` to reach Rasa's internal intents. Here a payload keeps its intent only
if the domain has it and it is not one of Rasa's own, and keeps an entity only if a button
sends that entity and its value is in the allowed set; anything else is read as plain words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from typing import Any

from bot import json_body
from bot.languages import supported_languages
from bot.names import is_country_code

_PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z_][A-Za-z0-9_]{0,63})(?P<entities>\{.*\})?", re.DOTALL)
# Rasa's own intents: a person must not restart, rewind or re-open a session by typing.
INTERNAL_INTENTS = frozenset({"restart", "back", "session_start", "nlu_fallback"})
MAX_PAGE = 99


def _page(value: Any) -> str | None:
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return text if text.isdigit() and 1 <= int(text) <= MAX_PAGE else None


def _country(value: Any) -> str | None:
    return value.upper() if isinstance(value, str) and is_country_code(value.upper()) else None


def _language(value: Any) -> str | None:
    return value if isinstance(value, str) and value in supported_languages() else None


# What each button-sent entity may hold: a check returning the value to keep, or None.
# `selfcheck_reset` is sent empty by the self-check's start button (it clears the answers).
_ENTITIES: dict[str, Callable[[Any], str | None]] = {
    "helpline_page": _page,
    "country": _country,
    "language": _language,
}
_EMPTY_ENTITIES = frozenset({"selfcheck_reset"})


def _entities(literal: str) -> dict[str, Any]:
    """The allowed entities of a payload's JSON object; the rest is dropped."""
    try:
        data = json_body.load(literal.encode("utf-8", "surrogatepass"), max_depth=1)
    except json_body.BadJSON:
        return {}
    if not isinstance(data, dict):
        return {}
    kept: dict[str, Any] = {}
    for name, value in data.items():
        if name in _EMPTY_ENTITIES and value is None:
            kept[name] = None
        elif name in _ENTITIES and (checked := _ENTITIES[name](value)) is not None:
            kept[name] = checked
    return kept


def sanitize(text: str, intents: Collection[str]) -> str:
    """The message as Rasa should read it: a payload rebuilt from its allowed parts, or
    plain words when it is not a payload a button could send."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text
    match = _PAYLOAD.fullmatch(stripped)
    if match is None or match["intent"] not in intents or match["intent"] in INTERNAL_INTENTS:
        # Read as words ("/restart" -> "restart"), never as a payload.
        return stripped.lstrip("/ ") or "?"
    entities = _entities(match["entities"]) if match["entities"] else {}
    if not entities:
        return f"/{match['intent']}"
    return f"/{match['intent']}{json.dumps(entities, ensure_ascii=False)}"
