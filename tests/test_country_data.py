"""helplines/*.yml: sourced, dated, parseable numbers; only showable confidence levels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import directory
from bot.directory.check import check
from bot.directory.model import CountryDataError, load_country
from bot.directory.phones import display, tel_uri
from bot.paths import HELPLINES_DIR


def test_files_pass_the_directory_check() -> None:
    """Sources, dates and numbers are validated by `helplines check` (tests/test_helplines.py
    covers its rules); here: the files in the repository pass it and the loader agrees."""
    report = check(HELPLINES_DIR, today=dt.date(2026, 11, 23))
    assert report.errors == []
    loaded = directory.directory()
    assert all(h.source.startswith("http") for c in loaded.values() for h in c.helplines)


def test_unverified_entries_are_never_loaded(tmp_path: Path) -> None:
    (tmp_path / "XX.yml").write_text(
        "country: XX\nhelplines:\n"
        "  - {organisation: A, topics: [labour], phones: ['1'], source: 'https://a',"
        " verified: 2026-11-22, confidence: unverified}\n"
        "  - {organisation: B, topics: [labour], phones: ['2'], source: 'https://b',"
        " verified: 2026-11-22, confidence: confirmed}\n",
        encoding="utf-8",
    )
    loaded = load_country(tmp_path / "XX.yml")
    assert [h.organisation for h in loaded.helplines] == ["B"]


def test_missing_source_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "XX.yml").write_text(
        "country: XX\nhelplines:\n  - {organisation: A, topics: [labour], phones: ['1'],"
        " verified: 2026-11-22, confidence: confirmed}\n",
        encoding="utf-8",
    )
    with pytest.raises(CountryDataError, match="source"):
        load_country(tmp_path / "XX.yml")


def test_tel_links() -> None:
    assert tel_uri("020-50 50 50", "SE") == "tel:+4620505050"
    assert tel_uri("116 006", "SE") == "tel:116006"
    assert tel_uri("1109", "GR") == "tel:1109"


def test_numbers_shown_in_national_or_international_format() -> None:
    assert display("+358 2954 63177", "FI") == "+358 29 5463177"
    assert display("0800 0005780", "DE") == "0800 0005780"
    assert display("116 006", "SE") == "116 006"
