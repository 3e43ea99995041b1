"""Where the phone numbers are in an answer, so each channel can make them tappable.

The core finds them once (bot.assistant adds them to each reply as `phones`) and the
channels decide how to show them: the web chat turns them into tel: links, Telegram
writes them in international form, which its apps make tappable (it accepts no tel: links).
Numbers in the country's own format are found by phonenumbers' matcher; short codes (112,
116 006, 1497) cannot be told from other digits by any general matcher, so only those the
helpline directory lists for the country and the EU are recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from bot import countries

_UNKNOWN_REGION = "ZZ"  # phonenumbers' code for "no region": only +numbers are found


@dataclass(frozen=True)
class PhoneSpan:
    """A number as written in the text, and the tel: URI that dials it."""

    start: int
    end: int
    text: str
    tel: str

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "tel": self.tel}


def _is_full_number(raw: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(raw, region))
    except phonenumbers.NumberParseException:
        return False


def _short_code_pattern(country_code: str | None) -> re.Pattern[str] | None:
    # Keyed by the directory too: the server may install one read from the database.
    return _short_codes_in(country_code, id(countries.directory()))


@lru_cache(maxsize=64)
def _short_codes_in(country_code: str | None, directory: int) -> re.Pattern[str] | None:
    """Every short code listed for the country and the EU, longest first; digits may be
    grouped by spaces or hyphens as they are printed ('116 006' or '116006')."""
    places = [countries.eu_wide()]
    local = countries.country(country_code)
    if local is not None:
        places.append(local)
    codes: set[str] = set()
    for place in places:
        region = _UNKNOWN_REGION if place.code == countries.EU else place.code
        codes.update("".join(filter(str.isdigit, n)) for n in place.emergency)
        for entry in place.helplines:
            codes.update(
                "".join(filter(str.isdigit, p))
                for p in entry.phones
                if not p.strip().startswith("+") and not _is_full_number(p, region)
            )
    codes.discard("")
    if not codes:
        return None
    alternatives = (r"[ \u00a0-]?".join(code) for code in sorted(codes, key=len, reverse=True))
    return re.compile(r"(?<![\d+])(?:" + "|".join(alternatives) + r")(?!\d)")


def find(message: str, country_code: str | None) -> list[PhoneSpan]:
    """The phone numbers in a message, in order of appearance."""
    if not any(ch.isdigit() for ch in message):
        return []
    return list(_found(message, country_code, id(countries.directory())))


# Answers are templates filled with the same facts for everyone in a country, so the same
# texts come again and again: the matcher (about 1.5 ms for a helpline list) runs once each.
@lru_cache(maxsize=2048)
def _found(message: str, country_code: str | None, directory: int) -> tuple[PhoneSpan, ...]:
    region = country_code if countries.country(country_code) else _UNKNOWN_REGION
    spans: list[PhoneSpan] = []
    for match in phonenumbers.PhoneNumberMatcher(message, region):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        spans.append(PhoneSpan(match.start, match.end, match.raw_string, f"tel:{e164}"))
    pattern = _short_code_pattern(region if region != _UNKNOWN_REGION else None)
    if pattern is not None:
        for short in pattern.finditer(message):
            if not any(s.start < short.end() and short.start() < s.end for s in spans):
                digits = "".join(filter(str.isdigit, short.group()))
                spans.append(PhoneSpan(short.start(), short.end(), short.group(), f"tel:{digits}"))
    return tuple(sorted(spans, key=lambda s: s.start))


def international(tel: str) -> str | None:
    """'+46 20 50 50 50' for 'tel:+4620505050'; None for a short code, dialled as written."""
    number = tel.removeprefix("tel:")
    if not number.startswith("+"):
        return None
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
