"""`python -m bot helplines check`: the rules a helplines/*.yml file must follow.

Errors (exit code 1): a broken schema, a number that does not parse or is not valid for its
country (national short codes must be marked `short_code: true`), a missing or non-http
source, a confidence other than confirmed/secondary, a duplicate number or organisation,
hours that do not parse, a verification date in the future or older than 24 months.
Warnings: verified more than 12 months ago.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
import yaml
from phonenumbers import shortnumberinfo

from bot.countries import SHOWABLE, TOPICS, hours_from_raw
from bot.names import is_country_code

REQUIRED = ("organisation", "topics", "phones", "source", "verified", "confidence")
WARN_AFTER = dt.timedelta(days=365)
ERROR_AFTER = dt.timedelta(days=730)


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entries: int = 0
    countries: int = 0


def _harmonised(digits: str) -> bool:
    """112 and the EU's harmonised 116 xxx services (Commission Decision 2007/116/EC)."""
    return digits == "112" or (len(digits) == 6 and digits.startswith("116"))


def _check_number(raw: str, code: str, short_code: bool) -> str | None:
    digits = "".join(ch for ch in raw if ch.isdigit())
    if code == "EU":
        return None if _harmonised(digits) else "not an EU-wide 112/116 number"
    if short_code:
        return None if 3 <= len(digits) <= 6 else "short_code numbers have 3 to 6 digits"
    try:
        number = phonenumbers.parse(raw, code)
    except phonenumbers.NumberParseException as error:
        return f"does not parse ({error})"
    if phonenumbers.is_valid_number(number):
        if raw.strip().startswith("+") or phonenumbers.region_code_for_number(number) == code:
            return None
        return f"is a number of {phonenumbers.region_code_for_number(number)}"
    if shortnumberinfo.is_valid_short_number_for_region(number, code) or _harmonised(digits):
        return None
    return "is not a valid number for this country (mark national short codes short_code: true)"


def _check_entry(where: str, entry: Any, code: str, today: dt.date, report: Report) -> None:
    if not isinstance(entry, dict):
        report.errors.append(f"{where}: not a mapping")
        return
    missing = [key for key in REQUIRED if not entry.get(key)]
    if missing:
        report.errors.append(f"{where}: missing {', '.join(missing)}")
        return
    if entry["confidence"] not in SHOWABLE:
        report.errors.append(f"{where}: confidence must be one of {', '.join(SHOWABLE)}")
    unknown = set(entry["topics"]) - TOPICS
    if unknown:
        report.errors.append(f"{where}: unknown topics {sorted(unknown)}")
    if not str(entry["source"]).startswith(("http://", "https://")):
        report.errors.append(f"{where}: source must be the URL the facts were read on")
    for phone in entry["phones"]:
        problem = _check_number(str(phone), code, bool(entry.get("short_code")))
        if problem:
            report.errors.append(f"{where}: number {phone!r} {problem}")
    verified = entry["verified"]
    if not isinstance(verified, dt.date):
        report.errors.append(f"{where}: verified must be a date (YYYY-MM-DD)")
    elif verified > today:
        report.errors.append(f"{where}: verified {verified} is in the future")
    elif today - verified > ERROR_AFTER:
        report.errors.append(f"{where}: verified {verified}, over 24 months ago: check it again")
    elif today - verified > WARN_AFTER:
        report.warnings.append(f"{where}: verified {verified}, over 12 months ago")
    try:
        hours = hours_from_raw(entry.get("hours"))
        if hours and not hours.always:
            ZoneInfo(str(hours.timezone))
            for period in hours.periods:
                for moment in (period.opens, period.closes):
                    dt.time.fromisoformat(moment)
    except (KeyError, ValueError, TypeError, ZoneInfoNotFoundError) as error:
        report.errors.append(f"{where}: hours do not parse ({error})")


def check_file(path: Path, report: Report, today: dt.date) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        report.errors.append(f"{path.name}: not valid YAML ({error})")
        return
    code = data.get("country")
    if code != path.stem or not (code == "EU" or is_country_code(code)):
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


def check(directory: Path, today: dt.date | None = None) -> Report:
    report = Report()
    for path in sorted(directory.glob("*.yml")):
        check_file(path, report, today or dt.date.today())
    return report
