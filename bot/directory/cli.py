"""`python -m bot helplines check|sync|list|facts|export`: tools for the NGO keeping the
directory (see README, "Country facts and helplines")."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from typing import Any

from sqlalchemy.engine import Engine

from bot.directory import phones, rendering, selection, store
from bot.directory.check import check
from bot.directory.model import EU, Country, Helpline
from bot.paths import HELPLINES_DIR


def run_check() -> int:
    report = check(HELPLINES_DIR)
    for line in report.errors:
        print(f"ERROR   {line}")
    for line in report.warnings:
        print(f"WARNING {line}")
    print(
        f"{report.countries} files, {report.entries} entries, {report.facts} facts: "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    )
    return 1 if report.errors else 0


def run_sync(engine: Engine) -> int:
    report = check(HELPLINES_DIR)
    if report.errors:
        print("\n".join(f"ERROR   {line}" for line in report.errors))
        print("not synced: fix the errors first (python -m bot helplines check)")
        return 1
    countries, entries = store.sync(engine)
    print(f"synced {countries} countries, {entries} entries")
    return 0


def _row(country: Country, entry: Helpline) -> dict[str, Any]:
    return {
        "country": country.code,
        "organisation": entry.organisation,
        "description": entry.description or "",
        "topics": list(entry.topics),
        "audience": entry.audience,
        "region": entry.region or "",
        "part_time": entry.part_time,
        "phones": [phones.display(p, country.code) for p in entry.phones],
        "e164": [phones.e164(p, country.code) for p in entry.phones],
        "tel": [phones.tel_uri(p, country.code) for p in entry.phones],
        "hours": rendering.hours_text(entry.hours, "en") or "",
        "languages": list(entry.languages),
        "free": entry.free,
        "channels": dict(entry.channels),
        "source": entry.source,
        "verified": entry.verified.isoformat(),
        "confidence": entry.confidence,
    }


def _country(engine: Engine, code: str) -> Country:
    directory = store.load(engine)
    found = directory.get(code.upper())
    if found is None:
        print(f"no file for {code.upper()}: the EU-wide numbers apply")
        return directory[EU]
    return found


def run_list(engine: Engine, code: str, need: str | None, language: str | None) -> int:
    country = _country(engine, code)
    chosen = selection.select(
        country, need or "general", language or "en", limit=len(country.helplines)
    )
    for entry in chosen:
        row = _row(country, entry)
        print(
            f"{rendering.helpline_name(entry, 'en')}\n  {', '.join(row['phones'])}"
            f" ({' '.join(row['tel'])}) | {', '.join(row['topics'])}"
            f" | {row['hours'] or 'hours not stated'} | languages: "
            f"{', '.join(row['languages']) or '-'} | source: {row['source']}"
            f" ({row['confidence']}, verified {row['verified']})"
        )
    return 0


def run_facts(engine: Engine, code: str) -> int:
    """Every fact of a country as the assistant writes it in English, with its source."""
    country = _country(engine, code)
    today = dt.date.today()
    for kind, found in sorted(country.facts.items()):
        print(kind)
        for fact in rendering.current(found, today):
            print(f"  {rendering.fact_text(fact, 'en', today)}")
            print(f"    {' '.join(fact.sources)} ({fact.confidence})")
    return 0


def _cell(value: Any) -> Any:
    """Lists as "a; b" (a short code has no E.164 form: empty), mappings as JSON."""
    if isinstance(value, list):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def run_export(engine: Engine, fmt: str) -> int:
    rows = [_row(c, h) for c in store.load(engine).values() for h in c.helplines]
    if fmt == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["country"])
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    sys.stdout.write(out.getvalue())
    return 0
