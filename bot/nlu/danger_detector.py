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
nlu/<language>/danger.yml) and by two danger classifiers, trained on the `immediate_danger`
examples of every language against all other examples: one on the multilingual sentence
embedding alone, which reads languages that have no lists or examples yet, and one on the
same features as the intent classifier (word and character n-gram counts beside the
embedding), which is sharper in the languages the assistant speaks. Each counts as a strong
sign above its `*_strong` probability and as one weak sign (one between them) above its
`*_weak` probability; the intent classifier ranking `immediate_danger` counts too.

The detector owns the decision: without the signs, a classifier's `immediate_danger` is
taken back (its next best intent stands); with them, the intent becomes `immediate_danger`
(the rules answer with the emergency number first) and two entities are set:
`danger_topic`, the intent the classifier heard, so the question is still answered after
the emergency number, and `danger_sign`, which picks the one safety step of the answer.
`tests/danger/<language>.yml` measures recall and false positives (tests/test_danger.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse
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

_CLASSIFIERS_FILE = "danger_classifiers.npz"


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


def all_features(message: Message) -> scipy.sparse.csr_matrix:
    """Every sentence feature of the message, as the intent classifier sees them (the
    n-gram counts, then the embedding)."""
    sparse = message.get_sparse_features(TEXT)[1]
    dense = message.get_dense_features(TEXT)[1]
    parts = [scipy.sparse.csr_matrix(f.features) for f in (sparse, dense) if f is not None]
    return scipy.sparse.hstack(parts).tocsr() if parts else scipy.sparse.csr_matrix((1, 0))


class Linear:
    """A trained binary logistic regression, kept as its weights (no pickle in the model)."""

    def __init__(self, weights: np.ndarray, bias: float) -> None:
        self.weights, self.bias = weights.astype(np.float32), float(bias)

    @classmethod
    def fit(cls, vectors: Any, labels: np.ndarray, strength: float) -> Linear:
        """Balanced, as danger examples are the fewer; `strength` is sklearn's C."""
        model = LogisticRegression(class_weight="balanced", C=strength, max_iter=3000)
        model.fit(vectors, labels)
        return cls(model.coef_[0], float(model.intercept_[0]))

    def probability(self, vector: Any) -> float:
        """0 when the vector does not fit (a featurizer changed without retraining)."""
        if vector is None or vector.shape[-1] != self.weights.shape[0]:
            return 0.0
        score = float(np.asarray(vector @ self.weights).reshape(-1)[0]) + self.bias
        return float(1.0 / (1.0 + np.exp(-score)))


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
            # Chosen on the development sets in tests/danger_dev/ (README, "Danger"): a
            # danger classifier's probability is alone enough above its `*_strong` and
            # one weak sign above its `*_weak`; the intent classifier's confidence in
            # `immediate_danger` is a weak sign above `ranking_weak` and a strong one when
            # it is the top intent above `intent_strong`.
            "encoder_strong": 0.95,
            "encoder_weak": 0.5,
            "words_strong": 0.6,
            "words_weak": 0.6,
            "ranking_weak": 0.3,
            "intent_strong": 0.6,
            # Regularisation (sklearn's C) of the classifier on words and embedding.
            "words_strength": 0.3,
            # A phrase is not the whole message: "my boss will kill me if I'm late lol, can
            # he cut my pay" has a threat's words. When all classifiers, which read the
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
        self.encoder: Linear | None = None
        self.words: Linear | None = None

    def lookup_names(self) -> list[str]:
        signs = self.config["strong_signs"] + self.config["weak_signs"]
        return [f"danger_{sign}" for sign in signs]

    def train_more(self, training_data: TrainingData, directory: Path) -> None:
        """The two danger classifiers: `immediate_danger` examples of every language
        against the rest, on the embedding and on all features."""
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        labels = np.asarray([e.get(INTENT) == self.config["intent"] for e in examples])
        if len(set(labels.tolist())) < 2:
            return
        vectors = [embedding(e, self.config["featurizer"]) for e in examples]
        embedded = [v for v in vectors if v is not None]
        if len(embedded) == len(vectors):
            self.encoder = Linear.fit(np.stack(embedded), labels, strength=1.0)
        self.words = Linear.fit(
            scipy.sparse.vstack([all_features(e) for e in examples]).tocsr(),
            labels,
            strength=self.config["words_strength"],
        )
        saved = {
            f"{name}_{part}": value
            for name, model in (("encoder", self.encoder), ("words", self.words))
            if model is not None
            for part, value in (("weights", model.weights), ("bias", np.float32(model.bias)))
        }
        np.savez(directory / _CLASSIFIERS_FILE, **saved)

    def load_more(self, directory: Path) -> None:
        path = directory / _CLASSIFIERS_FILE
        if not path.exists():
            return
        with np.load(path) as saved:
            for name in ("encoder", "words"):
                if f"{name}_weights" in saved:
                    model = Linear(saved[f"{name}_weights"], float(saved[f"{name}_bias"]))
                    setattr(self, name, model)

    def probabilities(self, message: Message) -> tuple[float, float]:
        """The danger classifiers' probabilities: on the embedding, on all features."""
        encoder = (
            self.encoder.probability(embedding(message, self.config["featurizer"]))
            if self.encoder
            else 0.0
        )
        words = self.words.probability(all_features(message)) if self.words else 0.0
        return encoder, words

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
        encoder, words = self.probabilities(message)
        if strong and max(encoder, words, danger_rank) < config["phrase_veto"]:
            weak, strong = weak + strong, []
        top_is_danger = intent.get(INTENT_NAME_KEY) == config["intent"]
        strong_evidence = (
            bool(strong)
            or encoder >= config["encoder_strong"]
            or words >= config["words_strong"]
            or (top_is_danger and heard_confidence >= config["intent_strong"])
        )
        weak_count = (
            len(weak)
            + int(encoder >= config["encoder_weak"] or words >= config["words_weak"])
            + int(danger_rank >= config["ranking_weak"])
        )
        return {
            "danger": bool(strong_evidence or weak_count >= 2),
            "signs": found,
            "probability": round(encoder, 3),
            "words_probability": round(words, 3),
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
