"""Rasa's natural language generator for this assistant (configured in endpoints.yml).

Rasa decides *which* response comes next; bot.answers writes it in the person's language.
It extends the templated generator because Rasa hands the loaded model's responses only to
generators of that type.
"""

from __future__ import annotations

from typing import Any

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.answers import AnswerRenderer


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
        return AnswerRenderer(self.responses).render(utter_action, tracker.current_slot_values())
