"""Aggregate statistics: how often each topic comes up, never who asked.

One SQL table of counts per (day, channel, language, country, topic), with no ids and no
text. Counts are gathered in memory and added to the table every `FLUSH_SECONDS`; rows older
than 13 months are deleted at each flush; any output shows counts under 5 as "<5" so that a
rare combination cannot single anyone out. `python -m bot stats` prints a weekly table and
can draw a PNG chart of topics by week.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.db import connect, usage_counts

logger = logging.getLogger(__name__)

SUPPRESS_BELOW = 5
RETENTION = dt.timedelta(days=396)  # 13 months
FLUSH_SECONDS = 30.0
MAX_PENDING_KEYS = 100_000
Key = tuple[dt.date, str, str, str, str]
__all__ = ["StatsRecorder", "connect", "usage_counts", "weekly_topics", "table", "chart"]


def _upsert(engine: Engine, rows: list[dict]) -> None:
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(usage_counts)
    statement = statement.on_conflict_do_update(
        index_elements=[c.name for c in usage_counts.primary_key.columns],
        set_={"count": usage_counts.c.count + statement.excluded.count},
    )
    cutoff = dt.date.today() - RETENTION
    with engine.begin() as connection:
        connection.execute(statement, rows)
        connection.execute(delete(usage_counts).where(usage_counts.c.day < cutoff))


class StatsRecorder:
    """Counts topics in memory and adds them to the table now and then."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pending: Counter[Key] = Counter()

    def count(
        self, channel: str, language: str | None, country: str | None, topic: str | None
    ) -> None:
        key = (
            dt.date.today(),
            channel[:16],
            (language or "")[:16],
            (country or "")[:8],
            (topic or "unknown")[:64],
        )
        if key in self._pending or len(self._pending) < MAX_PENDING_KEYS:
            self._pending[key] += 1

    def flush(self) -> bool:
        """Write the pending counts; on a database error keep them for the next try."""
        if not self._pending:
            return True
        pending, self._pending = self._pending, Counter()
        rows = [
            {"day": d, "channel": ch, "language": la, "country": co, "topic": to, "count": n}
            for (d, ch, la, co, to), n in pending.items()
        ]
        try:
            _upsert(self.engine, rows)
            return True
        except SQLAlchemyError as error:
            logger.warning("statistics not saved, will retry: %s", type(error).__name__)
            self._pending.update(pending)
            return False

    async def flush_periodically(self, seconds: float = FLUSH_SECONDS) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(seconds)
            await loop.run_in_executor(None, self.flush)


def weekly_topics(engine: Engine, weeks: int) -> list[tuple[dt.date, str, int]]:
    """(Monday of the week, topic, count) for the last `weeks` weeks, all filters summed."""
    since = dt.date.today() - dt.timedelta(weeks=weeks)
    query = (
        select(usage_counts.c.day, usage_counts.c.topic, func.sum(usage_counts.c.count))
        .where(usage_counts.c.day >= since)
        .group_by(usage_counts.c.day, usage_counts.c.topic)
    )
    totals: Counter[tuple[dt.date, str]] = Counter()
    with engine.connect() as connection:
        for day, topic, count in connection.execute(query):
            monday = day - dt.timedelta(days=day.weekday())
            totals[(monday, topic)] += int(count)
    return sorted((week, topic, count) for (week, topic), count in totals.items())


def shown(count: int) -> str:
    """A count as it may be shown: small numbers are suppressed."""
    return f"<{SUPPRESS_BELOW}" if count < SUPPRESS_BELOW else str(count)


def table(rows: Sequence[tuple[dt.date, str, int]]) -> str:
    """Weeks as columns, topics as rows, small counts suppressed."""
    weeks = sorted({w for w, _, _ in rows})
    topics = sorted({t for _, t, _ in rows})
    cells = {(w, t): c for w, t, c in rows}
    width = max([len(t) for t in topics] + [5])
    lines = [f"{'topic':<{width}} " + " ".join(f"{w.isoformat():>10}" for w in weeks)]
    for topic in topics:
        values = [shown(cells.get((w, topic), 0)) for w in weeks]
        lines.append(f"{topic:<{width}} " + " ".join(f"{v:>10}" for v in values))
    return "\n".join(lines) if topics else "no statistics yet"


def chart(rows: Sequence[tuple[dt.date, str, int]], path: Path) -> None:
    """A stacked bar chart of topics by week; suppressed counts are drawn as zero."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    weeks = sorted({w for w, _, _ in rows})
    topics = sorted({t for _, t, _ in rows})
    cells = {(w, t): c for w, t, c in rows}
    figure, axes = plt.subplots(figsize=(10, 5))
    bottom = [0] * len(weeks)
    labels = [w.isoformat() for w in weeks]
    for topic in topics:
        values = [c if (c := cells.get((w, topic), 0)) >= SUPPRESS_BELOW else 0 for w in weeks]
        axes.bar(labels, values, bottom=bottom, label=topic)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title(f"Topics by week (counts under {SUPPRESS_BELOW} not shown)")
    axes.set_ylabel("messages")
    axes.legend(fontsize="small", ncol=2, loc="upper left", bbox_to_anchor=(1, 1))
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
