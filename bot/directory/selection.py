"""Which helplines fit a person: their need, their language, who the line serves, the hour."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.directory.model import Country, Helpline, Hours

# Which helplines answer which need, best first. An entry's rank is that of its best topic.
# Children's lines (a child's own line, missing children) answer a need about children only.
NEEDS: dict[str, tuple[str, ...]] = {
    "general": (
        "trafficking",
        "labour",
        "migrant_workers",
        "women",
        "violence",
        "crime_victims",
        "police",
        "crisis",
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


def serves(entry: Helpline, need: str, woman: bool) -> bool:
    """Whether the line is meant for this person: a women's line for a woman or for someone
    asking for one, a children's line for a child's need; every other line for everyone."""
    if entry.audience == "women":
        return woman or need == "women"
    if entry.audience == "children":
        return need == "children"
    return True


def select(
    country: Country,
    need: str,
    language: str,
    limit: int,
    now: dt.datetime | None = None,
    skip: int = 0,
    woman: bool = False,
) -> list[Helpline]:
    """The best entries for the need and the person, best first.

    In order: a line that lists its languages and speaks neither the person's nor English
    (a Polish-only line for a Russian speaker) goes after every other; then lines meant for
    someone else (a women's line when the person has not said she is a woman); then
    national lines for everyone before regional, part-time or professional ones; then the
    main purpose that fits the need; then a line known to speak the person's language;
    then open now before closed (unknown hours in between); then free before paid.
    """
    order = NEEDS[need]
    now = now or dt.datetime.now(dt.timezone.utc)
    openness = {True: 0, None: 1, False: 2}
    cost = {True: 0, None: 1, False: 2}

    def rank(entry: Helpline) -> tuple[int, ...]:
        speaks = language in entry.languages or "interpreters" in entry.languages
        reachable = speaks or LINGUA_FRANCA in entry.languages
        # An entry's topics are listed main purpose first: rank by the first that fits.
        topic = next((order.index(t) for t in entry.topics if t in order), len(order))
        return (
            1 if entry.languages and not reachable else 0,
            0 if serves(entry, need, woman) else 1,
            1 if entry.limited else 0,
            topic,
            0 if speaks else 1,
            openness[is_open(entry.hours, now)],
            cost[entry.free],
        )

    fitting = [e for e in country.helplines if any(t in order for t in e.topics)]
    if need not in ("emergency", "eu"):  # the emergency number is given on its own
        fitting = [e for e in fitting if set(e.topics) != {"emergency"}]
    return sorted(fitting, key=rank)[skip : skip + limit]


def first_contacts(
    country: Country, language: str, woman: bool = False, now: dt.datetime | None = None
) -> list[Helpline]:
    """Who to call after the emergency number: the best line for this person (national
    and for everyone first; a 24/7 line before the others; then one whose main purpose is
    this need, open now before unknown hours before closed), and the best trafficking line
    if that is another one. Empty when only lines for someone else fit."""
    order = NEEDS["trafficking"]
    now = now or dt.datetime.now(dt.timezone.utc)

    def rank(entry: Helpline) -> tuple[int, ...]:
        speaks = language in entry.languages or "interpreters" in entry.languages
        reachable = speaks or LINGUA_FRANCA in entry.languages
        return (
            1 if entry.languages and not reachable else 0,
            1 if entry.limited else 0,
            0 if entry.hours is not None and entry.hours.always else 1,
            0 if entry.topics[0] in order else 1,
            next((order.index(t) for t in entry.topics if t in order), len(order)),
            {True: 0, None: 1, False: 2}[is_open(entry.hours, now)],
            0 if speaks else 1,
            0 if entry.free else 1,
        )

    fitting = sorted(
        (
            e
            for e in country.helplines
            if any(t in order for t in e.topics)
            and set(e.topics) != {"emergency"}
            and serves(e, "trafficking", woman)
        ),
        key=rank,
    )
    shown = fitting[:1]
    trafficking = next((e for e in fitting if "trafficking" in e.topics), None)
    if trafficking is not None and trafficking not in shown:
        shown.append(trafficking)
    return shown
