"""Country and language names in any supported language (Babel CLDR), with inflections."""

from __future__ import annotations

import pytest

from bot.names import country_index, country_name, is_country_code, language_index


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sweden", "SE"),
        ("Швеция", "SE"),
        ("السويد", "SE"),
        ("я в Швеции", "SE"),
        ("بالسويد", "SE"),
        ("Sverige", "SE"),
        ("Finland", "FI"),
        ("в Финляндию", "FI"),
        ("في فنلندا", "FI"),
        ("Suomi", "FI"),
        ("Germany", "DE"),
        ("из Германии", "DE"),
        ("من ألمانيا", "DE"),
        ("Deutschland", "DE"),
        ("Poland", "PL"),
        ("в Польше", "PL"),
        ("لبولندا", "PL"),
        ("Polska", "PL"),
        ("Lithuania", "LT"),
        ("в Литве", "LT"),
        ("ليتوانيا", "LT"),
        ("the Netherlands", "NL"),
        ("в Нидерландах", "NL"),
        ("هولندا", "NL"),
        ("Holland", "NL"),
        ("в Голландии", "NL"),
        ("United Kingdom", "GB"),
        ("في المملكة المتحدة", "GB"),
        ("Spain", "ES"),
        ("Испания", "ES"),
        ("كندا", "CA"),
        ("لكندا", "CA"),
    ],
)
def test_country_names(text: str, code: str) -> None:
    assert [c for c, _, _ in country_index().find(text)][-1] == code


@pytest.mark.parametrize("text", ["после того как", "мало денег", "my boss", "ok", ""])
def test_everyday_words_are_not_countries(text: str) -> None:
    assert country_index().find(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("switch to Arabic", "ar"),
        ("по-русски", "ru"),
        ("на английском", "en"),
        ("العربية", "ar"),
        ("بالعربي", "ar"),
        ("انجليزي", "en"),
        ("بالروسي", "ru"),
    ],
)
def test_language_names(text: str, code: str) -> None:
    assert language_index().find(text)[-1][0] == code


def test_country_name_in_reader_language() -> None:
    assert country_name("SE", "ru") == "Швеция"
    assert country_name("SE", "ar") == "السويد"
    assert is_country_code("se") and not is_country_code("EU") and not is_country_code(5)
