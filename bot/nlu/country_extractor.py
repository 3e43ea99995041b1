"""Rasa component: the country named in a message, or hinted by the channel, as ISO codes."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.names import country_index, is_country_code
from bot.nlu.base import MessageComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CountryExtractor(MessageComponent):
    """Sets entity `country` ("Швеция" -> SE) and `country_hint` (metadata.country)."""

    def annotate(self, message: Message) -> None:
        found = country_index().find(message.get(TEXT) or "")
        if found:
            self.add_entity(message, "country", found[-1][0])
        hint = self.metadata(message).get("country")
        if isinstance(hint, str) and is_country_code(hint):
            self.add_entity(message, "country_hint", hint.upper())
