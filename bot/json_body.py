"""Reading a JSON request body that a stranger wrote: the one check at the edge.

`json.loads` alone lets through what later breaks the server: a lone UTF-16 surrogate
("\\ud800") that cannot be encoded again, nesting deep enough to exhaust the recursion
limit, integers of thousands of digits (Python refuses to convert them), 1e400 (infinity)
and NaN. Each of these is refused here with a `BadJSON` whose message says what was wrong,
so the server answers 400 before anything else reads the body.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 16
MAX_INT_DIGITS = 18
MAX_NUMBER_CHARS = 32
# A JSON string literal (escapes included), removed before brackets are counted.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class BadJSON(ValueError):
    """The body is not JSON this server accepts; the message says why."""


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, counted without parsing (so that a
    body nested 100,000 levels deep costs one pass, not a RecursionError)."""
    deepest = depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _integer(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise BadJSON(f"numbers must have at most {MAX_INT_DIGITS} digits")
    return int(literal)


def _real(literal: str) -> float:
    value = float(literal) if len(literal) <= MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(value):
        raise BadJSON("numbers must be finite and of ordinary size")
    return value


def _constant(name: str) -> float:
    raise BadJSON(f"{name} is not a JSON number")


def _check_strings(data: Any) -> None:
    """Every key and string must be encodable Unicode (no lone surrogates)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise BadJSON("strings must be valid Unicode (no lone surrogates)") from None


def load(body: bytes, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed body, or `BadJSON` saying why it is refused."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadJSON("body must be JSON in UTF-8") from None
    if _depth(text) > max_depth:
        raise BadJSON(f"JSON must not be nested more than {max_depth} levels deep")
    try:
        data = json.loads(text, parse_int=_integer, parse_float=_real, parse_constant=_constant)
    except BadJSON:
        raise
    except (ValueError, RecursionError):
        raise BadJSON("body must be JSON") from None
    _check_strings(data)
    return data
