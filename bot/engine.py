"""Faster execution of the same trained Rasa graph, with identical results.

- Rasa's DaskGraphRunner rebuilds the minimal schema and a dask task graph on every call, and
  the processor calls it three or more times per message. PlannedGraphRunner executes the
  very same instantiated graph nodes in a topological order computed once per target set.
- Understanding a message depends only on its text and the channel's metadata (no NLU
  component here reads the conversation), and people send the same short texts again and
  again ("yes", "no", "hello", menu words): ParseCache keeps recent parse results of short
  texts only, so what a person wrote in their own words is not kept in memory.
- Understanding runs in worker threads (bot.workers), never on the event loop, so one long
  message cannot hold up anyone else's answer; the rest of the turn stays on the loop.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.runner.interface import GraphRunner
from rasa.shared.core.trackers import DialogueStateTracker

from bot import turn
from bot.nlu.sentence_embeddings import SentenceEmbeddingFeaturizer
from bot.workers import CpuLanes


class PlannedGraphRunner(DaskGraphRunner):
    """Runs graph nodes sequentially in a cached order (same nodes, same results)."""

    _plans: dict[tuple[str, ...], list[tuple[str, list[str]]]]

    @classmethod
    def replacing(cls, runner: GraphRunner) -> GraphRunner:
        """A planned runner sharing the given dask runner's nodes (other runners stay)."""
        if not isinstance(runner, DaskGraphRunner):
            return runner
        planned = cls.__new__(cls)
        planned.__dict__.update(runner.__dict__)
        planned._plans = {}
        return planned

    def _plan(self, targets: tuple[str, ...]) -> list[tuple[str, list[str]]]:
        plan = self._plans.get(targets)
        if plan is None:
            schema: GraphSchema = self._graph_schema.minimal_graph_schema(list(targets))
            order: list[str] = []
            seen: set[str] = set()

            def visit(name: str) -> None:
                if name in seen or name not in schema.nodes:
                    return
                seen.add(name)
                for need in schema.nodes[name].needs.values():
                    visit(need)
                order.append(name)

            for target in targets:
                visit(target)
            plan = [(name, list(schema.nodes[name].needs.values())) for name in order]
            self._plans[targets] = plan
        return plan

    def run(
        self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
    ) -> dict[str, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        # Same conventions as the dask graph: an input is passed as (name, value), a node
        # returns (name, output), and an unresolved dependency is passed as its name.
        values: dict[str, Any] = {name: (name, value) for name, value in (inputs or {}).items()}
        for name, needs in self._plan(run_targets):
            values[name] = self._instantiated_nodes[name](*(values.get(n, n) for n in needs))
        return dict(values[t] for t in run_targets)


class ParseCache:
    """Least-recently-used cache in front of the processor's NLU graph run (thread-safe:
    messages are understood in worker threads)."""

    def __init__(
        self, parse: Callable[..., dict[str, Any]], size: int = 10_000, max_chars: int = 40
    ) -> None:
        self._parse = parse
        self._size = size
        self._max_chars = max_chars
        self._entries: OrderedDict[tuple[str, str, bool], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def __call__(
        self, message: UserMessage, tracker: Any, only_output_properties: bool = True
    ) -> dict[str, Any]:
        if len(message.text or "") > self._max_chars:
            self.misses += 1
            return self._parse(message, tracker, only_output_properties)
        metadata = json.dumps(message.metadata or {}, sort_keys=True, default=str)
        key = (message.text or "", metadata, only_output_properties)
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None:
                self.hits += 1
                self._entries.move_to_end(key)
        if cached is None:
            self.misses += 1
            cached = copy.deepcopy(self._parse(message, tracker, only_output_properties))
            with self._lock:
                self._entries[key] = cached
                if len(self._entries) > self._size:
                    self._entries.popitem(last=False)
        result = copy.deepcopy(cached)
        if "message_id" in result:
            result["message_id"] = message.message_id
        return result


def _encoder_cost(processor: MessageProcessor) -> Callable[[str], int]:
    """How much work a text is: the tokens the sentence encoder will read of it."""
    runner = processor.graph_runner
    for node in getattr(runner, "_instantiated_nodes", {}).values():
        component = getattr(node, "_component", None)
        if isinstance(component, SentenceEmbeddingFeaturizer):
            return component.encoder.cost
    return lambda text: len(text) // 3


def understand_in_workers(processor: MessageProcessor, lanes: CpuLanes) -> None:
    """Replace the processor's parse step by one that runs the NLU graph in `lanes`
    (the same graph and post-processing as Rasa's MessageProcessor.parse_message)."""
    run_graph = processor._parse_message_with_graph
    cost = _encoder_cost(processor)

    async def parse_message(
        message: UserMessage,
        tracker: DialogueStateTracker | None = None,
        only_output_properties: bool = True,
    ) -> dict[str, Any]:
        if tracker is None:
            tracker = DialogueStateTracker.from_events(message.sender_id, [])
        parse_data = await lanes.run(
            cost(message.text or ""), run_graph, message, tracker, only_output_properties
        )
        processor._update_full_retrieval_intent(parse_data)
        processor._check_for_unseen_features(parse_data)
        turn.INTENT.set((parse_data.get("intent") or {}).get("name"))
        return parse_data

    processor.parse_message = parse_message  # type: ignore[method-assign]


def speed_up(agent: Agent, lanes: CpuLanes, parse_cache_size: int = 10_000) -> None:
    """Swap in the planned graph runner and the parse cache, and understand messages in
    the worker threads of `lanes`."""
    processor = agent.processor
    if processor is None:
        return
    processor.graph_runner = PlannedGraphRunner.replacing(processor.graph_runner)
    if parse_cache_size > 0:
        # Instance attribute: only this processor's NLU call goes through the cache.
        processor._parse_message_with_graph = ParseCache(  # type: ignore[method-assign]
            processor._parse_message_with_graph, parse_cache_size
        )
    understand_in_workers(processor, lanes)
