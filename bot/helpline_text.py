"""Choose and write helpline entries for a person: their need, their language, short."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

import phonenumbers
from babel import Locale
from babel.dates import format_date, get_day_names
from babel.lists import format_list

from bot.countries import Country, Helpline, Hours
from bot.i18n import gettext, text

# Which helplines answer which need, best first. An entry's rank is that of its best topic.
NEEDS: dict[str, tuple[str, ...]] = {
    "general": (
        "trafficking",
        "labour",
        "migrant_workers",
        "women",
        "violence",
        "crime_victims",
        "police",
        "children",
    ),
    "labour": ("labour", "migrant_workers", "trafficking"),
    "trafficking": ("trafficking", "women", "violence", "crime_victims", "police"),
    "women": ("women", "violence", "crime_victims"),
    "children": ("children",),
    "crime_victims": ("crime_victims", "violence", "police"),
    "emergency": ("emergency",),
    "eu": ("emergency", "crime_victims", "children"),
}


# Many migrants get by in English: a line that speaks it is not out of reach.
LINGUA_FRANCA = "en"


def display_number(raw: str, country_code: str) -> str:
    """National format for a number dialled in the country, international when it has a '+'."""
    region = None if country_code == "EU" else country_code
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(number):
        return raw  # short codes such as 116 006 are shown as published
    style = (
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
        if raw.strip().startswith("+")
        else phonenumbers.PhoneNumberFormat.NATIONAL
    )
    return phonenumbers.format_number(number, style)


def is_open(hours: Hours | None, now: dt.datetime) -> bool | None:
    """Whether a line is open at `now` (aware), in its own time zone; None when unknown.

    A period that closes before it opens ("22:00" to "06:00") runs past midnight into the
    next day.
    """
    if hours is None:
        return None
    if hours.always:
        return True
    local = now.astimezone(ZoneInfo(hours.timezone or "UTC"))
    moment, weekday = local.time(), local.weekday()
    for period in hours.periods:
        opens, closes = dt.time.fromisoformat(period.opens), dt.time.fromisoformat(period.closes)
        if opens < closes:
            if weekday in period.days and opens <= moment < closes:
                return True
        elif (weekday in period.days and moment >= opens) or (
            (weekday - 1) % 7 in period.days and moment < closes
        ):
            return True
    return False


def tel_link(raw: str, country_code: str) -> str:
    """A tel: link: the E.164 number, or the digits of a short code dialled in the country."""
    try:
        number = phonenumbers.parse(raw, None if country_code == "EU" else country_code)
        if phonenumbers.is_valid_number(number):
            return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return "tel:" + "".join(ch for ch in raw if ch.isdigit())


def select(
    country: Country,
    need: str,
    language: str,
    limit: int,
    now: dt.datetime | None = None,
    skip: int = 0,
) -> list[Helpline]:
    """The best entries for the need and the language, then open now before closed (unknown
    hours in between), then free before paid.

    A line that lists its languages and speaks neither the person's nor English (a
    Polish-only line for a Russian speaker) goes after every other; among the rest the
    main purpose decides, then a line known to speak the person's language comes first.
    """
    order = NEEDS[need]
    now = now or dt.datetime.now(dt.timezone.utc)
    openness = {True: 0, None: 1, False: 2}
    cost = {True: 0, None: 1, False: 2}

    def rank(entry: Helpline) -> tuple[int, int, int, int, int]:
        speaks = language in entry.languages or "interpreters" in entry.languages
        reachable = speaks or LINGUA_FRANCA in entry.languages
        mismatch = 1 if entry.languages and not reachable else 0
        # An entry's topics are listed main purpose first: rank by the first that fits.
        topic = next((order.index(t) for t in entry.topics if t in order), len(order))
        return (
            mismatch,
            topic,
            0 if speaks else 1,
            openness[is_open(entry.hours, now)],
            cost[entry.free],
        )

    fitting = [e for e in country.helplines if any(t in order for t in e.topics)]
    if need not in ("emergency", "eu"):  # the emergency number is given on its own
        fitting = [e for e in fitting if set(e.topics) != {"emergency"}]
    return sorted(fitting, key=rank)[skip : skip + limit]


def hours_text(hours: Hours | None, language: str) -> str | None:
    """Opening hours in the reader's language ('Mon–Fri 09:00–17:00', '24/7')."""
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
    return format_list(parts, style="unit", locale=language) if parts else None


def _spoken(entry: Helpline, language: str) -> str | None:
    if language in entry.languages:
        name = Locale.parse(language).languages.get(language, language)
        return text(language, "speaks").format(languages=name)
    return text(language, "interpreters") if "interpreters" in entry.languages else None


def line(entry: Helpline, country_code: str, language: str) -> str:
    """One entry as a phone-sized line: name, numbers, then what it is for and when."""
    phones = ", ".join(display_number(p, country_code) for p in entry.phones)
    topics = [text(language, f"topic_{t}") for t in entry.topics[:2]]
    details: Iterable[str | None] = (
        format_list(topics, locale=language),
        hours_text(entry.hours, language),
        text(language, "free_call") if entry.free else None,
        _spoken(entry, language),
        text(language, "verified_on").format(
            date=format_date(entry.verified, format="medium", locale=language)
        ),
    )
    organisation = gettext(language, entry.organisation)
    head = text(language, "helpline_line").format(organisation=organisation, phones=phones)
    shown = text(language, "details_separator").join(d for d in details if d)
    return f"• {head} ({shown})" if shown else f"• {head}"


def lines(entries: Sequence[Helpline], country_code: str, language: str) -> str:
    return "\n".join(line(e, country_code, language) for e in entries)
