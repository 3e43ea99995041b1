"""Every text a person sees is translated, not fuzzy, and keeps its placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.languages import SOURCE_LANGUAGE, supported_languages
from bot.paths import LOCALES_DIR, PROJECT_DIR

PLACEHOLDER = re.compile(r"\{(\w+)\}")
TRANSLATED = [lang for lang in supported_languages() if lang != SOURCE_LANGUAGE]


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Message ids extracted now from the content files (as `pybabel extract` does)."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(out),
            "--no-wrap",
            ".",
        ],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    with out.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def _catalog(language: str):
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_template_is_up_to_date(fresh_template: set[str]) -> None:
    with (LOCALES_DIR / "messages.pot").open("rb") as handle:
        committed = {m.id for m in read_po(handle) if m.id}
    assert fresh_template == committed, "run pybabel extract (see README, Translations)"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_not_fuzzy(language: str, fresh_template: set[str]) -> None:
    catalog = _catalog(language)
    missing = [i for i in fresh_template if not (catalog.get(i) and catalog.get(i).string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders(language: str) -> None:
    broken = [
        m.id
        for m in _catalog(language)
        if m.id and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))
    ]
    assert broken == []


def test_supported_languages_come_from_the_catalogs() -> None:
    assert supported_languages()[0] == "en"
    assert {"ru", "ar"} <= set(supported_languages())


def test_gettext_compiles_po_when_mo_is_missing(tmp_path: Path) -> None:
    from bot.i18n import translations

    target = tmp_path / "ru" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "messages.po").write_bytes(
        (LOCALES_DIR / "ru" / "LC_MESSAGES" / "messages.po").read_bytes()
    )
    assert translations("ru", tmp_path).gettext("Yes") == "Да"
