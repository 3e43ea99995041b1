"""Helplines and facts written for the reader: hours, who a line is for, figures, sources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.directory.model import Fact, Hours
from bot.directory.rendering import current, fact_text, hours_text, money, sentence

TWO_PERIODS = Hours.from_raw(
    {
        "timezone": "Europe/Helsinki",
        "open": [
            {"days": "mon", "from": "14:00", "to": "17:00"},
            {"days": "tue-wed", "from": "09:00", "to": "11:00"},
        ],
    }
)


def test_opening_periods_are_each_shown_once_with_the_languages_separator() -> None:
    assert hours_text(TWO_PERIODS, "en") == "Mon 14:00–17:00, Tue–Wed 09:00–11:00"
    russian = hours_text(TWO_PERIODS, "ru")
    assert russian == "пн 14:00–17:00, вт–ср 09:00–11:00"
    arabic = hours_text(TWO_PERIODS, "ar")
    assert arabic is not None
    assert arabic.count("14:00–17:00") == 1 and arabic.count("09:00–11:00") == 1
    assert "، " in arabic


def test_always_open_and_unknown_hours() -> None:
    assert hours_text(Hours(always=True), "en") == "24/7"
    assert hours_text(None, "en") is None


TODAY = dt.date(2026, 11, 23)


def fact(**values) -> Fact:
    return Fact(
        **{
            "kind": "minimum_wage",
            "text": "The minimum wage is {amount} gross per hour, since {from}.",
            "sources": ("https://www.example.org/page",),
            "verified": dt.date(2026, 11, 23),
            "confidence": "secondary",
            "amount": Decimal("13.90"),
            "currency": "EUR",
            "effective": dt.date(2026, 1, 1),
            **values,
        }
    )


def test_amounts_are_written_with_the_currency_name_in_the_readers_language() -> None:
    assert money(Decimal("13.90"), "EUR", "en") == "13.90 euros"
    assert money(Decimal("4806"), "PLN", "en") == "4,806 Polish zlotys"
    assert money(Decimal("4806"), "PLN", "ru") == "4\xa0806 польских злотых"
    assert money(Decimal("1424.50"), "EUR", "ru") == "1\xa0424,50 евро"
    assert money(Decimal("620.20"), "EUR", "ar") == "620.20 يورو"


def test_a_fact_carries_its_source_and_date() -> None:
    shown = fact_text(fact(), "en", TODAY)
    assert shown == (
        "The minimum wage is 13.90 euros gross per hour, since January 1, 2026."
        " (source: example.org, checked Nov 23, 2026)"
    )


def test_a_figure_past_its_date_says_so() -> None:
    late = fact(until=dt.date(2026, 6, 30))
    assert "may be out of date: a change was due on July 1, 2026" in fact_text(late, "en", TODAY)
    old = fact(effective=dt.date(2025, 2, 1))
    assert "This figure is from February 1, 2025" in fact_text(old, "en", TODAY)
    assert "out of date" not in fact_text(fact(), "en", TODAY)


def test_a_newer_figure_replaces_one_that_ran_out_and_upcoming_ones_are_shown() -> None:
    before = fact(amount=Decimal("4050"), effective=dt.date(2026, 1, 1), until=dt.date(2026, 6, 30))
    after = fact(amount=Decimal("4325"), effective=dt.date(2026, 7, 1))
    upcoming = fact(amount=Decimal("14.60"), effective=dt.date(2027, 1, 1))
    assert current([before, after], TODAY) == [after]
    assert current([before], TODAY) == [before]  # nothing newer: shown, with its warning
    assert current([after, upcoming], TODAY) == [after, upcoming]


def test_a_date_ending_in_a_full_stop_does_not_double_it() -> None:
    assert sentence(fact(), "ru").count("г..") == 0
