"""Faster execution of the same trained Rasa graph, with identical results.

- Rasa's DaskGraphRunner rebuilds the minimal schema and a dask task graph on every call, and
  the processor calls it three or more times per message. PlannedGraphRunner executes the
  very same instantiated graph nodes in a topological order computed once per target set.
- Understanding a message depends only on its text and the channel's metadata (no NLU
  component here reads the conversation), and people send the same short texts again and
  again ("yes", "no", "hello", menu words): ParseCache keeps recent parse results of short
  texts only, so what a person wrote in their own words is not kept in memory.
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.runner.interface import GraphRunner

from bot import turn


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
    """Least-recently-used cache in front of the processor's NLU graph run."""

    def __init__(
        self, parse: Callable[..., dict[str, Any]], size: int = 10_000, max_chars: int = 40
    ) -> None:
        self._parse = parse
        self._size = size
        self._max_chars = max_chars
        self._entries: OrderedDict[tuple[str, str, bool], dict[str, Any]] = OrderedDict()
        self.hits = self.misses = 0

    def __call__(
        self, message: UserMessage, tracker: Any, only_output_properties: bool = True
    ) -> dict[str, Any]:
        if len(message.text or "") > self._max_chars:
            self.misses += 1
            result = self._parse(message, tracker, only_output_properties)
            turn.INTENT.set((result.get("intent") or {}).get("name"))
            return result
        metadata = json.dumps(message.metadata or {}, sort_keys=True, default=str)
        key = (message.text or "", metadata, only_output_properties)
        cached = self._entries.get(key)
        if cached is None:
            self.misses += 1
            cached = self._parse(message, tracker, only_output_properties)
            self._entries[key] = copy.deepcopy(cached)
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        else:
            self.hits += 1
            self._entries.move_to_end(key)
        result = copy.deepcopy(cached)
        if "message_id" in result:
            result["message_id"] = message.message_id
        turn.INTENT.set((result.get("intent") or {}).get("name"))
        return result


def speed_up(agent: Agent, parse_cache_size: int = 10_000) -> None:
    """Swap in the planned graph runner and the parse cache."""
    processor = agent.processor
    if processor is None:
        return
    processor.graph_runner = PlannedGraphRunner.replacing(processor.graph_runner)
    if parse_cache_size > 0:
        # Instance attribute: only this processor's NLU call goes through the cache.
        processor._parse_message_with_graph = ParseCache(  # type: ignore[method-assign]
            processor._parse_message_with_graph, parse_cache_size
        )
