"""What the directory holds: countries, their helplines and their facts (helplines/<CC>.yml).

Every field is defined once here. The YAML files, the database (which keeps each entry as
the same mapping) and the command line all go through `Country.from_raw`, so a new field
is added in one place. Only entries whose confidence is `confirmed` or `secondary` are kept:
an unverified number or figure can never reach a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

SHOWABLE = ("confirmed", "secondary")
EU = "EU"
DEFAULT_EMERGENCY = ("112",)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
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
        # Listening and emotional-crisis lines: for anyone who needs to talk, not for
        # reporting violence.
        "crisis",
    }
)
# Who may call a line: everyone unless the entry says it serves only one group.
AUDIENCES = frozenset({"everyone", "women", "children", "professionals"})
# The kinds of country facts (from ../shared/facts/labour.tsv and official pages).
FACT_KINDS = frozenset(
    {
        "minimum_wage",
        "wage_claim_deadline",
        "inspectorate",
        "union_for_migrants",
        "emergency_call",
    }
)


class CountryDataError(ValueError):
    """A country file breaks the rules in helplines/README.md."""


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

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any] | None) -> Hours | None:
        """Opening hours from their YAML form: `{always: true}` or a time zone and periods."""
        if not raw:
            return None
        if raw.get("always"):
            return cls(always=True)
        periods = tuple(
            OpeningPeriod(_day_range(str(p["days"])), str(p["from"]), str(p["to"]))
            for p in raw.get("open", [])
        )
        return cls(timezone=raw.get("timezone"), periods=periods)


def _day_range(spec: str) -> tuple[int, ...]:
    first, _, last = spec.strip().lower().partition("-")
    start, end = DAYS.index(first), DAYS.index(last or first)
    return tuple(range(start, end + 1))


def as_date(value: Any) -> dt.date | None:
    """A date from YAML (already a date) or from the database (an ISO string)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _urls(value: Any) -> tuple[str, ...]:
    """`source` is one URL or a list of them."""
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v)
    return (str(value),) if value else ()


@dataclass(frozen=True)
class Helpline:
    organisation: str
    topics: tuple[str, ...]
    phones: tuple[str, ...]
    sources: tuple[str, ...]
    verified: dt.date
    confidence: str
    # What the line is, in English, translated for the reader ("national line for women
    # subjected to violence"); the organisation's own name is shown as published.
    description: str | None = None
    hours: Hours | None = None
    languages: tuple[str, ...] = ()
    free: bool | None = None
    channels: dict[str, str] = field(default_factory=dict)
    short_code: bool = False
    audience: str = "everyone"
    # None for a national line; else the region it serves ("Bavaria"), translated.
    region: str | None = None
    # Open only a few hours a week or by appointment: ranked after lines open daily.
    part_time: bool = False

    @property
    def source(self) -> str:
        """The main page the entry was read on."""
        return self.sources[0]

    @property
    def limited(self) -> bool:
        """Regional, part-time or meant for professionals: ranked after the others."""
        return self.region is not None or self.part_time or self.audience == "professionals"

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any], where: str) -> Helpline:
        missing = [
            k for k in ("organisation", "topics", "phones", "source", "verified") if not raw.get(k)
        ]
        if missing:
            raise CountryDataError(f"{where}: missing {', '.join(missing)}")
        try:
            verified = as_date(raw["verified"])
            hours = Hours.from_raw(raw.get("hours"))
        except (KeyError, ValueError, TypeError) as error:
            raise CountryDataError(f"{where}: bad date or hours ({error})") from error
        assert verified is not None
        return cls(
            organisation=str(raw["organisation"]),
            topics=tuple(str(t) for t in raw["topics"]),
            phones=tuple(str(p) for p in raw["phones"]),
            sources=_urls(raw["source"]),
            verified=verified,
            confidence=str(raw.get("confidence")),
            description=raw.get("description") or None,
            hours=hours,
            languages=tuple(str(code) for code in raw.get("languages") or ()),
            free=raw.get("free"),
            channels={str(k): str(v) for k, v in (raw.get("channels") or {}).items()},
            short_code=bool(raw.get("short_code")),
            audience=str(raw.get("audience") or "everyone"),
            region=raw.get("region") or None,
            part_time=bool(raw.get("part_time")),
        )


@dataclass(frozen=True)
class Fact:
    """One sourced fact about a country: a text (English, translated), and for a figure its
    amount, currency and the dates it applies from and until."""

    kind: str
    text: str
    sources: tuple[str, ...]
    verified: dt.date
    confidence: str
    amount: Decimal | None = None
    currency: str | None = None
    effective: dt.date | None = None
    # When the figure was due to change: past this date, the answer says it may be outdated.
    until: dt.date | None = None

    @property
    def source(self) -> str:
        return self.sources[0]

    @classmethod
    def from_raw(cls, kind: str, raw: Mapping[str, Any], where: str) -> Fact:
        missing = [k for k in ("text", "source", "verified") if not raw.get(k)]
        if missing:
            raise CountryDataError(f"{where}: missing {', '.join(missing)}")
        try:
            amount = Decimal(str(raw["amount"])) if raw.get("amount") is not None else None
            verified = as_date(raw["verified"])
            effective, until = as_date(raw.get("from")), as_date(raw.get("until"))
        except (InvalidOperation, ValueError, TypeError) as error:
            raise CountryDataError(f"{where}: bad amount or date ({error})") from error
        assert verified is not None
        return cls(
            kind=kind,
            text=str(raw["text"]),
            sources=_urls(raw["source"]),
            verified=verified,
            confidence=str(raw.get("confidence")),
            amount=amount,
            currency=str(raw["currency"]) if raw.get("currency") else None,
            effective=effective,
            until=until,
        )


@dataclass(frozen=True)
class Country:
    code: str
    emergency: tuple[str, ...]
    helplines: tuple[Helpline, ...]
    facts: dict[str, tuple[Fact, ...]] = field(default_factory=dict)

    def facts_of(self, kind: str) -> tuple[Fact, ...]:
        return self.facts.get(kind, ())

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any], name: str) -> Country:
        """A country from its file's mapping; entries that may not be shown are dropped."""
        code = raw.get("country")
        helplines = tuple(
            Helpline.from_raw(entry, f"{name} entry {i + 1}")
            for i, entry in enumerate(raw.get("helplines") or [])
            if entry.get("confidence") in SHOWABLE
        )
        facts = {
            kind: tuple(
                Fact.from_raw(kind, entry, f"{name} {kind} {i + 1}")
                for i, entry in enumerate(entries or [])
                if entry.get("confidence") in SHOWABLE
            )
            for kind, entries in (raw.get("facts") or {}).items()
        }
        return cls(
            code=str(code),
            emergency=tuple(str(n) for n in raw.get("emergency") or DEFAULT_EMERGENCY),
            helplines=helplines,
            facts={kind: found for kind, found in facts.items() if found},
        )


def read_raw(path: Path) -> dict[str, Any]:
    """A country file as a mapping (what the checker, the store and the loader start from)."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    if not isinstance(raw, dict):
        raise CountryDataError(f"{path.name}: not a mapping")
    return raw


def load_country(path: Path) -> Country:
    """Read one country file, whose `country` must be its file name."""
    raw = read_raw(path)
    if raw.get("country") != path.stem:
        raise CountryDataError(
            f"{path.name}: 'country' must be {path.stem!r}, not {raw.get('country')!r}"
        )
    return Country.from_raw(raw, path.name)
