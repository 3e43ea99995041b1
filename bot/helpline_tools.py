"""`python -m bot helplines sync|check|list|export`: tools for the NGO keeping the directory."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

from sqlalchemy.engine import Engine

from bot import directory_db, helpline_text
from bot.countries import Country, Helpline
from bot.helpline_check import check
from bot.paths import HELPLINES_DIR


def run_check() -> int:
    report = check(HELPLINES_DIR)
    for line in report.errors:
        print(f"ERROR   {line}")
    for line in report.warnings:
        print(f"WARNING {line}")
    print(
        f"{report.countries} files, {report.entries} entries: "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    )
    return 1 if report.errors else 0


def run_sync(engine: Engine) -> int:
    report = check(HELPLINES_DIR)
    if report.errors:
        print("\n".join(f"ERROR   {line}" for line in report.errors))
        print("not synced: fix the errors first (python -m bot helplines check)")
        return 1
    countries, entries = directory_db.sync(engine)
    print(f"synced {countries} countries, {entries} entries")
    return 0


def _row(country: Country, entry: Helpline) -> dict[str, Any]:
    return {
        "country": country.code,
        "organisation": entry.organisation,
        "topics": list(entry.topics),
        "phones": [helpline_text.display_number(p, country.code) for p in entry.phones],
        "e164": [directory_db.e164(p, country.code) for p in entry.phones],
        "tel": [helpline_text.tel_link(p, country.code) for p in entry.phones],
        "hours": "24/7"
        if entry.hours and entry.hours.always
        else (helpline_text.hours_text(entry.hours, "en") or ""),
        "languages": list(entry.languages),
        "free": entry.free,
        "channels": dict(entry.channels),
        "source": entry.source,
        "verified": entry.verified.isoformat(),
        "confidence": entry.confidence,
    }


def run_list(engine: Engine, code: str, need: str | None, language: str | None) -> int:
    directory = directory_db.load(engine)
    country = directory.get(code.upper())
    if country is None:
        print(f"no helplines for {code.upper()}: the EU-wide numbers apply")
        country = directory["EU"]
    chosen = helpline_text.select(
        country, need or "general", language or "en", limit=len(country.helplines)
    )
    for entry in chosen:
        row = _row(country, entry)
        print(
            f"{row['organisation']}\n  {', '.join(row['phones'])} ({' '.join(row['tel'])})"
            f" | {', '.join(row['topics'])}"
            f" | {row['hours'] or 'hours not stated'} | languages: "
            f"{', '.join(row['languages']) or '-'} | source: {row['source']}"
            f" ({row['confidence']}, verified {row['verified']})"
        )
    return 0


def _cell(value: Any) -> Any:
    """Lists as "a; b" (a short code has no E.164 form: empty), mappings as JSON."""
    if isinstance(value, list):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def run_export(engine: Engine, fmt: str) -> int:
    rows = [_row(c, h) for c in directory_db.load(engine).values() for h in c.helplines]
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
