"""Helplines and facts written for a phone screen in the reader's language, with the date
they were checked and where they come from.

Words come from locales/texts.yml (translated in the catalogs); dates, day names, language
and currency names from Babel's CLDR data, so a new language needs no code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, get_day_names
from babel.lists import format_list
from babel.numbers import format_currency

from bot.directory import phones
from bot.directory.model import Fact, Helpline, Hours
from bot.i18n import gettext, text
from bot.sources import Source


def date_text(day: dt.date, language: str, style: str = "medium") -> str:
    return format_date(day, format=style, locale=language)


def hours_text(hours: Hours | None, language: str) -> str | None:
    """Opening hours in the reader's language ('Mon–Fri 09:00–17:00', '24/7').

    Periods are joined with the catalog's list separator: Babel's 'unit' list style repeats
    the last period in Arabic and joins Russian periods without commas.
    """
    if hours is None:
        return None
    if hours.always:
        return text(language, "always_open")
    names = get_day_names("abbreviated", locale=language)
    parts = []
    for period in hours.periods:
        first, last = names[period.days[0]], names[period.days[-1]]
        days = first if first == last else f"{first}–{last}"
        parts.append(f"{days} {period.opens}–{period.closes}")
    return text(language, "list_separator").join(parts) if parts else None


def _spoken(entry: Helpline, language: str) -> str | None:
    if language in entry.languages:
        name = Locale.parse(language).languages.get(language, language)
        return text(language, "speaks").format(languages=name)
    return text(language, "interpreters") if "interpreters" in entry.languages else None


def _who(entry: Helpline, language: str) -> list[str]:
    """For whom and where, when a line is not for everyone everywhere."""
    found = []
    if entry.audience != "everyone":
        found.append(text(language, f"audience_{entry.audience}"))
    if entry.region:
        found.append(text(language, "region_only").format(region=gettext(language, entry.region)))
    return found


def helpline_name(entry: Helpline, language: str) -> str:
    """The organisation as published, with what it is in the reader's language."""
    organisation = gettext(language, entry.organisation)
    if not entry.description:
        return organisation
    return text(language, "named_with_description").format(
        organisation=organisation, description=gettext(language, entry.description)
    )


def line(entry: Helpline, country_code: str, language: str) -> str:
    """One entry as a phone-sized line: name, numbers, then for whom, when, cost, checked."""
    numbers = ", ".join(phones.display(p, country_code) for p in entry.phones)
    topics = [text(language, f"topic_{t}") for t in entry.topics[:2]]
    when = hours_text(entry.hours, language) or (
        text(language, "part_time") if entry.part_time else None
    )
    details = [
        None if entry.description else format_list(topics, locale=language),
        *_who(entry, language),
        when,
        text(language, "free_call") if entry.free is True else None,
        _spoken(entry, language),
        text(language, "verified_on").format(date=date_text(entry.verified, language)),
    ]
    head = text(language, "helpline_line").format(
        organisation=helpline_name(entry, language), phones=numbers
    )
    shown = text(language, "details_separator").join(d for d in details if d)
    return f"• {head} ({shown})"


def lines(entries: Sequence[Helpline], country_code: str, language: str) -> str:
    return "\n".join(line(e, country_code, language) for e in entries)


def helpline_source(entry: Helpline, language: str) -> Source:
    return Source(helpline_name(entry, language), entry.source, entry.verified, entry.confidence)


def money(amount: Decimal, currency: str, language: str) -> str:
    """The amount with the currency's name in the reader's language ('13.90 euros',
    '4 806 польских злотых'); whole amounts without decimals."""
    whole = amount == amount.to_integral_value()
    return format_currency(
        amount,
        currency,
        locale=language,
        format_type="name",
        currency_digits=not whole,
        decimal_quantization=not whole,
    )


def current(facts: Sequence[Fact], today: dt.date) -> list[Fact]:
    """The facts to show today: a figure that ran out is left out once a newer one of the
    same kind is in effect; upcoming figures are shown (they say from when)."""

    def superseded(fact: Fact) -> bool:
        if fact.until is None or fact.until >= today or fact.effective is None:
            return False
        start = fact.effective
        return any(
            other.effective is not None and start < other.effective <= today for other in facts
        )

    return [fact for fact in facts if not superseded(fact)]


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def sentence(fact: Fact, language: str) -> str:
    """The fact in the reader's language: amounts and dates written their way."""
    values = {
        "amount": money(fact.amount, fact.currency, language)
        if fact.amount is not None and fact.currency
        else "",
        "from": date_text(fact.effective, language, "long") if fact.effective else "",
    }
    # A date that ends in a full stop ("1 января 2026 г.") at the end of a sentence.
    return _DOUBLE_STOP.sub(".", gettext(language, fact.text).format_map(values))


# A figure in effect this long is worth a word of caution even without a known end date.
STALE_AFTER = dt.timedelta(days=365)


def fact_text(fact: Fact, language: str, today: dt.date) -> str:
    """The fact with its source and the date it was checked; a figure past the date it was
    due to change, or in effect for over a year, says it may be out of date."""
    source = text(language, "fact_source").format(
        site=Source("", fact.source).site, date=date_text(fact.verified, language)
    )
    found = f"{sentence(fact, language)} ({source})"
    if fact.until is not None and fact.until < today:
        changed = fact.until + dt.timedelta(days=1)
        found += " " + text(language, "fact_outdated").format(
            date=date_text(changed, language, "long")
        )
    elif (
        fact.amount is not None
        and fact.until is None
        and fact.effective is not None
        and today - fact.effective > STALE_AFTER
    ):
        found += " " + text(language, "fact_old").format(
            date=date_text(fact.effective, language, "long")
        )
    return found


def fact_sources(fact: Fact, title: str) -> list[Source]:
    """One source per page the fact was read on."""
    return [Source(title, url, fact.verified, fact.confidence) for url in fact.sources]
