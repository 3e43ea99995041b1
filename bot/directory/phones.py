"""Phone numbers, in one place: parsed, checked, written for the reader, dialled, and found
in an answer's text.

Numbers are stored as published and parsed with phonenumbers for the line's country (a
number written with '+' in any country). National short codes (112, 116 006, 1497) are not
full numbers: they are shown and dialled as written, and in an answer only those that the
directory lists for the country and the EU are recognised, since no general matcher can
tell them from other digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumber, shortnumberinfo

from bot.directory import registry
from bot.directory.model import EU

_UNKNOWN_REGION = "ZZ"  # phonenumbers' code for "no region": only +numbers are found


def _region(country_code: str | None) -> str | None:
    return None if country_code in (None, EU) else country_code


def _digits(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isdigit())


def parse(raw: str, country_code: str | None) -> PhoneNumber | None:
    """The number dialled in the country, or None when it does not parse."""
    try:
        return phonenumbers.parse(raw, _region(country_code))
    except phonenumbers.NumberParseException:
        return None


def full_number(raw: str, country_code: str | None) -> PhoneNumber | None:
    """The parsed number when it is a valid full number (not a short code)."""
    number = parse(raw, country_code)
    return number if number is not None and phonenumbers.is_valid_number(number) else None


def e164(raw: str, country_code: str | None) -> str | None:
    """'+4620505050' for '020-50 50 50' in SE; None for a short code such as 116 006."""
    number = full_number(raw, country_code)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(raw: str, country_code: str | None) -> str:
    """National format for a number dialled in the country, international when published
    with a '+'; short codes as published."""
    number = full_number(raw, country_code)
    if number is None:
        return raw
    style = (
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
        if raw.strip().startswith("+")
        else phonenumbers.PhoneNumberFormat.NATIONAL
    )
    return phonenumbers.format_number(number, style)


def tel_uri(raw: str, country_code: str | None) -> str:
    """A tel: URI: the E.164 number, or the digits of a short code dialled in the country."""
    return "tel:" + (e164(raw, country_code) or _digits(raw))


def international(tel: str) -> str | None:
    """'+46 20 50 50 50' for 'tel:+4620505050'; None for a short code, dialled as written."""
    number = tel.removeprefix("tel:")
    if not number.startswith("+"):
        return None
    parsed = parse(number, None)
    if parsed is None:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def harmonised(raw: str) -> bool:
    """112 and the EU's harmonised 116 xxx services (Commission Decision 2007/116/EC)."""
    digits = _digits(raw)
    return digits == "112" or (len(digits) == 6 and digits.startswith("116"))


def problem(raw: str, country_code: str, short_code: bool) -> str | None:
    """Why a published number cannot be listed for the country, or None when it can."""
    if country_code == EU:
        return None if harmonised(raw) else "not an EU-wide 112/116 number"
    if short_code:
        return None if 3 <= len(_digits(raw)) <= 6 else "short_code numbers have 3 to 6 digits"
    try:
        number = phonenumbers.parse(raw, country_code)
    except phonenumbers.NumberParseException as error:
        return f"does not parse ({error})"
    if phonenumbers.is_valid_number(number):
        region = phonenumbers.region_code_for_number(number)
        if raw.strip().startswith("+") or region == country_code:
            return None
        return f"is a number of {region}"
    if shortnumberinfo.is_valid_short_number_for_region(number, country_code) or harmonised(raw):
        return None
    return "is not a valid number for this country (mark national short codes short_code: true)"


@dataclass(frozen=True)
class PhoneSpan:
    """A number as written in a text, and the tel: URI that dials it."""

    start: int
    end: int
    text: str
    tel: str

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "tel": self.tel}


def find(message: str, country_code: str | None) -> list[PhoneSpan]:
    """The phone numbers in a message, in order of appearance."""
    if not any(ch.isdigit() for ch in message):
        return []
    return list(_found(message, country_code, id(registry.directory())))


# Answers are templates filled with the same facts for everyone in a country, so the same
# texts come again and again: the matcher (about 1.5 ms for a helpline list) runs once each.
@lru_cache(maxsize=2048)
def _found(message: str, country_code: str | None, directory: int) -> tuple[PhoneSpan, ...]:
    region = country_code if registry.country(country_code) else _UNKNOWN_REGION
    spans: list[PhoneSpan] = []
    for match in phonenumbers.PhoneNumberMatcher(message, region):
        number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        spans.append(PhoneSpan(match.start, match.end, match.raw_string, f"tel:{number}"))
    pattern = _short_codes_in(region if region != _UNKNOWN_REGION else None, directory)
    if pattern is not None:
        for short in pattern.finditer(message):
            if not any(s.start < short.end() and short.start() < s.end for s in spans):
                spans.append(
                    PhoneSpan(
                        short.start(), short.end(), short.group(), f"tel:{_digits(short.group())}"
                    )
                )
    return tuple(sorted(spans, key=lambda s: s.start))


# Keyed by the directory too: the server may install one read from the database.
@lru_cache(maxsize=64)
def _short_codes_in(country_code: str | None, directory: int) -> re.Pattern[str] | None:
    """Every short code listed for the country and the EU, longest first; digits may be
    grouped by spaces or hyphens as they are printed ('116 006' or '116006')."""
    places = [registry.eu_wide()]
    local = registry.country(country_code)
    if local is not None:
        places.append(local)
    codes: set[str] = set()
    for place in places:
        codes.update(_digits(n) for n in place.emergency)
        for entry in place.helplines:
            codes.update(
                _digits(p)
                for p in entry.phones
                if not p.strip().startswith("+") and full_number(p, place.code) is None
            )
    codes.discard("")
    if not codes:
        return None
    alternatives = (r"[ \u00a0-]?".join(code) for code in sorted(codes, key=len, reverse=True))
    return re.compile(r"(?<![\d+])(?:" + "|".join(alternatives) + r")(?!\d)")
