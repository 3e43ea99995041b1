"""Numbers, times and web addresses stay left-to-right inside right-to-left text.

In an Arabic sentence the Unicode bidirectional algorithm lays out "116 006" as "006 116"
(each group of digits is its own run, placed right to left) and "09:00–17:00" as
"17:00–09:00". Wrapping each such span in a left-to-right isolate (U+2066 … U+2069) keeps
it as written, in browsers and in Telegram's apps alike, without changing the characters a
copy or a screen reader gets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.directory import phones
from bot.languages import is_rtl

LRI, PDI = "\u2066", "\u2069"
# Times and time ranges ("09:00", "09:00–17:00"), web addresses, and the remaining digit
# groups with spaces, dots or dashes inside ("116 006", "13.90").
_TIME = r"\d{1,2}:\d{2}(?:\s*[–-]\s*\d{1,2}:\d{2})?"
_URL = r"https?://\S+"
_DIGITS = r"\+?\d+(?:[ \u00a0.,/–-]\d+)+"
_SPANS = re.compile(f"{_URL}|{_TIME}|{_DIGITS}")


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def isolate(text: str, language: str, country_code: str | None = None) -> str:
    """The text with every phone number, time and address isolated as left-to-right, when
    the language is written right to left; otherwise the text unchanged."""
    if not text or not is_rtl(language) or LRI in text:
        return text
    spans = [(p.start, p.end) for p in phones.find(text, country_code)]
    spans += [(m.start(), m.end()) for m in _SPANS.finditer(text)]
    out, at = [], 0
    for start, end in _merge(spans):
        out += [text[at:start], LRI, text[start:end], PDI]
        at = end
    return "".join(out) + text[at:]
