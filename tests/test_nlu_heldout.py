"""Held-out NLU evaluation per language: accuracy and macro-F1 must stay at 0.85 or more.

The examples in tests/nlu/<lang>.yml were written separately from nlu/<lang>/ and are never
trained on. Run with -s to see the per-language figures.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.core.agent import load_agent
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import accuracy_score, f1_score

from bot.languages import supported_languages
from bot.paths import NLU_DIR, PROJECT_DIR

HELD_OUT = PROJECT_DIR / "tests" / "nlu"
MIN_SCORE = 0.85
MIN_TRAINING, MIN_HELD_OUT = 15, 10


def _intent_counts(path: Path) -> Counter[str]:
    return Counter(e.get("intent") for e in load_data(str(path)).intent_examples)


@pytest.mark.parametrize("language", supported_languages())
def test_enough_examples_per_intent(language: str) -> None:
    domain = yaml.safe_load((PROJECT_DIR / "dialogues" / "domain.yml").read_text("utf-8"))
    intents = set(domain["intents"])
    training = _intent_counts(NLU_DIR / language)
    held_out = _intent_counts(HELD_OUT / f"{language}.yml")
    assert {i: training[i] for i in intents if training[i] < MIN_TRAINING} == {}
    assert {i: held_out[i] for i in intents if held_out[i] < MIN_HELD_OUT} == {}


def test_held_out_examples_are_not_training_examples() -> None:
    for language in supported_languages():
        trained = {
            e.get("text").lower() for e in load_data(str(NLU_DIR / language)).intent_examples
        }
        held = {
            e.get("text").lower()
            for e in load_data(str(HELD_OUT / f"{language}.yml")).intent_examples
        }
        assert trained & held == set(), language


async def _evaluate(model: Path) -> dict[str, tuple[float, float, list]]:
    agent = await load_agent(model_path=str(model))
    scores = {}
    for language in supported_languages():
        examples = load_data(str(HELD_OUT / f"{language}.yml")).intent_examples
        gold, predicted, errors = [], [], []
        for example in examples:
            parsed = await agent.parse_message(example.get("text"))
            gold.append(example.get("intent"))
            predicted.append(parsed["intent"]["name"])
            if gold[-1] != predicted[-1]:
                errors.append((example.get("text"), gold[-1], predicted[-1]))
        accuracy = accuracy_score(gold, predicted)
        macro_f1 = f1_score(gold, predicted, average="macro", labels=sorted(set(gold)))
        scores[language] = (accuracy, macro_f1, errors)
    return scores


def test_accuracy_and_macro_f1_per_language(model: Path) -> None:
    scores = asyncio.run(_evaluate(model))
    for language, (accuracy, macro_f1, errors) in scores.items():
        print(
            f"\n{language}: accuracy {accuracy:.3f}, macro-F1 {macro_f1:.3f}, {len(errors)} errors"
        )
    low = {
        lang: (round(acc, 3), round(f1, 3))
        for lang, (acc, f1, _) in scores.items()
        if acc < MIN_SCORE or f1 < MIN_SCORE
    }
    assert low == {}
