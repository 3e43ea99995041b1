"""The helpline directory: checking the files, ranking, SQL sync, and the CLI tools."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db import connect, helplines
from bot.directory import registry, selection, store
from bot.directory.check import check
from bot.directory.model import Country, Helpline, Hours, OpeningPeriod
from bot.paths import HELPLINES_DIR, PROJECT_DIR
from tests.test_privacy_units import POSTGRES_URL, reset_postgres

UTC = dt.timezone.utc
REQUIRED = {
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


def test_check_passes_on_the_directory_with_24_countries() -> None:
    report = check(HELPLINES_DIR, today=dt.date(2026, 11, 23))
    assert report.errors == []
    # Only the two figures known to be past their date (README, "Facts") warn.
    assert [w.split(":")[0] for w in report.warnings] == [
        "BE.yml minimum_wage 2",
        "NL.yml minimum_wage 1",
    ]
    assert {p.stem for p in HELPLINES_DIR.glob("*.yml")} >= REQUIRED | {"EU"}


ENTRY = (
    "  - {{organisation: {org}, topics: [{topic}], phones: ['{phone}'],"
    " source: '{source}', verified: {date}, confidence: {conf}{extra}}}\n"
)


BAD_ZONE = ", hours: {timezone: Mars/Base, open: [{days: mon, from: '09:00', to: '17:00'}]}"
BAD_DAY = ", hours: {timezone: Europe/Oslo, open: [{days: funday, from: '9', to: '1'}]}"


def write(tmp: Path, code: str, *entries: dict) -> Path:
    body = "".join(
        ENTRY.format(
            **{
                "org": "Org",
                "topic": "labour",
                "phone": "08-123 456 78",
                "source": "https://example.org",
                "date": "2026-11-01",
                "conf": "confirmed",
                "extra": "",
                **e,
            }
        )
        for e in entries
    )
    (tmp / f"{code}.yml").write_text(f"country: {code}\nhelplines:\n{body}", encoding="utf-8")
    return tmp


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"phone": "12"}, "not a valid number"),
        ({"phone": "+49 30 1234567"}, None),  # a foreign number written with + is fine
        ({"phone": "0800 0005780"}, "not a valid number"),  # a German number in Sweden
        ({"source": "av.se"}, "source must be the URL"),
        ({"conf": "unverified"}, "confidence must be"),
        ({"topic": "gardening"}, "unknown topics"),
        ({"date": "2023-01-01"}, "over 24 months"),
        ({"date": "2030-01-01"}, "in the future"),
        ({"extra": BAD_ZONE}, "hours do not parse"),
        ({"extra": BAD_DAY}, "hours do not parse"),
        ({"phone": "1234", "extra": ", short_code: true"}, None),
    ],
)
def test_check_rules(tmp_path: Path, entry: dict, message: str | None) -> None:
    report = check(write(tmp_path, "SE", entry), today=dt.date(2026, 11, 22))
    if message is None:
        assert report.errors == []
    else:
        assert any(message in e for e in report.errors), report.errors


def test_check_warns_after_12_months_and_finds_duplicates(tmp_path: Path) -> None:
    write(
        tmp_path,
        "SE",
        {"date": "2025-06-01"},
        {"org": "Other", "date": "2026-11-01"},
        {"org": "Other", "phone": "08-765 432 10"},
    )
    report = check(tmp_path, today=dt.date(2026, 11, 22))
    assert any("over 12 months" in w for w in report.warnings)
    assert any("appears 2 times" in e for e in report.errors)


def test_cli_check_exits_non_zero_on_errors(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "bot", "helplines", "check"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and "0 errors" in ok.stdout
    write(tmp_path, "SE", {"phone": "12"})
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "helplines", "check"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "ASSISTANT_HOME": str(_home_with(tmp_path))},
    )
    assert bad.returncode == 1 and "ERROR" in bad.stdout


def _home_with(helplines_dir: Path) -> Path:
    """A project home whose helplines/ is the given folder (the rest linked)."""
    home = helplines_dir.parent / "home"
    home.mkdir(exist_ok=True)
    for name in ("locales", "dialogues", "nlu", "config.yml", "endpoints.yml"):
        target = home / name
        if not target.exists():
            target.symlink_to(PROJECT_DIR / name)
    if not (home / "helplines").exists():
        (home / "helplines").symlink_to(helplines_dir)
    return home


def hours(tz: str, *periods: tuple[str, str, str]) -> Hours:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    parsed = []
    for spec, opens, closes in periods:
        first, _, last = spec.partition("-")
        parsed.append(
            OpeningPeriod(
                tuple(range(days.index(first), days.index(last or first) + 1)), opens, closes
            )
        )
    return Hours(timezone=tz, periods=tuple(parsed))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 11, 23, 8, 30, tzinfo=UTC), True),  # Mon 09:30 in Stockholm
        (dt.datetime(2026, 11, 23, 7, 30, tzinfo=UTC), False),  # Mon 08:30 there
        (dt.datetime(2026, 11, 23, 16, 30, tzinfo=UTC), False),  # Mon 17:30 there
        (dt.datetime(2026, 11, 22, 10, 0, tzinfo=UTC), False),  # Sunday
        (dt.datetime(2026, 7, 6, 7, 30, tzinfo=UTC), True),  # Mon 09:30 summer time (UTC+2)
    ],
)
def test_open_now_in_the_lines_time_zone(now: dt.datetime, expected: bool) -> None:
    office = hours("Europe/Stockholm", ("mon-fri", "09:00", "17:00"))
    assert selection.is_open(office, now) is expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 11, 27, 21, 30, tzinfo=UTC), True),  # Fri 23:30 Helsinki (UTC+2)
        (dt.datetime(2026, 11, 28, 2, 0, tzinfo=UTC), True),  # Sat 04:00, still Friday's shift
        (dt.datetime(2026, 11, 28, 5, 0, tzinfo=UTC), False),  # Sat 07:00, closed
        (dt.datetime(2026, 11, 29, 2, 0, tzinfo=UTC), False),  # Sun 04:00, no Saturday shift
    ],
)
def test_hours_across_midnight(now: dt.datetime, expected: bool) -> None:
    night = hours("Europe/Helsinki", ("fri", "22:00", "06:00"))
    assert selection.is_open(night, now) is expected


def line(org: str, topics: tuple[str, ...], **kw) -> Helpline:
    return Helpline(
        organisation=org,
        topics=topics,
        phones=("112",),
        sources=("https://x",),
        verified=dt.date(2026, 11, 22),
        confidence="confirmed",
        **kw,
    )


def test_ranking_need_language_open_free() -> None:
    monday_10 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    office = Hours.from_raw(
        {"timezone": "Europe/Berlin", "open": [{"days": "mon-fri", "from": "09:00", "to": "17:00"}]}
    )
    night = Hours.from_raw(
        {"timezone": "Europe/Berlin", "open": [{"days": "mon-sun", "from": "20:00", "to": "23:00"}]}
    )
    country = Country(
        "DE",
        ("112",),
        (
            line("paid open", ("labour",), hours=office, free=False),
            line("free closed", ("labour",), hours=night, free=True),
            line("free open", ("labour",), hours=office, free=True),
            line("speaks ru, closed", ("labour",), hours=night, languages=("ru",)),
            line("trafficking", ("trafficking",), hours=office, free=True),
            line("children", ("children",), hours=office, free=True),
        ),
    )
    names = [h.organisation for h in selection.select(country, "labour", "ru", 10, monday_10)]
    assert names == ["speaks ru, closed", "free open", "paid open", "free closed", "trafficking"]
    polish_only = Country(
        "DE",
        ("112",),
        (
            line("labour, Polish only", ("labour",), languages=("pl",)),
            line("trafficking, any language", ("trafficking",)),
        ),
    )
    for_russian = selection.select(polish_only, "labour", "ru", 10, monday_10)
    assert [h.organisation for h in for_russian] == [
        "trafficking, any language",
        "labour, Polish only",
    ]
    for_pole = selection.select(polish_only, "labour", "pl", 10, monday_10)
    assert for_pole[0].organisation == "labour, Polish only"


FACT = (
    "facts:\n  minimum_wage:\n    - {{text: '{text}', source: '{source}', verified: {date},"
    " confidence: {conf}{extra}}}\n"
)


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        ({}, None),
        ({"source": "av.se"}, "source must be the URL"),
        ({"conf": "unverified"}, "confidence must be"),
        ({"date": "2030-01-01"}, "in the future"),
        ({"text": "It is {amount} a month."}, "needs an amount"),
        ({"extra": ", amount: '12'"}, "needs an amount"),
        ({"text": "It is {amount}.", "extra": ", amount: '12', currency: XXY"}, "ISO 4217"),
        ({"text": "Since {from}."}, "needs a 'from' date"),
        ({"text": "Since {when}."}, "may only use"),
        (
            {
                "text": "It is {amount}.",
                "extra": ", amount: '9', currency: EUR, from: 2026-01-01, until: 2025-01-01",
            },
            "'until' is before 'from'",
        ),
    ],
)
def test_check_rules_for_facts(tmp_path: Path, fact: dict, message: str | None) -> None:
    values = {
        "text": "No minimum wage is set by law.",
        "source": "https://example.org",
        "date": "2026-11-01",
        "conf": "confirmed",
        "extra": "",
        **fact,
    }
    (tmp_path / "SE.yml").write_text(
        "country: SE\n" + FACT.format(**values) + "helplines: []\n", encoding="utf-8"
    )
    report = check(tmp_path, today=dt.date(2026, 11, 23))
    if message is None:
        assert report.errors == [] and report.facts == 1
    else:
        assert any(message in e for e in report.errors), report.errors


def test_check_warns_on_figures_past_their_date_or_a_year_old(tmp_path: Path) -> None:
    (tmp_path / "SE.yml").write_text(
        "country: SE\nfacts:\n  minimum_wage:\n"
        "    - {text: 'It is {amount}.', amount: '9', currency: EUR, from: 2026-01-01,"
        " until: 2026-06-30, source: 'https://a.example', verified: 2026-11-01,"
        " confidence: secondary}\n"
        "    - {text: 'It was {amount}.', amount: '8', currency: EUR, from: 2025-02-01,"
        " source: 'https://b.example', verified: 2026-11-01, confidence: secondary}\n"
        "helplines: []\n",
        encoding="utf-8",
    )
    report = check(tmp_path, today=dt.date(2026, 11, 23))
    assert report.errors == []
    assert any("past its date" in w for w in report.warnings)
    assert any("over 12 months old" in w for w in report.warnings)


def test_women_only_and_limited_lines_rank_after_lines_for_everyone() -> None:
    monday_10 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    country = Country(
        "DE",
        ("112",),
        (
            line(
                "women's line",
                ("women", "violence", "trafficking"),
                audience="women",
                hours=Hours(always=True),
            ),
            line("regional trafficking", ("trafficking",), region="Bavaria"),
            line("national trafficking", ("trafficking",)),
            line("victims of crime", ("crime_victims",), hours=Hours(always=True)),
        ),
    )
    listed = [h.organisation for h in selection.select(country, "trafficking", "en", 9, monday_10)]
    # A regional line comes after every national line open to everyone, whatever its topic.
    assert listed == [
        "national trafficking",
        "victims of crime",
        "regional trafficking",
        "women's line",
    ]
    for_her = selection.select(country, "trafficking", "en", 9, monday_10, woman=True)
    assert for_her[0].organisation == "national trafficking"
    assert [h.organisation for h in selection.first_contacts(country, "en", False, monday_10)] == [
        "victims of crime",  # national and 24/7 first
        "national trafficking",
    ]
    assert [h.organisation for h in selection.first_contacts(country, "en", True, monday_10)] == [
        "women's line"  # 24/7, and a trafficking line itself
    ]
    only_women = Country("XX", ("112",), (country.helplines[0],))
    assert selection.first_contacts(only_women, "en", False, monday_10) == []


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "postgresql":
        reset_postgres()
        engine = connect(POSTGRES_URL)
    else:
        engine = connect(f"sqlite:///{tmp_path / 'directory.db'}")
    yield engine
    engine.dispose()


def test_sync_is_idempotent_and_round_trips(engine) -> None:
    first = store.sync(engine)
    second = store.sync(engine)
    assert first == second and first[0] >= 25
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(helplines)).scalar() == first[1]
        phones = (
            connection.execute(
                select(helplines.c.phones)
                .where(helplines.c.country == "FI")
                .order_by(helplines.c.position)
            )
            .scalars()
            .first()
        )
    assert phones == [{"published": "+358 2954 63177", "e164": "+358295463177"}]
    assert store.load(engine) == registry.from_files()


def test_list_and_export_commands(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "bot", "helplines", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "synced" in run("sync")
    listed = run("list", "--country", "SE", "--need", "trafficking", "--language", "ru")
    assert "Kvinnofridslinjen" in listed and "source: https://" in listed
    assert "tel:+4620505050" in listed
    exported = json.loads(run("export", "--format", "json"))
    assert {row["country"] for row in exported} >= REQUIRED
    assert all(row["source"].startswith("http") and row["verified"] for row in exported)
    assert "country,organisation" in run("export", "--format", "csv").splitlines()[0]
