"""Helplines and facts written for the reader: hours, who a line is for, figures, sources."""

from __future__ import annotations

from bot.directory.model import Hours
from bot.directory.rendering import hours_text

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
