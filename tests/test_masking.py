"""What identifies a person is masked before a message is read or kept (issue 13)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.masking import mask
from bot.nlu.sentence_embeddings import SentenceEmbeddingFeaturizer


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("call me on +49 151 2345 6789 please", "call me on [number] please"),
        ("my number 0721-555 01 23", "my number [number]"),
        ("write to ana.pop@gmail.com", "write to [email]"),
        ("passport AB1234567 is with the boss", "passport AB[number] is with the boss"),
        ("DE89 3704 0044 0532 0130 00", "DE[number]"),
        ("i earn 1200 euro for 160 hours", "i earn 1200 euro for 160 hours"),
        ("is 116 006 free?", "is 116 006 free?"),
        ("stopped on 12.03.2024, can i claim", "stopped on 12.03.2024, can i claim"),
        ("hello", "hello"),
    ],
)
def test_numbers_and_addresses_are_masked_short_numbers_and_dates_kept(
    typed: str, kept: str
) -> None:
    assert mask(typed) == kept


def test_the_embedding_cache_keeps_only_short_texts() -> None:
    """A person's own long sentence is embedded, not kept in memory (cache_max_chars)."""
    featurizer = SentenceEmbeddingFeaturizer(
        SentenceEmbeddingFeaturizer.get_default_config(), "embeddings"
    )
    featurizer._encoder = lambda texts: np.ones((len(texts), 4), dtype=np.float32)
    long_text = "my boss keeps my passport and i cannot leave the farm at night"
    vectors = featurizer.embed(["hello", long_text, "hello"])
    assert len(vectors) == 3 and all(v.shape == (4,) for v in vectors)
    assert list(featurizer._cache) == ["hello"]
