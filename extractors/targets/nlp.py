"""The spaCy pipeline of the target extractor.

No Chinese spaCy model can be downloaded here, so this is `spacy.blank("zh")` with the jieba
segmenter, whose user dictionary is built from the versioned rule files (indicator aliases and
grammar cue words, so that 死亡率 or 控制在 stay whole tokens), plus one registered component,
`planatlas_targets`, that runs the target grammar over the Doc and stores bound targets in
`doc._.targets`. The Doc's tokens give the indicator phrases their heads (新生儿、婴儿和5岁以下儿童
死亡率 -> 新生儿死亡率 …).
"""
from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors.jieba_dict import private_tokenizer
from extractors.targets.grammar import LEX

if not Doc.has_extension("targets"):
    Doc.set_extension("targets", default=None)


def _user_words() -> list[str]:
    words = set()
    text = (resources.files("extractors") / "rules" / "indicators.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        # Only short, digit-free indicator nouns (死亡率, 贫血率): whole aliases as one token
        # would hide the head of a phrase (5岁以下儿童死亡率 must end in 死亡率).
        words.update(a for a in row["aliases"].split("|") if 2 <= len(a) <= 4 and not any(c.isdigit() for c in a))
    for key in ("predicate_cut", "before_le", "before_ge", "change_decrease", "change_increase",
                "population_words", "indicator_suffixes"):
        words.update(w for w in LEX[key] if len(w) >= 2)
    return sorted(words)


@Language.factory("planatlas_targets")
def _make_target_component(nlp: Language, name: str):
    from extractors.targets.binder import bind_doc
    return bind_doc


@functools.lru_cache(maxsize=1)
def target_nlp() -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    # A private jieba tokenizer: adding our words to jieba's global one would change how every
    # other user of jieba in the process (the search index) segments text.
    nlp.tokenizer.jieba_seg = private_tokenizer(_user_words())
    nlp.add_pipe("planatlas_targets")
    return nlp


def head_token(phrase: str) -> str:
    """The last word of an indicator phrase (its head noun): 5岁以下儿童死亡率 -> 死亡率."""
    doc = target_nlp().make_doc(phrase)
    words = [t.text for t in doc if not t.is_punct and not t.is_space]
    return words[-1] if words else phrase
