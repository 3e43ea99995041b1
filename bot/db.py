"""The SQL database (DATABASE_URL): tables, and migrating them with alembic.

Tables: `usage_counts` (aggregate statistics, bot.stats); `countries`, `helplines` and
`facts` (the directory loaded from helplines/*.yml by `python -m bot helplines sync`,
bot/directory/store.py). Every schema change
is an alembic migration in bot/migrations/versions/; `migrate` brings a database up to date.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    JSON,
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
    # The country file's own fields (emergency numbers, aliases), as in the file.
    Column("data", JSON, nullable=False),
)


def _country() -> Column:
    """The country a row belongs to: deleting the country deletes its rows."""
    return Column(
        "country",
        String(8),
        ForeignKey("countries.code", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


helplines = Table(
    "helplines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _country(),
    Column("position", Integer, nullable=False),
    Column("organisation", Text, nullable=False),
    # As published and in E.164 (null for a short code), for queries and exports.
    Column("phones", JSON, nullable=False),
    # The entry as its file holds it (read back by bot.directory.model).
    Column("data", JSON, nullable=False),
    Column("verified", Date, nullable=False),
    Column("confidence", String(16), nullable=False),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _country(),
    Column("kind", String(32), nullable=False),
    Column("position", Integer, nullable=False),
    Column("data", JSON, nullable=False),
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
