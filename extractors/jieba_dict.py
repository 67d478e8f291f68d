"""Private jieba tokenizers that share one loaded dictionary.

Each component needs its own user words (the target grammar's cue words, the search's policy
terms) without changing jieba's global tokenizer, but loading jieba's dictionary costs about
0.6 s per tokenizer (profiled: three loads were a third of a build). So the default dictionary
is loaded once, by jieba's global tokenizer, and each private tokenizer starts from a copy.
"""
from __future__ import annotations

import logging
from typing import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)


def private_tokenizer(words: Iterable[str | tuple[str, int | None]]) -> jieba.Tokenizer:
    jieba.dt.check_initialized()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    for w in words:
        word, freq = (w, None) if isinstance(w, str) else w
        tk.add_word(word, freq)
    return tk
