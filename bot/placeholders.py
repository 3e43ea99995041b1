"""The {placeholders} of an answer, filled for one person: their language, their country,
what they asked for; each value remembers the sources it shows (helplines, facts).

A placeholder `{name}` is computed by the method `_name` only when a text asks for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot import directory
from bot.directory import rendering, selection
from bot.directory.model import DEFAULT_EMERGENCY, EU, Helpline
from bot.i18n import text
from bot.names import country_name
from bot.settings import Settings
from bot.sources import Source, listing

MAX_ENTRIES = 3
# The one safety step of the danger answer, by the first sign the detector found.
SAFETY_STEPS = {
    "held": "safety_step_held",
    "sold_or_moved": "safety_step_held",
    "hiding": "safety_step_hiding",
    "secret": "safety_step_phone",
    "taken": "safety_step_phone",
}


@dataclass(frozen=True)
class HelplineRequest:
    """What the person asked for in "who can I call": a need, a language spoken, a page."""

    need: str = "general"
    language: str | None = None
    page: int = 1

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> HelplineRequest:
        need = slots.get("helpline_need")
        wanted = slots.get("helpline_language")
        try:
            page = max(1, int(slots.get("helpline_page") or 1))
        except (TypeError, ValueError, OverflowError):
            page = 1
        return cls(
            need=need if need in selection.NEEDS else "general",
            language=wanted if isinstance(wanted, str) and wanted else None,
            page=page,
        )


class Placeholders(dict):
    """Placeholder values, computed only when a text asks for them."""

    def __init__(
        self,
        language: str,
        country_code: str | None,
        slots: Mapping[str, Any] | None = None,
        request: HelplineRequest | None = None,
        today: dt.date | None = None,
        earlier: Iterable[Source] = (),
    ) -> None:
        super().__init__()
        self.language = language
        self.code = country_code
        self.country = directory.country(country_code)
        self.slots = slots or {}
        self.request = request or HelplineRequest()
        self.today = today or dt.date.today()
        self.sources: list[Source] = []
        self.earlier = list(earlier)

    def __missing__(self, key: str) -> str:
        method = getattr(self, f"_{key}", None)
        if method is None:
            raise KeyError(key)
        value = str(method())
        self[key] = value
        return value

    def _t(self, key: str, **values: str) -> str:
        return text(self.language, key).format(**values) if values else text(self.language, key)

    @property
    def woman(self) -> bool:
        """She said she is a woman, or asked for a line for women."""
        return self.slots.get("woman") is True or self.slots.get("helpline_need") == "women"

    def _show(self, entries: list[Helpline], country_code: str) -> str:
        self.sources += [rendering.helpline_source(e, self.language) for e in entries]
        return rendering.lines(entries, country_code, self.language)

    def _emergency(self) -> str:
        numbers = self.country.emergency if self.country else DEFAULT_EMERGENCY
        return " / ".join(numbers)

    def _session_hours(self) -> str:
        return str(round(Settings.from_env().session_ttl / 3600))

    def _country_name(self) -> str:
        return country_name(self.code, self.language) if self.code else ""

    def _list(self, need: str, limit: int = MAX_ENTRIES) -> str | None:
        if not self.country:
            return None
        chosen = selection.select(self.country, need, self.language, limit, woman=self.woman)
        return self._show(chosen, self.country.code) if chosen else None

    def _eu_list(self) -> str:
        eu = directory.eu_wide()
        return self._show(selection.select(eu, "eu", self.language, MAX_ENTRIES + 1), eu.code)

    def ranked_for_request(self) -> list[Helpline]:
        """All entries for the request, best first (the answer shows one page of them)."""
        if not self.country:
            return []
        request = self.request
        return selection.select(
            self.country,
            request.need,
            request.language or self.language,
            limit=len(self.country.helplines),
            woman=self.woman,
        )

    def _helplines(self) -> str:
        ranked = self.ranked_for_request()
        start = (self.request.page - 1) * MAX_ENTRIES
        shown = ranked[start : start + MAX_ENTRIES] or ranked[:MAX_ENTRIES]
        if shown and self.country:
            return self._show(shown, self.country.code)
        if self.code:
            intro = self._t("no_local_helpline", country_name=self._country_name())
            return f"{intro}\n{self._eu_list()}"
        return self._eu_list()

    def _helplines_labour(self) -> str:
        listed = self._list("labour", 2)
        if listed:
            return listed
        if not self.code:
            return self._t("choose_country_for_advice")
        # The country is known: asking for it again would read as not listening.
        intro = self._t("no_local_advice_line", country_name=self._country_name())
        return f"{intro}\n{self._first_helpline()}"

    def _helplines_trafficking(self) -> str:
        return self._list("trafficking", 2) or self._helplines()

    def _helplines_danger(self) -> str:
        """Who to call after the emergency number (selection.first_contacts); a line only
        for women is the only contact only for a woman, otherwise the EU-wide victims' line
        comes with it. Without a country file: the EU-wide line for victims of crime."""
        eu = directory.eu_wide()
        eu_line = selection.select(eu, "crime_victims", self.language, 1)
        if not self.country:
            return self._show(eu_line, EU)
        shown = selection.first_contacts(self.country, self.language, self.woman)
        if shown:
            return self._show(shown, self.country.code)
        others = selection.select(self.country, "trafficking", self.language, 1)
        return "\n".join(
            part
            for part in (self._show(others, self.country.code), self._show(eu_line, EU))
            if part
        )

    def _safety_step(self) -> str:
        sign = self.slots.get("danger_sign")
        return self._t(SAFETY_STEPS.get(str(sign), "safety_step_default"))

    def _main_helpline(self) -> str:
        return self._list("general", 1) or self._t(
            "choose_country_for_helplines", emergency=self._emergency()
        )

    def _first_helpline(self) -> str:
        """The country's main line, else the EU-wide line for victims of crime."""
        eu = directory.eu_wide()
        local = self._list("general", 1)
        if local:
            return local
        return self._show(selection.select(eu, "crime_victims", self.language, 1), eu.code)

    def _facts(self, kind: str, with_sources: bool = True) -> str | None:
        """The country's facts of a kind, in the reader's language, with source and date."""
        place = self.country if self.country else None
        found = rendering.current(place.facts_of(kind), self.today) if place else []
        if not found:
            return None
        title = self._t(f"fact_title_{kind}", country_name=self._country_name())
        for fact in found:
            self.sources += rendering.fact_sources(fact, title)
        if not with_sources:
            return " ".join(rendering.sentence(f, self.language) for f in found)
        return " ".join(rendering.fact_text(f, self.language, self.today) for f in found)

    def _fact_or_note(self, kind: str) -> str:
        """A fact kind for the country, or an honest note that it is not known (yet)."""
        if not self.code:
            return self._t(f"no_country_{kind}")
        found = self._facts(kind)
        if found is None:
            return self._t(f"no_fact_{kind}", country_name=self._country_name())
        return self._t("fact_in_country", country_name=self._country_name(), fact=found)

    def _minimum_wage(self) -> str:
        return self._fact_or_note("minimum_wage")

    def _wage_claim_deadline(self) -> str:
        return self._fact_or_note("wage_claim_deadline")

    def _inspectorate(self) -> str:
        return self._fact_or_note("inspectorate")

    def _union_for_migrants(self) -> str:
        """Unions and centres that advise migrant workers; nothing when none is known."""
        return (self._facts("union_for_migrants") or "") if self.code else ""

    def _emergency_call(self) -> str:
        """What to know when calling the emergency number (free; 55 for a silent call in
        the UK): the country's own note, else the EU-wide note on 112."""
        own = self._facts("emergency_call", with_sources=False) if self.country else None
        if own:
            return own
        if "112" not in (self.country.emergency if self.country else DEFAULT_EMERGENCY):
            return ""
        eu = directory.eu_wide()
        notes = eu.facts_of("emergency_call")
        title = self._t("fact_title_emergency_call", country_name="112")
        for fact in notes:
            self.sources += rendering.fact_sources(fact, title)
        return " ".join(rendering.sentence(f, self.language) for f in notes)

    def _sources(self) -> str:
        """The sources of the previous answer (for `/sources`)."""
        return listing(self.earlier, self.language) or self._t("no_sources")
