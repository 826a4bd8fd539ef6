"""jieba tokenizers with a domain dictionary, one per dictionary, loaded once per process.

A separate `jieba.Tokenizer` per dictionary keeps the vocabularies of different
parsers (indicator levels, prose metrics) from changing each other's cuts.
"""

from __future__ import annotations

import functools
import logging


@functools.cache
def tokenizer(dictionary: str):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.load_userdict(dictionary)
    return tok
