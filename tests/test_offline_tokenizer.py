"""The 270M tokenizer must cut text the way the GGUF (llama.cpp) does: the v2 retrain of 2026-11-27
was trained through transformers 5.17's character-level GGUF conversion and babbled in the product."""

from __future__ import annotations

import pytest

from ghost_architect.errors import GhostError
from ghost_architect.models import offline


class _Chars:
    """A tokenizer that cuts everything into characters (what transformers < 5.18 gave)."""

    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": list(range(len(text)))}

    def convert_ids_to_tokens(self, ids):
        return [offline.PROBE[i] for i in ids]


def test_a_character_level_tokenizer_is_refused():
    with pytest.raises(GhostError, match=r"transformers>=5\.18"):
        offline.check_tokenizer(_Chars(), "test")


def test_the_offline_tokenizer_matches_the_gguf():
    tokenizer = offline.load_tokenizer("gemma-3-270m")  # raises if the probe fails
    end = tokenizer.convert_tokens_to_ids("<end_of_turn>")
    from ghost_architect.data.example import Example
    from ghost_architect.training.features import encode_example

    messages = [
        {"role": "user", "content": "Form: Name [input]"},
        {"role": "assistant", "content": "CREATE TABLE t (id INTEGER PRIMARY KEY);"},
    ]
    features = encode_example(Example(messages=messages), tokenizer, 256)
    labels = [t for t in features.labels if t != -100]
    assert end in labels  # the model is taught to stop with the one special token
    import llama_cpp

    llm = llama_cpp.Llama(str(offline.gemma_270m_gguf()), vocab_only=True, verbose=False)
    text = tokenizer.decode(features.input_ids)
    assert llm.tokenize(text.encode(), add_bos=False, special=True) == features.input_ids
