"""Which languages the assistant speaks, and their names (Babel CLDR data).

A language is supported when it has a catalog under locales/ (English is the source
language and needs none), so adding one is a matter of files.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale

from bot.paths import LOCALES_DIR

SOURCE_LANGUAGE = "en"


@lru_cache(maxsize=1)
def supported_languages(locales_dir: Path = LOCALES_DIR) -> tuple[str, ...]:
    """English first, then every language with a catalog, in code order."""
    found = sorted(
        p.name for p in locales_dir.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file()
    )
    return (SOURCE_LANGUAGE, *[code for code in found if code != SOURCE_LANGUAGE])


def normalize_code(code: str | None) -> str | None:
    """Map 'ru-RU', 'ar_SA', 'EN' to a supported code, or None when unsupported."""
    if not code or not isinstance(code, str):
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in supported_languages() else None


def native_name(code: str) -> str:
    """The language's name in itself ('Русский', 'العربية'), capitalised for a button."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def is_rtl(code: str) -> bool:
    """True for languages written right to left."""
    return Locale.parse(code).character_order == "right-to-left"
