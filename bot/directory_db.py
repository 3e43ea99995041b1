"""The helpline directory in SQL: loaded from helplines/*.yml, read back at start-up.

`sync` replaces the directory in the database with what the YAML files say, in one
transaction (so running it twice changes nothing). The assistant then reads the directory
from the database, never from the YAML while answering.
"""

from __future__ import annotations

from pathlib import Path

import phonenumbers
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from bot.countries import Country, Helpline, hours_from_raw, load_country
from bot.db import countries, helplines
from bot.paths import HELPLINES_DIR


def e164(raw: str, country_code: str) -> str | None:
    """The number in E.164 (+4620505050), or None for a short code (116 006, 112)."""
    try:
        number = phonenumbers.parse(raw, None if country_code == "EU" else country_code)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _hours_raw(entry: Helpline) -> dict | None:
    hours = entry.hours
    if hours is None:
        return None
    if hours.always:
        return {"always": True}
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return {
        "timezone": hours.timezone,
        "open": [
            {"days": f"{days[p.days[0]]}-{days[p.days[-1]]}", "from": p.opens, "to": p.closes}
            for p in hours.periods
        ],
    }


def sync(engine: Engine, helplines_dir: Path = HELPLINES_DIR) -> tuple[int, int]:
    """Replace the directory in the database with the YAML files; (countries, entries)."""
    loaded = [load_country(path) for path in sorted(helplines_dir.glob("*.yml"))]
    country_rows = [
        {
            "code": c.code,
            "emergency": list(c.emergency),
            "wage_note": c.wage_note,
            "inspectorate_note": c.inspectorate_note,
        }
        for c in loaded
    ]
    helpline_rows = [
        {
            "country": c.code,
            "position": i,
            "organisation": h.organisation,
            "topics": list(h.topics),
            "phones": [{"published": p, "e164": e164(p, c.code)} for p in h.phones],
            "short_code": h.short_code,
            "channels": dict(h.channels),
            "hours": _hours_raw(h),
            "languages": list(h.languages),
            "free": h.free,
            "source": h.source,
            "verified": h.verified,
            "confidence": h.confidence,
        }
        for c in loaded
        for i, h in enumerate(c.helplines)
    ]
    with engine.begin() as connection:
        connection.execute(delete(helplines))
        connection.execute(delete(countries))
        connection.execute(insert(countries), country_rows)
        if helpline_rows:
            connection.execute(insert(helplines), helpline_rows)
    return len(country_rows), len(helpline_rows)


def load(engine: Engine) -> dict[str, Country]:
    """The directory as the assistant uses it, read from the database."""
    with engine.connect() as connection:
        entries: dict[str, list[Helpline]] = {}
        for row in connection.execute(
            select(helplines).order_by(helplines.c.country, helplines.c.position)
        ):
            entries.setdefault(row.country, []).append(
                Helpline(
                    organisation=row.organisation,
                    topics=tuple(row.topics),
                    phones=tuple(p["published"] for p in row.phones),
                    source=row.source,
                    verified=row.verified,
                    confidence=row.confidence,
                    hours=hours_from_raw(row.hours),
                    languages=tuple(row.languages),
                    free=row.free,
                    channels=dict(row.channels),
                    short_code=row.short_code,
                )
            )
        return {
            row.code: Country(
                code=row.code,
                emergency=tuple(row.emergency),
                helplines=tuple(entries.get(row.code, [])),
                wage_note=row.wage_note,
                inspectorate_note=row.inspectorate_note,
            )
            for row in connection.execute(select(countries).order_by(countries.c.code))
        }
