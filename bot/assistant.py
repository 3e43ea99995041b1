"""The assistant core: one in-process Rasa agent shared by every channel.

Channels hand over (sender, text, metadata) and get back Rasa REST-style messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent, load_agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.utils import AvailableEndpoints

from bot.paths import ENDPOINTS_FILE

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
    async def load(cls, model: Path, endpoints_file: Path = ENDPOINTS_FILE) -> Assistant:
        endpoints = AvailableEndpoints.read_endpoints(str(endpoints_file))
        agent = await load_agent(model_path=str(model), endpoints=endpoints)
        if agent is None or not agent.is_ready():
            raise RuntimeError(f"could not load the model {model}")
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
