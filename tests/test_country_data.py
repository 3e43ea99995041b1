"""helplines/*.yml: sourced, dated, parseable numbers; only showable confidence levels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import phonenumbers
import pytest
import yaml
from phonenumbers import shortnumberinfo

from bot import countries
from bot.helpline_text import display_number
from bot.paths import HELPLINES_DIR

FILES = sorted(HELPLINES_DIR.glob("*.yml"))
REQUIRED_COUNTRIES = {
    "SE",
    "FI",
    "DK",
    "NO",
    "IS",
    "DE",
    "PL",
    "EE",
    "LV",
    "LT",
    "NL",
    "BE",
    "AT",
    "GR",
    "CY",
    "RO",
    "BG",
    "GB",
    "IE",
    "CZ",
    "ES",
    "IT",
    "PT",
    "FR",
}


def is_harmonised_or_emergency(digits: str) -> bool:
    """112 and the EU's harmonised 116 xxx services (Commission Decision 2007/116/EC)."""
    return digits == "112" or (len(digits) == 6 and digits.startswith("116"))


def test_required_countries_have_files() -> None:
    assert set(countries.countries_with_data()) >= REQUIRED_COUNTRIES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_entries_are_sourced_dated_and_valid(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in raw["helplines"]:
        assert entry["confidence"] in countries.SHOWABLE
        assert entry["source"].startswith("http")
        assert isinstance(entry["verified"], dt.date)
        for phone in entry["phones"]:
            digits = "".join(ch for ch in phone if ch.isdigit())
            if path.stem == "EU":
                assert is_harmonised_or_emergency(digits), phone
                continue
            number = phonenumbers.parse(phone, path.stem)
            if entry.get("short_code"):  # marked by hand: sourced, not in phonenumbers
                assert digits.isdigit() and 3 <= len(digits) <= 6, (path.stem, phone)
                continue
            short_ok = shortnumberinfo.is_valid_short_number_for_region(number, path.stem)
            assert (
                phonenumbers.is_valid_number(number)
                or short_ok
                or is_harmonised_or_emergency(digits)
            ), (path.stem, phone)


def test_unverified_entries_are_never_loaded(tmp_path: Path) -> None:
    (tmp_path / "XX.yml").write_text(
        "country: XX\nhelplines:\n"
        "  - {organisation: A, topics: [labour], phones: ['1'], source: 'https://a',"
        " verified: 2026-11-22, confidence: unverified}\n"
        "  - {organisation: B, topics: [labour], phones: ['2'], source: 'https://b',"
        " verified: 2026-11-22, confidence: confirmed}\n",
        encoding="utf-8",
    )
    loaded = countries.load_country(tmp_path / "XX.yml")
    assert [h.organisation for h in loaded.helplines] == ["B"]


def test_missing_source_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "XX.yml").write_text(
        "country: XX\nhelplines:\n  - {organisation: A, topics: [labour], phones: ['1'],"
        " verified: 2026-11-22, confidence: confirmed}\n",
        encoding="utf-8",
    )
    with pytest.raises(countries.CountryDataError, match="source"):
        countries.load_country(tmp_path / "XX.yml")


def test_numbers_shown_in_national_or_international_format() -> None:
    assert display_number("+358 2954 63177", "FI") == "+358 29 5463177"
    assert display_number("0800 0005780", "DE") == "0800 0005780"
    assert display_number("116 006", "SE") == "116 006"
