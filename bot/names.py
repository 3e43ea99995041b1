"""Recognise country and language names in what people type, in any supported language.

Names come from Babel's CLDR data (territory and language names in every supported language,
plus each country's name in its own official languages), extended by the aliases in
helplines/<CC>.yml and trimmed by locales/names.yml. Russian case endings and Arabic
prefixes are folded so "в Швеции", "بالسويد" and "Sweden" all give SE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages

from bot.languages import supported_languages
from bot.paths import HELPLINES_DIR, LOCALES_DIR
from bot.text import ATTACHED_CONJUNCTIONS, normalize, words

# Codes CLDR lists among territories that are not countries a person can be in.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Russian noun and adjective endings, longest first, stripped to reach a shared stem.
_RU_ENDINGS = (
    "ами",
    "ями",
    "ого",
    "его",
    "ому",
    "ему",
    "ий",
    "ый",
    "ой",
    "ая",
    "яя",
    "ое",
    "ее",
    "ах",
    "ях",
    "ам",
    "ям",
    "ом",
    "ем",
    "ей",
    "ию",
    "ия",
    "ии",
    "ие",
    "ью",
    "ы",
    "а",
    "я",
    "о",
    "е",
    "и",
    "у",
    "ю",
    "ь",
    "й",
)
# Arabic clitics written together with the next word: conjunctions, prepositions, article.
_AR_PREPOSITIONS = ("ب", "ل", "ك")
_MAX_WORDS = 4


def _ru_stem(word: str) -> str:
    if len(word) < 5:
        return word
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _ar_variants(word: str) -> Iterator[str]:
    """The word with its attached clitics peeled off one by one, longest form first."""
    forms = [word]
    for prefixes in (ATTACHED_CONJUNCTIONS, _AR_PREPOSITIONS):
        forms += [f[1:] for f in forms if f[:1] in prefixes and len(f) > 3]
    forms += [f[2:] for f in forms if f.startswith("ال") and len(f) > 4]
    forms += [f[1:] for f in forms if f.startswith("ل") and len(f) > 4]  # "للسويد"
    # Adjectives and nouns differ by a final taa marbuta (folded to ه): عربية ~ عربي
    forms += [f[:-1] for f in forms if f.endswith("ه") and len(f) > 3]
    seen: set[str] = set()
    for form in forms:
        if form not in seen:
            seen.add(form)
            yield form


def _word_keys(word: str) -> list[str]:
    if _CYRILLIC.search(word):
        return [_ru_stem(word)]
    if _ARABIC.search(word):
        return list(_ar_variants(word))
    return [word]


def _name_keys(name: str) -> list[str]:
    """Lookup keys of a known name, most complete first (see NameIndex._window_keys)."""
    parts = words(normalize(name))
    if not parts or len(parts) > _MAX_WORDS:
        return []
    return list(NameIndex._window_keys(parts))


class NameIndex:
    """Finds the longest known names in a text and returns their codes."""

    def __init__(self, names: list[tuple[str, str]], ignore: Iterable[str] = ()) -> None:
        ignored = {normalize(n) for n in ignore}
        keyed = [_name_keys(name) for name, _ in names]
        self._keys: dict[str, str] = {}
        # Whole names claim their keys before any name's reduced forms can.
        for depth in range(max((len(k) for k in keyed), default=0)):
            for (name, code), keys in zip(names, keyed, strict=False):
                if depth < len(keys) and normalize(name) not in ignored:
                    self._keys.setdefault(keys[depth], code)

    def __len__(self) -> int:
        return len(self._keys)

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(code, first word, end word) of each name found, earliest first, no overlaps."""
        tokens = words(normalize(text))
        found: list[tuple[str, int, int]] = []
        i = 0
        while i < len(tokens):
            match = self._match_at(tokens, i)
            if match:
                found.append(match)
                i = match[2]
            else:
                i += 1
        return found

    def _match_at(self, tokens: list[str], start: int) -> tuple[str, int, int] | None:
        for size in range(min(_MAX_WORDS, len(tokens) - start), 0, -1):
            window = tokens[start : start + size]
            for key in self._window_keys(window):
                code = self._keys.get(key)
                if code:
                    return code, start, start + size
        return None

    @staticmethod
    def _window_keys(window: list[str]) -> Iterator[str]:
        options = [_word_keys(w) for w in window]
        if len(window) == 1:
            yield from options[0]
            return
        # For several words, vary only the first word's clitics (the rest stay reduced).
        tail = " ".join(o[-1] for o in options[1:])
        for first in options[0]:
            yield f"{first} {tail}"


def _load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _country_aliases(helplines_dir: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(helplines_dir.glob("*.yml")):
        data = _load_yaml(path)
        code = str(data.get("country"))
        for names in (data.get("aliases") or {}).values():
            for name in names:
                yield str(name), code


def _ignored(kind: str) -> list[str]:
    path = LOCALES_DIR / "names.yml"
    data = _load_yaml(path) if path.exists() else {}
    return [n for names in (data.get(kind) or {}).values() for n in names]


def _country_codes() -> list[str]:
    english: Mapping[str, str] = Locale("en").territories
    return [c for c in english if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES]


@lru_cache(maxsize=1)
def country_index() -> NameIndex:
    """Every CLDR territory, named in each supported language and in its own languages."""
    names: list[tuple[str, str]] = list(_country_aliases(HELPLINES_DIR))
    codes = _country_codes()
    for lang in supported_languages():
        territories: Mapping[str, str] = Locale.parse(lang).territories
        names += [(territories[c], c) for c in codes if c in territories]
    for code in codes:
        for lang in get_official_languages(code, de_facto=True)[:2]:
            try:
                local: str | None = Locale.parse(lang).territories.get(code)
            except (ValueError, TypeError, UnknownLocaleError):
                continue
            if local:
                names.append((local, code))
    return NameIndex(names, ignore=_ignored("countries"))


@lru_cache(maxsize=1)
def language_index() -> NameIndex:
    """Names of the supported languages, in each supported language."""
    names: list[tuple[str, str]] = []
    for shown_in in supported_languages():
        languages = Locale.parse(shown_in).languages
        names += [(languages[code], code) for code in supported_languages() if code in languages]
    return NameIndex(names, ignore=_ignored("languages"))


@lru_cache(maxsize=1)
def any_language_index() -> NameIndex:
    """Names of every language CLDR knows (two-letter codes), in each supported language:
    for "a helpline where they speak Polish", not only the languages the assistant speaks."""
    names: list[tuple[str, str]] = []
    for shown_in in supported_languages():
        languages: Mapping[str, str] = Locale.parse(shown_in).languages
        names += [(name, code) for code, name in languages.items() if len(code) == 2]
    return NameIndex(names, ignore=_ignored("languages"))


def country_name(code: str, language: str) -> str:
    """The country's name in the reader's language, from CLDR."""
    return Locale.parse(language).territories.get(code, code)


def is_country_code(code: object) -> bool:
    """True for an ISO 3166 alpha-2 code that CLDR knows as a country."""
    return (
        isinstance(code, str)
        and len(code) == 2
        and code.upper() in Locale("en").territories
        and code.upper() not in _NOT_COUNTRIES
    )
