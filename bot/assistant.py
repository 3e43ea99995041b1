"""The assistant core: one in-process Rasa agent shared by every channel.

Channels hand over (pseudonymous sender, text, hints) and get back Rasa REST-style
messages. The core also erases a conversation on /forget, adds the short privacy notice to
the first answer of a conversation, and counts topics for aggregate statistics.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.trackers import DialogueStateTracker

from bot import masking, payloads, turn
from bot.answers import AnswerRenderer, country_of, language_of, service_apology
from bot.directory import phones
from bot.engine import speed_up
from bot.lock_stores import ConversationLocks
from bot.paths import ENDPOINTS_FILE
from bot.redis_link import RedisLink
from bot.settings import Settings
from bot.stats import StatsRecorder
from bot.text import clean_typed
from bot.tracker_stores import ExpiringMemoryTrackerStore, ResilientRedisTrackerStore
from bot.workers import CpuLanes

logger = logging.getLogger(__name__)
FORGET_COMMANDS = frozenset({"/forget", "/delete"})
# Commands a person may type, and the intent payload each one stands for.
COMMANDS = {"/sources": "/ask_sources"}
DANGER_INTENT = "immediate_danger"


@dataclass(frozen=True)
class Incoming:
    """One message from a person, already checked and pseudonymised by the channel."""

    sender: str
    text: str
    language: str | None = None
    country: str | None = None
    channel: str = "rest"

    def metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {}
        if self.language:
            meta["language"] = self.language
        if self.country:
            meta["country"] = self.country
        return meta


@dataclass
class Stores:
    """Where conversations are kept, and the per-conversation locks.

    With REDIS_URL, the Redis store carries every conversation through a Redis outage
    from its memory copies (bot.tracker_stores) and never waits on Redis longer than
    REDIS_TIMEOUT; without it, the expiring in-memory store. Neither raises when Redis is
    away, so Rasa's fail-safe wrapper (which would start the conversation afresh) never
    steps in.
    """

    primary: ExpiringMemoryTrackerStore | ResilientRedisTrackerStore
    locks: ConversationLocks
    link: RedisLink | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Stores:
        """Redis when REDIS_URL is set, else the expiring in-memory stores."""
        if settings.redis_url:
            link = RedisLink(settings.redis_url, settings.redis_timeout)
            store = ResilientRedisTrackerStore(None, link, settings.session_ttl)
            return cls(store, ConversationLocks(link), link)
        return cls(ExpiringMemoryTrackerStore(None, settings.session_ttl), ConversationLocks())

    async def exists(self, sender_id: str) -> bool:
        """Whether a conversation is kept (Redis's EXISTS, not a full retrieve)."""
        return await self.primary.exists(sender_id)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self.primary.retrieve(sender_id)

    async def erase(self, sender_id: str) -> None:
        await self.primary.delete(sender_id)

    async def stop_background(self) -> None:
        if self.link is not None:
            await self.link.stop_background()

    async def close(self) -> None:
        if self.link is not None:
            await self.link.close()


class Assistant:
    """Runs messages through the trained model and returns the replies."""

    def __init__(
        self,
        agent: Agent,
        stores: Stores,
        stats: StatsRecorder | None = None,
        lanes: CpuLanes | None = None,
    ) -> None:
        self.agent = agent
        self.stores = stores
        self.lanes = lanes
        self.stats = stats
        self.renderer = AnswerRenderer(agent.domain.responses if agent.domain else {})
        self.intents = frozenset(agent.domain.intents if agent.domain else ())

    @classmethod
    async def load(
        cls,
        model: Path,
        settings: Settings | None = None,
        stats: StatsRecorder | None = None,
        endpoints_file: Path = ENDPOINTS_FILE,
    ) -> Assistant:
        from rasa.core.utils import AvailableEndpoints

        settings = settings or Settings.from_env()
        endpoints = AvailableEndpoints.read_endpoints(str(endpoints_file))
        stores = Stores.from_settings(settings)
        agent = Agent(
            generator=endpoints.nlg, tracker_store=stores.primary, lock_store=stores.locks
        )
        agent.load_model(str(model))
        if not agent.is_ready():
            raise RuntimeError(f"could not load the model {model}")
        agent.tracker_store.domain = agent.domain
        lanes = CpuLanes(settings.light_message_tokens)
        speed_up(agent, lanes)
        await warm_up(agent)
        return cls(agent, stores, stats, lanes)

    async def stop_background(self) -> None:
        """Stop the background tasks (at shutdown, while answers may still be finishing)."""
        await self.stores.stop_background()

    async def close(self) -> None:
        """Stop the worker threads and the Redis connection (at shutdown)."""
        if self.lanes is not None:
            self.lanes.close()
        await self.stores.close()

    async def reply(self, message: Incoming) -> list[dict[str, Any]]:
        """The assistant's answers to one message, in Rasa's REST format."""
        message = dataclasses.replace(message, text=clean_typed(message.text))
        if message.text.strip().lower() in FORGET_COMMANDS:
            return await self.forget(message)
        first_contact = not await self.stores.exists(message.sender)
        output = CollectingOutputChannel()
        # A payload only as a button sends it; typed words with numbers and addresses masked.
        typed = COMMANDS.get(message.text.strip().lower(), message.text)
        typed = payloads.sanitize(typed, self.intents)
        user_message = UserMessage(
            typed if typed.startswith("/") else masking.mask(typed),
            output,
            message.sender,
            input_channel=message.channel,
            metadata=message.metadata(),
        )
        turn.INTENT.set(None)
        turn.LANGUAGE.set(None)
        turn.COUNTRY.set(None)
        replies = await self.agent.handle_message(user_message) or []
        language = turn.LANGUAGE.get() or language_of({"language_hint": message.language})
        if self.stats is not None:
            self.stats.count(message.channel, language, turn.COUNTRY.get(), turn.INTENT.get())
        if first_contact:
            # Before the answer, so a question's buttons stay last; after it in danger,
            # where the emergency number must come first.
            notice = self._render(message.sender, "utter_privacy_short", language)
            at = len(replies) if turn.INTENT.get() == DANGER_INTENT else 0
            replies.insert(at, notice)
        for reply in replies:
            reply.setdefault("language", language)
        return with_phones(replies, turn.COUNTRY.get() or message.country)

    async def apology(self, message: Incoming) -> list[dict[str, Any]]:
        """The reply when answering failed: the emergency number and a helpline of the
        person's country if the conversation still tells it, in their language."""
        slots: dict[str, Any] = {"language_hint": message.language}
        with contextlib.suppress(Exception):
            tracker = await asyncio.wait_for(self.stores.retrieve(message.sender), 1)
            slots.update(tracker.current_slot_values() if tracker else {})
        country = message.country or country_of(slots)
        language = language_of(slots)
        answer = {**service_apology(language, country), "language": language}
        return with_phones([answer], country)

    async def forget(self, message: Incoming) -> list[dict[str, Any]]:
        """Erase everything kept about this conversation, then confirm in its language."""
        tracker = await self.stores.retrieve(message.sender)
        slots = tracker.current_slot_values() if tracker else {}
        known = {name: value for name, value in slots.items() if value}
        language = language_of({"language_hint": message.language, **known})
        await self.stores.erase(message.sender)
        if self.stats is not None:
            self.stats.count(message.channel, language, None, "forget")
        return [{**self._render(message.sender, "utter_forgotten", language), "language": language}]

    def _render(self, sender: str, response: str, language: str) -> dict[str, Any]:
        answer = self.renderer.render(response, {"language": language}) or {}
        return {"recipient_id": sender, **answer}


async def warm_up(agent: Agent) -> None:
    """Understand one message before the first person writes, so that the components that
    load lazily (language identification, the country index, the encoder) are ready and
    the first answer is as fast as the others."""
    if agent.processor is not None:
        await agent.processor.parse_message(UserMessage("hello, I need help with my work"))


def with_phones(replies: list[dict[str, Any]], country: str | None) -> list[dict[str, Any]]:
    """Each reply with the phone numbers in its text (`phones`: text and tel: URI), so the
    channels can make them tappable without guessing."""
    for reply in replies:
        found = phones.find(reply.get("text") or "", country)
        if found:
            reply["phones"] = [span.as_dict() for span in found]
    return replies
