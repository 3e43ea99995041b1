"""Which directory the assistant answers from: the one read from the database at start-up,
else the country files themselves (tools, tests, `rasa shell`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.directory.model import EU, Country, load_country
from bot.paths import HELPLINES_DIR

_installed: dict[str, Country] | None = None


def install(loaded: dict[str, Country]) -> None:
    """Answer from this directory (the server installs the one read from the database)."""
    global _installed
    _installed = loaded


@lru_cache(maxsize=1)
def from_files(helplines_dir: Path = HELPLINES_DIR) -> dict[str, Country]:
    return {path.stem: load_country(path) for path in sorted(helplines_dir.glob("*.yml"))}


def directory() -> dict[str, Country]:
    """All countries by code, the EU-wide numbers under 'EU'."""
    return _installed if _installed is not None else from_files()


def country(code: str | None) -> Country | None:
    """The facts for a country, or None when there is no file for it."""
    return directory().get(code) if code and code != EU else None


def eu_wide() -> Country:
    return directory()[EU]


def countries_with_data() -> list[str]:
    return [code for code in directory() if code != EU]
