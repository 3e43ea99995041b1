"""Phone numbers found in answers, for tel: links (web) and international form (Telegram)."""

from __future__ import annotations

from bot.directory.phones import find, international


def found(message: str, country: str | None) -> list[tuple[str, str]]:
    return [(span.text, span.tel) for span in find(message, country)]


def test_national_numbers_short_codes_and_international_numbers() -> None:
    message = (
        "• Unionen: 0770-870 870 (checked 22 Nov 2026, Mon–Fri 09:00–17:00). "
        "In danger call 112; victims: 116 006; Finland: +358 29 5463177"
    )
    assert found(message, "SE") == [
        ("0770-870 870", "tel:+46770870870"),
        ("112", "tel:112"),
        ("116 006", "tel:116006"),
        ("+358 29 5463177", "tel:+358295463177"),
    ]


def test_without_a_country_only_full_international_numbers_and_eu_short_codes() -> None:
    assert found("call 020-50 50 50, 112 or +46 20 50 50 50", None) == [
        ("112", "tel:112"),
        ("+46 20 50 50 50", "tel:+4620505050"),
    ]


def test_short_codes_of_the_country_and_digits_that_are_no_number() -> None:
    assert found("A21 hotline: 1109, police 100", "GR")[0] == ("1109", "tel:1109")
    assert found("8 questions, 12 hours, 2026", "SE") == []
    assert found("11200 and 1120", "SE") == []  # 112 only as a number of its own


def test_international_form_for_telegram() -> None:
    assert international("tel:+4620505050") == "+46 20 50 50 50"
    assert international("tel:116006") is None
