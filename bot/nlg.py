"""Rasa's natural language generator for this assistant (configured in endpoints.yml).

Rasa decides *which* response comes next; bot.answers writes it in the person's language.
It extends the templated generator because Rasa hands the loaded model's responses only to
generators of that type.
"""

from __future__ import annotations

from typing import Any

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import turn
from bot.answers import AnswerRenderer, country_of, language_of
from bot.names import is_country_code
from bot.sources import Source


def with_message_hints(tracker: DialogueStateTracker) -> dict[str, Any]:
    """The slots, with the current message's metadata as hints where no slot has one yet.

    Button payloads skip the NLU pipeline that turns metadata into hint slots, so a
    payload sent as the very first message would otherwise be answered in English.
    """
    slots = dict(tracker.current_slot_values())
    latest = tracker.latest_message
    meta = latest.metadata if latest and isinstance(latest.metadata, dict) else {}
    if not slots.get("language_hint") and isinstance(meta.get("language"), str):
        slots["language_hint"] = meta["language"]
    country = meta.get("country")
    if not slots.get("country_hint") and isinstance(country, str) and is_country_code(country):
        slots["country_hint"] = country.upper()
    return slots


def sources_of_last_answer(tracker: DialogueStateTracker) -> list[Source]:
    """The sources kept with the bot's answers to the message before the current one."""
    found: list[Source] = []
    users_seen = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            users_seen += 1
            if users_seen == 2:
                break
        elif isinstance(event, BotUttered) and users_seen == 1:
            kept = (event.metadata or {}).get("sources") or []
            found[:0] = [s for s in map(Source.from_dict, kept) if s is not None]
    return found


class CatalogNLG(TemplatedNaturalLanguageGenerator):
    """Translates domain responses through the Babel catalogs and fills country facts."""

    def __init__(
        self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None
    ) -> None:
        super().__init__(domain.responses if domain else {})

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        slots = with_message_hints(tracker)
        turn.LANGUAGE.set(language_of(slots))
        turn.COUNTRY.set(country_of(slots))
        earlier = sources_of_last_answer(tracker) if utter_action == "utter_sources" else ()
        return AnswerRenderer(self.responses).render(utter_action, slots, earlier)
