"""Turn a response name and the conversation's slots into the person's answer.

The English text of every response is in dialogues/responses/*.yml; this module picks the
person's language, translates through the catalogs, and fills the {placeholders} with
country facts (helplines/<CC>.yml). It knows nothing about Rasa, so it is easy to test.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot import directory, selfcheck
from bot.directory import rendering, selection
from bot.directory.model import DEFAULT_EMERGENCY
from bot.i18n import gettext, text
from bot.languages import SOURCE_LANGUAGE, native_name, normalize_code, supported_languages
from bot.names import country_name
from bot.settings import Settings

# Where the person's language comes from, strongest first (see dialogues/domain.yml).
LANGUAGE_SLOTS = ("language", "language_hint", "detected_language")
COUNTRY_SLOTS = ("country", "country_hint")
MAX_ENTRIES = 3


def language_of(slots: Mapping[str, Any]) -> str:
    """The language to answer in: a choice beats a channel hint beats detection."""
    for name in LANGUAGE_SLOTS:
        code = normalize_code(slots.get(name))
        if code:
            return code
    return SOURCE_LANGUAGE


def country_of(slots: Mapping[str, Any]) -> str | None:
    for name in COUNTRY_SLOTS:
        value = slots.get(name)
        if isinstance(value, str) and value:
            return value.upper()
    return None


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
        except (TypeError, ValueError):
            page = 1
        return cls(
            need=need if need in selection.NEEDS else "general",
            language=wanted if isinstance(wanted, str) and wanted else None,
            page=page,
        )


class _Facts(dict):
    """Placeholder values, computed only when a text asks for them."""

    def __init__(
        self, language: str, country_code: str | None, request: HelplineRequest | None = None
    ) -> None:
        super().__init__()
        self.language = language
        self.code = country_code
        self.country = directory.country(country_code)
        self.request = request or HelplineRequest()

    def __missing__(self, key: str) -> str:
        method = getattr(self, f"_{key}", None)
        if method is None:
            raise KeyError(key)
        value = str(method())
        self[key] = value
        return value

    def _t(self, key: str, **values: str) -> str:
        return text(self.language, key).format(**values) if values else text(self.language, key)

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
        chosen = selection.select(self.country, need, self.language, limit)
        return rendering.lines(chosen, self.country.code, self.language) if chosen else None

    def _eu_list(self) -> str:
        eu = directory.eu_wide()
        chosen = selection.select(eu, "eu", self.language, MAX_ENTRIES + 1)
        return rendering.lines(chosen, eu.code, self.language)

    def ranked_for_request(self) -> list[Any]:
        """All entries for the request, best first (the answer shows one page of them)."""
        if not self.country:
            return []
        request = self.request
        return selection.select(
            self.country,
            request.need,
            request.language or self.language,
            limit=len(self.country.helplines),
        )

    def _helplines(self) -> str:
        ranked = self.ranked_for_request()
        start = (self.request.page - 1) * MAX_ENTRIES
        shown = ranked[start : start + MAX_ENTRIES] or ranked[:MAX_ENTRIES]
        if shown and self.country:
            return rendering.lines(shown, self.country.code, self.language)
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
        return self._list("trafficking", 1) or ""

    def _main_helpline(self) -> str:
        return self._list("general", 1) or self._t(
            "choose_country_for_helplines", emergency=self._emergency()
        )

    def _first_helpline(self) -> str:
        """The country's main line, else the EU-wide line for victims of crime."""
        eu = directory.eu_wide()
        chosen = selection.select(eu, "crime_victims", self.language, 1)
        return self._list("general", 1) or rendering.lines(chosen, eu.code, self.language)

    def _wage_note(self) -> str:
        note = self.country.wage_note if self.country else None
        return gettext(self.language, note) if note else self._t("generic_wage_note")

    def _inspectorate(self) -> str:
        note = self.country.inspectorate_note if self.country else None
        return gettext(self.language, note) if note else self._t("generic_inspectorate_note")


def _payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}"


def _language_buttons() -> list[dict[str, str]]:
    return [
        {"title": native_name(code), "payload": _payload("choose_language", language=code)}
        for code in supported_languages()
    ]


def _country_buttons(language: str) -> list[dict[str, str]]:
    codes = sorted(directory.countries_with_data(), key=lambda c: country_name(c, language))
    return [
        {"title": country_name(code, language), "payload": _payload("choose_country", country=code)}
        for code in codes
    ]


# Responses whose buttons are built from data (languages from locales/, countries from
# helplines/) rather than written in the domain.
_DYNAMIC_BUTTONS = {
    "utter_ask_language": lambda language: _language_buttons(),
    "utter_ask_country": _country_buttons,
    "utter_helplines_no_country": _country_buttons,
}


def service_apology(language: str, country_code: str | None) -> dict[str, Any]:
    """The answer when the assistant itself fails: still the emergency number and a
    helpline, in the person's language."""
    facts = _Facts(language, country_code)
    return {"text": text(language, "service_error").format_map(facts)}


class AnswerRenderer:
    """Renders domain responses in the person's language with their country's facts."""

    def __init__(self, responses: Mapping[str, list[dict[str, Any]]]) -> None:
        self.responses = responses

    def resolve_name(self, name: str, slots: Mapping[str, Any]) -> str:
        """Responses that stand for a choice made from the slots."""
        if name == "utter_selfcheck_result":
            return f"utter_selfcheck_{selfcheck.grade(slots)}"
        if name == "utter_helplines" and country_of(slots) is None:
            return "utter_helplines_no_country"
        return name

    def render(self, name: str, slots: Mapping[str, Any]) -> dict[str, Any] | None:
        language = language_of(slots)
        name = self.resolve_name(name, slots)
        variants = self.responses.get(name)
        if not variants:
            return None
        response = variants[0]
        request = HelplineRequest.from_slots(slots) if name == "utter_helplines" else None
        facts = _Facts(language, country_of(slots), request)
        answer: dict[str, Any] = {}
        if response.get("text"):
            answer["text"] = gettext(language, response["text"]).format_map(facts)
        buttons = [
            {"title": gettext(language, b["title"]), "payload": b["payload"]}
            for b in response.get("buttons", [])
        ]
        make = _DYNAMIC_BUTTONS.get(name)
        if make:
            buttons = make(language) + buttons
        if request is not None and len(facts.ranked_for_request()) > request.page * MAX_ENTRIES:
            more = {
                "title": text(language, "more_helplines"),
                "payload": _payload("ask_helpline", helpline_page=str(request.page + 1)),
            }
            buttons = [more, *buttons]
        if buttons:
            answer["buttons"] = buttons
        return answer
