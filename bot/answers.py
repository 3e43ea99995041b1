"""Turn a response name and the conversation's slots into the person's answer.

The English text of every response is in dialogues/responses/*.yml; this module picks the
person's language, translates through the catalogs, fills the {placeholders} with country
facts (bot/placeholders.py), keeps the sources the answer rests on (facts, helplines, the
laws named in a response's `metadata.sources`) and keeps numbers left-to-right in
right-to-left languages. It knows nothing about Rasa, so it is easy to test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot import bidi, directory, selfcheck
from bot.i18n import gettext, text
from bot.languages import SOURCE_LANGUAGE, native_name, normalize_code, supported_languages
from bot.names import country_name, is_country_code
from bot.placeholders import MAX_ENTRIES, HelplineRequest, Placeholders
from bot.sources import Source, unique

# Where the person's language comes from, strongest first (see dialogues/domain.yml).
LANGUAGE_SLOTS = ("language", "language_hint", "detected_language")
COUNTRY_SLOTS = ("country", "country_hint")
# Answers that get no "Sources" button although they rest on sources: the danger answer
# stays short; `/sources` still lists what it showed.
NO_SOURCES_BUTTON = frozenset({"utter_immediate_danger", "utter_sources"})
SOURCES_PAYLOAD = "/ask_sources"
_BLANK_LINES = re.compile(r"\n\s*\n+")


def language_of(slots: Mapping[str, Any]) -> str:
    """The language to answer in: a choice beats a channel hint beats detection."""
    for name in LANGUAGE_SLOTS:
        code = normalize_code(slots.get(name))
        if code:
            return code
    return SOURCE_LANGUAGE


def country_of(slots: Mapping[str, Any]) -> str | None:
    """The country to answer for: the first slot holding a real ISO country code (checked
    again here, so no other value a slot may hold ever reaches an answer)."""
    for name in COUNTRY_SLOTS:
        value = slots.get(name)
        if is_country_code(value):
            return str(value).upper()
    return None


def topic_response(intent: object) -> str | None:
    """The answer to a topic question, by the domain's naming: `ask_<topic>` is answered by
    `utter_<topic>` (dialogues/rules.yml); other intents are no question to answer."""
    if not isinstance(intent, str) or not intent.startswith("ask_"):
        return None
    return "utter_" + intent.removeprefix("ask_")


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
    "utter_danger_followup_no_country": _country_buttons,
}


def _tidy(message: str) -> str:
    """No empty lines where a placeholder had nothing to say."""
    return _BLANK_LINES.sub("\n", message).strip()


def service_apology(language: str, country_code: str | None) -> dict[str, Any]:
    """The answer when the assistant itself fails: still the emergency number and a
    helpline, in the person's language."""
    facts = Placeholders(language, country_code)
    message = text(language, "service_error").format_map(facts)
    return {"text": bidi.isolate(_tidy(message), language, country_code)}


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
        if name == "utter_danger_followup":
            # The question asked beside the danger is answered after the emergency number.
            topic = topic_response(slots.get("danger_topic"))
            if topic is not None and topic in self.responses:
                return topic
            if country_of(slots) is None:
                return "utter_danger_followup_no_country"
        return name

    def render(
        self,
        name: str,
        slots: Mapping[str, Any],
        earlier_sources: Iterable[Source] = (),
    ) -> dict[str, Any] | None:
        """The answer for a response: text, buttons, and the sources it rests on.

        `earlier_sources` are those of the previous answer, listed by `utter_sources`.
        """
        language = language_of(slots)
        name = self.resolve_name(name, slots)
        variants = self.responses.get(name)
        if not variants:
            return None
        response = variants[0]
        country = country_of(slots)
        request = HelplineRequest.from_slots(slots) if name == "utter_helplines" else None
        facts = Placeholders(language, country, slots, request, earlier=earlier_sources)
        answer: dict[str, Any] = {}
        if response.get("text"):
            message = _tidy(gettext(language, response["text"]).format_map(facts))
            answer["text"] = bidi.isolate(message, language, country)
        sources = [*facts.sources, *self._law(response)]
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
        if sources and name not in NO_SOURCES_BUTTON:
            buttons.append({"title": text(language, "sources_button"), "payload": SOURCES_PAYLOAD})
        if buttons:
            answer["buttons"] = buttons
        if sources:
            answer["sources"] = [s.as_dict() for s in unique(sources)]
        return answer

    @staticmethod
    def _law(response: Mapping[str, Any]) -> list[Source]:
        """The laws and pages a response's own text rests on (`metadata.sources`)."""
        metadata = response.get("metadata") or {}
        listed = metadata.get("sources") if isinstance(metadata, Mapping) else None
        found = [Source.from_dict(raw) for raw in listed or [] if isinstance(raw, Mapping)]
        return [s for s in found if s is not None]
