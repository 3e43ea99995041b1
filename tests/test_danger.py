"""Danger detection, measured: tests/danger/<lang>.yml holds indirect danger messages by
sign and ordinary messages, written separately from the training data in nlu/ and from the
development sets in tests/danger_dev/ (which chose the detector's thresholds and showed
which wordings it missed). A test set that was looked at while the detector was improved
becomes a development set (`*_first_test.yml` to `*_fifth_test.yml`) and a new one is
written, so these figures stay honest (README, "Danger").

The figures are printed per language (run with -s). The target, for a language the
assistant speaks, is at least 97% of the danger messages found with at most 5% false
positives: a false positive costs one extra line ("If you are in danger now, call 112")
before the answer, a miss may cost a life. The test fails below the target in a spoken
language. A danger set for a language the assistant does not speak yet is read through the
multilingual encoder alone, and held to a lower bar (a floor a little under the figures
measured, raised as detection improves, never lowered) until its language pack arrives.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.core.agent import load_agent
from rasa.shared.nlu.training_data.loading import load_data

from bot.languages import supported_languages
from bot.paths import NLU_DIR, PROJECT_DIR
from bot.text import normalize

DANGER_SETS = PROJECT_DIR / "tests" / "danger"
DANGER = "immediate_danger"
# Measured on 2026-11-23 on the sixth test sets: spoken, recall 0.977 to 0.989 and false
# positives 0.026 to 0.027; not spoken, recall 0.893 and 0.893, false positives 0.038 and
# 0.055.
TARGET_RECALL, TARGET_FALSE_POSITIVES = 0.97, 0.05
# Not yet spoken (no catalog, no phrase lists, no training examples): the multilingual
# encoder alone, which finds most danger but also raises more false alarms.
MIN_RECALL_UNSPOKEN, MAX_FALSE_POSITIVES_UNSPOKEN = 0.85, 0.10
MIN_DANGER, MIN_ORDINARY = 60, 200


def danger_set(language: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(sign, message) pairs that must get the emergency number, and ordinary messages."""
    data = yaml.safe_load((DANGER_SETS / f"{language}.yml").read_text(encoding="utf-8"))
    danger = [(sign, str(m)) for sign, found in data["danger"].items() for m in found]
    return danger, [str(m) for m in data["ordinary"]]


def languages_with_sets() -> list[str]:
    return sorted(p.stem for p in DANGER_SETS.glob("*.yml"))


@pytest.mark.parametrize("language", supported_languages())
def test_every_spoken_language_has_a_full_danger_set(language: str) -> None:
    danger, ordinary = danger_set(language)
    assert len(danger) >= MIN_DANGER and len(ordinary) >= MIN_ORDINARY
    assert len({normalize(m) for _, m in danger}) == len(danger)
    assert len({normalize(m) for m in ordinary}) == len(ordinary)


@pytest.mark.parametrize("language", languages_with_sets())
def test_danger_sets_are_not_training_data(language: str) -> None:
    folder = NLU_DIR / language
    trained = (
        {normalize(e.get("text")) for e in load_data(str(folder)).intent_examples}
        if folder.is_dir()
        else set()
    )
    danger, ordinary = danger_set(language)
    assert trained & {normalize(m) for _, m in danger} == set()
    assert trained & {normalize(m) for m in ordinary} == set()


async def _measure(model: Path) -> dict[str, dict]:
    agent = await load_agent(model_path=str(model))
    results = {}
    for language in languages_with_sets():
        danger, ordinary = danger_set(language)
        missed, false_alarms, by_sign = [], [], Counter()
        for sign, message in danger:
            parsed = await agent.parse_message(message)
            if parsed["intent"]["name"] == DANGER:
                by_sign[sign] += 1
            else:
                missed.append((sign, message, parsed["intent"]["name"]))
        for message in ordinary:
            parsed = await agent.parse_message(message)
            if parsed["intent"]["name"] == DANGER:
                false_alarms.append((message, parsed.get("danger", {}).get("signs")))
        signs = Counter(sign for sign, _ in danger)
        results[language] = {
            "recall": 1 - len(missed) / len(danger),
            "false_positives": len(false_alarms) / len(ordinary),
            "danger": len(danger),
            "ordinary": len(ordinary),
            "missed": missed,
            "false_alarms": false_alarms,
            "by_sign": {s: f"{by_sign[s]}/{n}" for s, n in signs.items()},
        }
    return results


def test_recall_and_false_positives_per_language(model: Path) -> None:
    results = asyncio.run(_measure(model))
    spoken = set(supported_languages())
    failing = {}
    for language, found in results.items():
        kind = "spoken" if language in spoken else "not spoken yet"
        on_target = (
            found["recall"] >= TARGET_RECALL and found["false_positives"] <= TARGET_FALSE_POSITIVES
        )
        print(
            f"\n{language} ({kind}): recall {found['recall']:.3f} on {found['danger']},"
            f" false positives {found['false_positives']:.3f} on {found['ordinary']};"
            f" by sign {found['by_sign']}"
            + ("" if on_target or language not in spoken else "; BELOW TARGET 0.97 / 0.05")
        )
        for sign, message, intent in found["missed"]:
            print(f"  missed [{sign}] {message!r} -> {intent}")
        for message, signs in found["false_alarms"]:
            print(f"  false alarm {message!r} {signs}")
        low, high = (
            (TARGET_RECALL, TARGET_FALSE_POSITIVES)
            if language in spoken
            else (MIN_RECALL_UNSPOKEN, MAX_FALSE_POSITIVES_UNSPOKEN)
        )
        if found["recall"] < low or found["false_positives"] > high:
            failing[language] = (round(found["recall"], 3), round(found["false_positives"], 3))
    assert failing == {}
