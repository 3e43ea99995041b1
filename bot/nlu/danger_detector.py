"""Rasa component: is the person in danger right now? Built for recall.

People rarely write "I am in danger". They write "they took our phones and we can't leave
the farm", "I'm hiding in the bathroom", "if I run they will hurt my mother". The detector
weighs signs, as the indicators of forced labour do:

- strong signs, any one enough: being held (locked in, not let out), violence, threats to
  the person or their family, hiding, fear of being sold or moved, or saying it outright
  (a phrase counts as a weak sign only, when both classifiers below find the message
  plainly ordinary);
- weak signs, two needed: documents or phone taken, being watched or controlled, writing
  secretly or from someone else's phone, fear, deprivation (no food, a debt that grows).

Signs are found by phrase lists per language (the `danger_<sign>` lookup tables in
nlu/<language>/danger.yml) and by a danger classifier on the multilingual sentence
embedding, trained on the `immediate_danger` examples of every language against all other
examples: it reads wordings the lists miss, and languages that have no lists yet. Its
probability counts as a strong sign above `strong_probability`, as a weak one above
`weak_probability`; the intent classifier ranking `immediate_danger` counts too.

The detector owns the decision: without the signs, a classifier's `immediate_danger` is
taken back (its next best intent stands); with them, the intent becomes `immediate_danger`
(the rules answer with the emergency number first) and two entities are set:
`danger_topic`, the intent the classifier heard, so the question is still answered after
the emergency number, and `danger_sign`, which picks the one safety step of the answer.
`tests/danger/<language>.yml` measures recall and false positives (tests/test_danger.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.nlu.phrases import PhraseComponent

_CLASSIFIER_FILE = "danger_classifier.json"


def embedding(message: Message, featurizer: str) -> np.ndarray | None:
    """The sentence embedding the featurizer attached to the message, if any."""
    for features in message.features:
        if (
            features.type == FEATURE_TYPE_SENTENCE
            and features.attribute == TEXT
            and features.is_dense()
            and featurizer in str(features.origin)
        ):
            return np.asarray(features.features, dtype=np.float32).reshape(-1)
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerDetector(PhraseComponent):
    """Turns the intent into `immediate_danger` on one strong sign or two weak ones."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent": "immediate_danger",
            "strong_signs": ["explicit", "held", "violence", "threats", "hiding", "sold_or_moved"],
            "weak_signs": ["taken", "control", "secret", "fear", "deprivation"],
            "featurizer": "SentenceEmbeddingFeaturizer",
            # Chosen on the development sets in tests/danger_dev/ (README, "Danger"): the
            # danger classifier's probability is alone enough above `strong_probability`
            # and one weak sign above `weak_probability`; the intent classifier's
            # confidence in `immediate_danger` is a weak sign above `ranking_weak` and a
            # strong one when it is the top intent above `intent_strong`.
            "strong_probability": 0.98,
            "weak_probability": 0.3,
            "ranking_weak": 0.3,
            "intent_strong": 0.5,
            # A phrase is not the whole message: "my boss will kill me if I'm late lol, can
            # he cut my pay" has a threat's words. When both classifiers, which read the
            # whole message, give danger less than `phrase_veto`, a strong sign from the
            # phrase lists counts as a weak one.
            "phrase_veto": 0.05,
            # A question heard beside the danger is answered after it: the classifier's top
            # intent when it was not danger, else its runner-up above `topic_min` (below,
            # words such as "bathroom" would pass for a question about housing).
            "topic_min": 0.35,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weights: np.ndarray | None = None
        self.bias = 0.0

    def lookup_names(self) -> list[str]:
        signs = self.config["strong_signs"] + self.config["weak_signs"]
        return [f"danger_{sign}" for sign in signs]

    def train_more(self, training_data: TrainingData, directory: Path) -> None:
        """The danger classifier: `immediate_danger` examples of every language against the
        rest, on the sentence embedding (balanced, as danger examples are the fewer)."""
        vectors, labels = [], []
        for example in training_data.intent_examples:
            vector = embedding(example, self.config["featurizer"])
            if vector is not None:
                vectors.append(vector)
                labels.append(example.get(INTENT) == self.config["intent"])
        if len(set(labels)) < 2:
            return
        model = LogisticRegression(class_weight="balanced", max_iter=2000)
        model.fit(np.stack(vectors), np.asarray(labels))
        self.weights = model.coef_[0].astype(np.float32)
        self.bias = float(model.intercept_[0])
        (directory / _CLASSIFIER_FILE).write_text(
            json.dumps({"weights": self.weights.tolist(), "bias": self.bias})
        )

    def load_more(self, directory: Path) -> None:
        path = directory / _CLASSIFIER_FILE
        if path.exists():
            saved = json.loads(path.read_text())
            self.weights = np.asarray(saved["weights"], dtype=np.float32)
            self.bias = float(saved["bias"])

    def probability(self, message: Message) -> float:
        """The danger classifier's probability for the message (0 without an embedding)."""
        vector = embedding(message, self.config["featurizer"])
        if self.weights is None or vector is None or vector.shape != self.weights.shape:
            return 0.0
        return float(1.0 / (1.0 + np.exp(-(vector @ self.weights + self.bias))))

    def signs(self, text: str) -> list[str]:
        """The signs the phrase lists find, earliest in the text first."""
        return [name.removeprefix("danger_") for name in self.phrases.names_found(text)]

    def assess(self, message: Message) -> dict[str, Any]:
        """The evidence for danger in a message, and the verdict (plain Python values:
        they are kept in the conversation, which is stored as JSON)."""
        config = self.config
        intent = message.get(INTENT) or {}
        heard_confidence = float(intent.get("confidence", 0.0))
        danger_rank = 0.0
        for ranked in message.get(INTENT_RANKING_KEY) or []:
            if ranked.get(INTENT_NAME_KEY) == config["intent"]:
                danger_rank = float(ranked.get("confidence", 0.0))
        found = self.signs(message.get(TEXT) or "")
        strong = [s for s in found if s in config["strong_signs"]]
        weak = [s for s in found if s in config["weak_signs"]]
        probability = self.probability(message)
        if strong and max(probability, danger_rank) < config["phrase_veto"]:
            weak, strong = weak + strong, []
        top_is_danger = intent.get(INTENT_NAME_KEY) == config["intent"]
        strong_evidence = (
            bool(strong)
            or probability >= config["strong_probability"]
            or (top_is_danger and heard_confidence >= config["intent_strong"])
        )
        weak_count = (
            len(weak)
            + int(probability >= config["weak_probability"])
            + int(danger_rank >= config["ranking_weak"])
        )
        return {
            "danger": bool(strong_evidence or weak_count >= 2),
            "signs": found,
            "probability": round(probability, 3),
            "ranking": round(danger_rank, 3),
            "heard": intent.get(INTENT_NAME_KEY),
            "heard_confidence": round(heard_confidence, 3),
        }

    def _take_back(self, message: Message) -> None:
        """The classifier named danger without the signs for it: its next best intent
        stands instead (the fallback classifier after this one judges its confidence)."""
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) != self.config["intent"]:
            return
        others = [
            ranked
            for ranked in message.get(INTENT_RANKING_KEY) or []
            if ranked.get(INTENT_NAME_KEY) != self.config["intent"]
        ]
        if not others:
            return
        message.set(INTENT, dict(others[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, others, add_to_output=True)

    def _topic(self, message: Message) -> str:
        """The question beside the danger: the classifier's best intent other than danger,
        when it was the top one or a clear runner-up."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        for position, ranked in enumerate(ranking):
            name = ranked.get(INTENT_NAME_KEY)
            if name == self.config["intent"]:
                continue
            clear = position == 0 or ranked.get("confidence", 0.0) >= self.config["topic_min"]
            return str(name) if clear else ""
        return ""

    def annotate(self, message: Message) -> None:
        verdict = self.assess(message)
        if not verdict["danger"]:
            # The evidence is kept for every message (no text), so thresholds can be
            # measured on whole sets (tests/test_danger.py).
            message.set("danger", verdict, add_to_output=True)
            self._take_back(message)
            return
        heard = message.get(INTENT) or {}
        message.set(
            INTENT, {INTENT_NAME_KEY: self.config["intent"], "confidence": 1.0}, add_to_output=True
        )
        message.set("danger", {**verdict, "overrode": heard}, add_to_output=True)
        self.add_entity(message, "danger_topic", self._topic(message))
        self.add_entity(message, "danger_sign", (verdict["signs"] or ["unknown"])[0])
