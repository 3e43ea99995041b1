"""The assistant core: one in-process Rasa agent shared by every channel.

Channels hand over (sender, text, metadata) and get back Rasa REST-style messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockStore
from rasa.core.utils import AvailableEndpoints

from bot.engine import speed_up
from bot.paths import ENDPOINTS_FILE
from bot.settings import DEFAULT_SESSION_TTL
from bot.tracker_stores import ExpiringMemoryTrackerStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """One message from a person, already checked by the channel."""

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


class Assistant:
    """Runs messages through the trained model and returns the replies."""

    def __init__(self, agent: Agent) -> None:
        self.agent = agent

    @classmethod
    async def load(
        cls,
        model: Path,
        endpoints_file: Path = ENDPOINTS_FILE,
        session_ttl_seconds: float = DEFAULT_SESSION_TTL,
    ) -> Assistant:
        endpoints = AvailableEndpoints.read_endpoints(str(endpoints_file))
        tracker_store = ExpiringMemoryTrackerStore(None, session_ttl_seconds)
        agent = Agent(
            generator=endpoints.nlg,
            tracker_store=tracker_store,
            lock_store=LockStore.create(endpoints.lock_store),
        )
        agent.load_model(str(model))
        if not agent.is_ready():
            raise RuntimeError(f"could not load the model {model}")
        tracker_store.domain = agent.domain
        speed_up(agent)
        return cls(agent)

    async def reply(self, message: Incoming) -> list[dict[str, Any]]:
        """The assistant's answers to one message, in Rasa's REST format."""
        output = CollectingOutputChannel()
        user_message = UserMessage(
            message.text,
            output,
            message.sender,
            input_channel=message.channel,
            metadata=message.metadata(),
        )
        return await self.agent.handle_message(user_message) or []
