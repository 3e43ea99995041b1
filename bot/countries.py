"""Country facts and helplines from helplines/<CC>.yml (read once, kept in memory).

Only entries whose source is `confirmed` or `secondary` are loaded: an unverified number
can never reach a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.paths import HELPLINES_DIR

SHOWABLE = ("confirmed", "secondary")
# What a helpline is for; an entry lists its topics main purpose first.
TOPICS = frozenset(
    {
        "trafficking",
        "labour",
        "migrant_workers",
        "women",
        "violence",
        "crime_victims",
        "children",
        "emergency",
        "police",
    }
)
EU = "EU"
DEFAULT_EMERGENCY = ("112",)
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class CountryDataError(ValueError):
    """A helplines file breaks the rules in helplines/README.md."""


@dataclass(frozen=True)
class OpeningPeriod:
    """Opening time on some weekdays (0 = Monday), local time of the helpline."""

    days: tuple[int, ...]
    opens: str
    closes: str


@dataclass(frozen=True)
class Hours:
    always: bool = False
    timezone: str | None = None
    periods: tuple[OpeningPeriod, ...] = ()


@dataclass(frozen=True)
class Helpline:
    organisation: str
    topics: tuple[str, ...]
    phones: tuple[str, ...]
    source: str
    verified: dt.date
    confidence: str
    hours: Hours | None = None
    languages: tuple[str, ...] = ()
    free: bool | None = None
    channels: dict[str, str] = field(default_factory=dict)
    short_code: bool = False


@dataclass(frozen=True)
class Country:
    code: str
    emergency: tuple[str, ...]
    helplines: tuple[Helpline, ...]
    wage_note: str | None = None
    inspectorate_note: str | None = None


def _day_range(spec: str) -> tuple[int, ...]:
    first, _, last = spec.strip().lower().partition("-")
    start, end = _DAYS.index(first), _DAYS.index(last or first)
    return tuple(range(start, end + 1))


def hours_from_raw(raw: dict[str, Any] | None) -> Hours | None:
    """Opening hours from their YAML (and database) form."""
    if not raw:
        return None
    if raw.get("always"):
        return Hours(always=True)
    periods = tuple(
        OpeningPeriod(_day_range(p["days"]), str(p["from"]), str(p["to"]))
        for p in raw.get("open", [])
    )
    return Hours(timezone=raw.get("timezone"), periods=periods)


def _helpline(raw: dict[str, Any], where: str) -> Helpline:
    missing = [
        k for k in ("organisation", "topics", "phones", "source", "verified") if not raw.get(k)
    ]
    if missing:
        raise CountryDataError(f"{where}: missing {', '.join(missing)}")
    verified = raw["verified"]
    if not isinstance(verified, dt.date):
        raise CountryDataError(f"{where}: verified must be a date (YYYY-MM-DD)")
    try:
        hours = hours_from_raw(raw.get("hours"))
    except (KeyError, ValueError) as error:
        raise CountryDataError(f"{where}: bad hours ({error})") from error
    return Helpline(
        organisation=str(raw["organisation"]),
        topics=tuple(raw["topics"]),
        phones=tuple(str(p) for p in raw["phones"]),
        source=str(raw["source"]),
        verified=verified,
        confidence=str(raw.get("confidence")),
        hours=hours,
        languages=tuple(raw.get("languages") or ()),
        free=raw.get("free"),
        channels=dict(raw.get("channels") or {}),
        short_code=bool(raw.get("short_code")),
    )


def load_country(path: Path) -> Country:
    """Read one country file; entries that may not be shown are dropped."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    code = raw.get("country")
    if code != path.stem:
        raise CountryDataError(f"{path.name}: 'country' must be {path.stem!r}, not {code!r}")
    helplines = tuple(
        _helpline(entry, f"{path.name} entry {i + 1}")
        for i, entry in enumerate(raw.get("helplines") or [])
        if entry.get("confidence") in SHOWABLE
    )
    return Country(
        code=code,
        emergency=tuple(str(n) for n in raw.get("emergency") or DEFAULT_EMERGENCY),
        helplines=helplines,
        wage_note=raw.get("wage_note"),
        inspectorate_note=raw.get("inspectorate_note"),
    )


_installed: dict[str, Country] | None = None


def install(loaded: dict[str, Country]) -> None:
    """Answer from this directory (the server installs the one read from the database)."""
    global _installed
    _installed = loaded


@lru_cache(maxsize=1)
def _from_files(helplines_dir: Path = HELPLINES_DIR) -> dict[str, Country]:
    return {path.stem: load_country(path) for path in sorted(helplines_dir.glob("*.yml"))}


def directory() -> dict[str, Country]:
    """All countries by code, EU-wide numbers under 'EU': from the database when the server
    installed it, else straight from helplines/*.yml (tools, tests, `rasa shell`)."""
    return _installed if _installed is not None else _from_files()


def country(code: str | None) -> Country | None:
    """The facts for a country, or None when there is no file for it."""
    return directory().get(code) if code and code != EU else None


def eu_wide() -> Country:
    return directory()[EU]


def countries_with_data() -> list[str]:
    return [code for code in directory() if code != EU]
