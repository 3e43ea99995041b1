"""Pseudonyms, secrets, log redaction and aggregate statistics (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import logging
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot import stats
from bot.logs import REDACTED, RedactingFilter, redact, sensitive
from bot.pseudonyms import Pseudonymizer, load_secret

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def reset_postgres() -> None:
    """Start from an empty schema: the migrations create every table."""
    from sqlalchemy import create_engine

    engine = create_engine(POSTGRES_URL, future=True)
    with engine.begin() as connection:
        connection.execute(
            text(
                "DROP TABLE IF EXISTS facts, helplines, countries, usage_counts,"
                " alembic_version CASCADE"
            )
        )
    engine.dispose()


def test_pseudonym_is_stable_per_channel_and_changes_with_the_secret() -> None:
    one = Pseudonymizer(b"a" * 32)
    assert one("web", "123") == one("web", "123")
    assert one("web", "123") != one("telegram", "123")
    assert Pseudonymizer(b"b" * 32)("web", "123") != one("web", "123")
    assert "123" not in one("web", "123") and len(one("web", "123")) == 64


def test_short_secret_is_refused() -> None:
    with pytest.raises(ValueError):
        Pseudonymizer(b"short")


def test_secret_file_created_once_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "state" / "session_secret"
    first = load_secret(None, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret(None, path) == first and len(first) == 64
    assert load_secret("from-the-environment", path) == b"from-the-environment"


def test_redaction_of_turn_values_ips_tokens_and_pseudonyms() -> None:
    with sensitive("sender-42", "my secret text"):
        line = redact(
            "sender-42 wrote my secret text from 10.1.2.3 and ::1 fe80::1 "
            "with 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq " + "ab" * 32
        )
    assert "sender-42" not in line and "my secret text" not in line
    assert "10.1.2.3" not in line and "fe80::1" not in line
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq" not in line and "ab" * 32 not in line
    assert line.count(REDACTED) >= 6
    assert redact("sender-42") == "sender-42"  # only inside the block


def test_filter_rewrites_arguments_and_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "got %s", ("canary-arg",), None)
    try:
        raise RuntimeError("canary-exc")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    with sensitive("canary-arg", "canary-exc"):
        RedactingFilter().filter(record)
    assert "canary" not in record.getMessage() and "canary" not in (record.exc_text or "")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        engine = stats.connect(f"sqlite:///{tmp_path / 'stats.db'}")
    else:
        reset_postgres()
        engine = stats.connect(POSTGRES_URL)
    yield engine
    engine.dispose()


def test_counts_add_up_without_ids(engine) -> None:
    recorder = stats.StatsRecorder(engine)
    for _ in range(7):
        recorder.count("web", "ru", "SE", "ask_documents")
    recorder.count("web", "ar", None, "immediate_danger")
    assert recorder.flush()
    recorder.count("web", "ru", "SE", "ask_documents")
    assert recorder.flush()
    with engine.connect() as connection:
        rows = {
            (r.language, r.country, r.topic): r.count
            for r in connection.execute(select(stats.usage_counts))
        }
    assert rows == {("ru", "SE", "ask_documents"): 8, ("ar", "", "immediate_danger"): 1}
    assert set(stats.usage_counts.columns.keys()) == {
        "day",
        "channel",
        "language",
        "country",
        "topic",
        "count",
    }


def test_small_counts_are_suppressed_in_every_output(engine, tmp_path: Path) -> None:
    recorder = stats.StatsRecorder(engine)
    for _ in range(6):
        recorder.count("web", "en", "FI", "ask_wages")
    recorder.count("web", "en", "FI", "ask_hours")
    recorder.flush()
    report = stats.table(stats.weekly_topics(engine, 4))
    assert "ask_wages" in report and " 6" in report
    assert "<5" in report and " 1" not in report
    png = tmp_path / "topics.png"
    stats.chart(stats.weekly_topics(engine, 4), png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rows_older_than_13_months_are_deleted(engine) -> None:
    old = dt.date.today() - dt.timedelta(days=400)
    with engine.begin() as connection:
        connection.execute(
            stats.usage_counts.insert().values(
                day=old, channel="web", language="en", country="", topic="greet", count=9
            )
        )
    recorder = stats.StatsRecorder(engine)
    recorder.count("web", "en", None, "greet")
    recorder.flush()
    with engine.connect() as connection:
        days = {r.day for r in connection.execute(select(stats.usage_counts))}
    assert days == {dt.date.today()}


def test_database_away_loses_no_counts(tmp_path: Path) -> None:
    engine = stats.connect(f"sqlite:///{tmp_path / 'gone.db'}")
    recorder = stats.StatsRecorder(engine)
    recorder.count("web", "en", None, "greet")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE usage_counts"))
    assert recorder.flush() is False
    stats.usage_counts.create(engine)
    assert recorder.flush() is True
    with engine.connect() as connection:
        assert connection.execute(select(stats.usage_counts.c.count)).scalar() == 1
