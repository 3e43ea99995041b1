"""The directory in SQL: loaded from helplines/*.yml, read back at start-up.

Each helpline and fact is kept as the same mapping its file holds (JSON), beside the columns
worth querying (country, organisation, numbers in E.164, date checked, confidence), and read
back through `Country.from_raw`: the fields are defined once, in bot.directory.model.
`sync` replaces the directory in one transaction, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from bot.db import countries, facts, helplines
from bot.directory import phones
from bot.directory.model import SHOWABLE, Country, as_date, load_country, read_raw
from bot.paths import HELPLINES_DIR


def _json_safe(value: Any) -> Any:
    """YAML dates as ISO strings, so the mapping goes into a JSON column unchanged."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


def sync(engine: Engine, helplines_dir: Path = HELPLINES_DIR) -> tuple[int, int]:
    """Replace the directory in the database with the files; (countries, helplines)."""
    paths = sorted(helplines_dir.glob("*.yml"))
    for path in paths:
        load_country(path)  # refuse a file the assistant could not read
    country_rows, helpline_rows, fact_rows = [], [], []
    for path in paths:
        raw = _json_safe(read_raw(path))
        code = raw["country"]
        rest = {k: v for k, v in raw.items() if k not in ("country", "helplines", "facts")}
        country_rows.append({"code": code, "data": rest})
        shown = [e for e in raw.get("helplines") or [] if e.get("confidence") in SHOWABLE]
        for position, entry in enumerate(shown):
            helpline_rows.append(
                {
                    "country": code,
                    "position": position,
                    "organisation": entry["organisation"],
                    "phones": [
                        {"published": str(p), "e164": phones.e164(str(p), code)}
                        for p in entry["phones"]
                    ],
                    "data": entry,
                    "verified": as_date(entry["verified"]),
                    "confidence": entry["confidence"],
                }
            )
        for kind, entries in (raw.get("facts") or {}).items():
            shown = [e for e in entries or [] if e.get("confidence") in SHOWABLE]
            for position, entry in enumerate(shown):
                fact_rows.append(
                    {
                        "country": code,
                        "kind": kind,
                        "position": position,
                        "data": entry,
                        "verified": as_date(entry["verified"]),
                        "confidence": entry["confidence"],
                    }
                )
    with engine.begin() as connection:
        for table in (facts, helplines, countries):
            connection.execute(delete(table))
        connection.execute(insert(countries), country_rows)
        for table, rows in ((helplines, helpline_rows), (facts, fact_rows)):
            if rows:
                connection.execute(insert(table), rows)
    return len(country_rows), len(helpline_rows)


def load(engine: Engine) -> dict[str, Country]:
    """The directory as the assistant uses it, read from the database."""
    with engine.connect() as connection:
        entries: dict[str, list[dict[str, Any]]] = {}
        for row in connection.execute(
            select(helplines.c.country, helplines.c.data).order_by(
                helplines.c.country, helplines.c.position
            )
        ):
            entries.setdefault(row.country, []).append(row.data)
        found: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for row in connection.execute(
            select(facts.c.country, facts.c.kind, facts.c.data).order_by(
                facts.c.country, facts.c.kind, facts.c.position
            )
        ):
            found.setdefault(row.country, {}).setdefault(row.kind, []).append(row.data)
        return {
            row.code: Country.from_raw(
                {
                    **row.data,
                    "country": row.code,
                    "helplines": entries.get(row.code, []),
                    "facts": found.get(row.code, {}),
                },
                f"database {row.code}",
            )
            for row in connection.execute(select(countries).order_by(countries.c.code))
        }
