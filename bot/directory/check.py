"""`python -m bot helplines check`: the rules every country file must follow.

Errors (exit code 1): a broken schema, a number that does not parse or is not valid for its
country (national short codes must be marked `short_code: true`), a missing or non-http
source, a confidence other than confirmed/secondary, a duplicate number or organisation,
hours that do not parse, an unknown audience or fact kind, a figure without an amount and
currency, a date in the future or checked more than 24 months ago.
Warnings: checked more than 12 months ago; a figure in effect for more than 12 months, or
past the date it was due to change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from babel.numbers import is_currency

from bot.directory import phones
from bot.directory.model import AUDIENCES, EU, FACT_KINDS, SHOWABLE, TOPICS, Hours, as_date
from bot.names import is_country_code

REQUIRED = ("organisation", "topics", "phones", "source", "verified", "confidence")
FACT_REQUIRED = ("text", "source", "verified", "confidence")
WARN_AFTER = dt.timedelta(days=365)
ERROR_AFTER = dt.timedelta(days=730)
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entries: int = 0
    facts: int = 0
    countries: int = 0


def _check_common(where: str, entry: dict[str, Any], today: dt.date, report: Report) -> None:
    """Source, confidence and date: what every helpline and every fact carries."""
    if entry["confidence"] not in SHOWABLE:
        report.errors.append(f"{where}: confidence must be one of {', '.join(SHOWABLE)}")
    sources = entry["source"] if isinstance(entry["source"], list) else [entry["source"]]
    if not all(str(s).startswith(("http://", "https://")) for s in sources):
        report.errors.append(f"{where}: source must be the URL the facts were read on")
    try:
        verified = as_date(entry["verified"])
    except (TypeError, ValueError):
        verified = None
    if verified is None:
        report.errors.append(f"{where}: verified must be a date (YYYY-MM-DD)")
    elif verified > today:
        report.errors.append(f"{where}: verified {verified} is in the future")
    elif today - verified > ERROR_AFTER:
        report.errors.append(f"{where}: verified {verified}, over 24 months ago: check it again")
    elif today - verified > WARN_AFTER:
        report.warnings.append(f"{where}: verified {verified}, over 12 months ago")


def _complete(where: str, raw: Any, required: tuple[str, ...], report: Report) -> bool:
    """Whether an entry or fact is a mapping with every required field (else an error)."""
    if not isinstance(raw, dict):
        report.errors.append(f"{where}: not a mapping")
        return False
    missing = [key for key in required if not raw.get(key)]
    if missing:
        report.errors.append(f"{where}: missing {', '.join(missing)}")
    return not missing


def _check_entry(where: str, entry: Any, code: str, today: dt.date, report: Report) -> None:
    if not _complete(where, entry, REQUIRED, report):
        return
    _check_common(where, entry, today, report)
    unknown = set(entry["topics"]) - TOPICS
    if unknown:
        report.errors.append(f"{where}: unknown topics {sorted(unknown)}")
    if entry.get("audience", "everyone") not in AUDIENCES:
        report.errors.append(f"{where}: audience must be one of {', '.join(sorted(AUDIENCES))}")
    for phone in entry["phones"]:
        problem = phones.problem(str(phone), code, bool(entry.get("short_code")))
        if problem:
            report.errors.append(f"{where}: number {phone!r} {problem}")
    try:
        hours = Hours.from_raw(entry.get("hours"))
        if hours and not hours.always:
            ZoneInfo(str(hours.timezone))
            for period in hours.periods:
                for moment in (period.opens, period.closes):
                    dt.time.fromisoformat(moment)
    except (KeyError, ValueError, TypeError, ZoneInfoNotFoundError) as error:
        report.errors.append(f"{where}: hours do not parse ({error})")


def _check_fact(where: str, fact: Any, today: dt.date, report: Report) -> None:
    if not _complete(where, fact, FACT_REQUIRED, report):
        return
    _check_common(where, fact, today, report)
    placeholders = set(_PLACEHOLDER.findall(str(fact["text"])))
    if placeholders - {"amount", "from"}:
        report.errors.append(f"{where}: text may only use {{amount}} and {{from}}")
    has_amount = fact.get("amount") is not None
    if has_amount != ("amount" in placeholders):
        report.errors.append(f"{where}: a figure needs an amount and {{amount}} in its text")
    if has_amount:
        try:
            Decimal(str(fact["amount"]))
            known = is_currency(str(fact.get("currency")))
        except InvalidOperation:
            known = False
        if not known:
            report.errors.append(f"{where}: amount must be a number with an ISO 4217 currency")
    try:
        effective, until = as_date(fact.get("from")), as_date(fact.get("until"))
    except (TypeError, ValueError) as error:
        report.errors.append(f"{where}: from/until must be dates ({error})")
        return
    if "from" in placeholders and effective is None:
        report.errors.append(f"{where}: {{from}} in the text needs a 'from' date")
    if effective and until and until < effective:
        report.errors.append(f"{where}: 'until' is before 'from'")
    if until is not None and until < today:
        report.warnings.append(f"{where}: figure past its date ({until}): check the new one")
    elif has_amount and effective and today - effective > WARN_AFTER and until is None:
        report.warnings.append(f"{where}: figure from {effective}, over 12 months old")


def check_file(path: Path, report: Report, today: dt.date) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        report.errors.append(f"{path.name}: not valid YAML ({error})")
        return
    code = data.get("country") if isinstance(data, dict) else None
    if code != path.stem or not (code == EU or is_country_code(code)):
        report.errors.append(f"{path.name}: 'country' must be the file's ISO code {path.stem}")
        return
    report.countries += 1
    entries = data.get("helplines") or []
    numbers: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for i, entry in enumerate(entries):
        _check_entry(f"{path.name} entry {i + 1}", entry, code, today, report)
        if isinstance(entry, dict):
            names[str(entry.get("organisation"))] += 1
            numbers.update(
                "".join(c for c in str(p) if c.isdigit() or c == "+")
                for p in entry.get("phones") or []
            )
    report.entries += len(entries)
    for number, count in numbers.items():
        if count > 1:
            report.errors.append(f"{path.name}: number {number} appears {count} times")
    for name, count in names.items():
        if count > 1:
            report.errors.append(f"{path.name}: organisation {name!r} appears {count} times")
    for kind, facts in (data.get("facts") or {}).items():
        if kind not in FACT_KINDS:
            report.errors.append(f"{path.name}: unknown fact kind {kind!r}")
            continue
        for i, fact in enumerate(facts or []):
            _check_fact(f"{path.name} {kind} {i + 1}", fact, today, report)
            report.facts += 1


def check(directory: Path, today: dt.date | None = None) -> Report:
    report = Report()
    for path in sorted(directory.glob("*.yml")):
        check_file(path, report, today or dt.date.today())
    return report
