"""The SQL database (DATABASE_URL): tables, and migrating them with alembic.

Tables: `usage_counts` (aggregate statistics, bot.stats), `countries` and `helplines` (the
directory loaded from helplines/*.yml by `python -m bot helplines sync`). Every schema change
is an alembic migration in bot/migrations/versions/; `migrate` brings a database up to date.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
)
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
metadata = MetaData()

usage_counts = Table(
    "usage_counts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("channel", String(16), primary_key=True),
    Column("language", String(16), primary_key=True),
    Column("country", String(8), primary_key=True),
    Column("topic", String(64), primary_key=True),
    Column("count", Integer, nullable=False),
)

countries = Table(
    "countries",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("emergency", JSON, nullable=False),
    Column("wage_note", Text),
    Column("inspectorate_note", Text),
)

helplines = Table(
    "helplines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "country",
        String(8),
        ForeignKey("countries.code", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("position", Integer, nullable=False),
    Column("organisation", Text, nullable=False),
    Column("topics", JSON, nullable=False),
    Column("phones", JSON, nullable=False),
    Column("short_code", Boolean, nullable=False, default=False),
    Column("channels", JSON, nullable=False),
    Column("hours", JSON),
    Column("languages", JSON, nullable=False),
    Column("free", Boolean),
    Column("source", Text, nullable=False),
    Column("verified", Date, nullable=False),
    Column("confidence", String(16), nullable=False),
)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def connect(url: str) -> Engine:
    """An engine for DATABASE_URL with every migration applied."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return engine
