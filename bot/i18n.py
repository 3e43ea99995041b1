"""Babel catalogs: every text a person sees is looked up here in their language.

Catalogs live in locales/<lang>/LC_MESSAGES/messages.po (edit with pybabel extract/update,
see README). A compiled .mo is used when it is up to date; otherwise the .po is compiled in
memory, so a forgotten `pybabel compile` never silently serves stale or English text.
Fuzzy entries are never used.
"""

from __future__ import annotations

import io
from functools import cache, lru_cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.languages import SOURCE_LANGUAGE
from bot.paths import LOCALES_DIR

DOMAIN = "messages"


@cache
def translations(language: str, locales_dir: Path = LOCALES_DIR) -> NullTranslations:
    """The catalog for a language; English (the source language) needs none."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    folder = locales_dir / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and po.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return GNUTranslations(handle)
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return GNUTranslations(buffer)


@lru_cache(maxsize=1)
def texts(locales_dir: Path = LOCALES_DIR) -> dict[str, str]:
    """English source texts the code composes answers from (locales/texts.yml)."""
    with (locales_dir / "texts.yml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return {str(k): str(v) for k, v in data.items()}


def gettext(language: str, message: str) -> str:
    """The message in the language, or the English source when it has no translation."""
    return translations(language).gettext(message)


def text(language: str, key: str) -> str:
    """A text from locales/texts.yml in the language."""
    return gettext(language, texts()[key])
