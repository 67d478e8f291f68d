"""The spaCy pipeline of the target extractor: three components over a character Doc.

No Chinese spaCy model can be downloaded here, so this is `spacy.blank("zh")` with its character
segmenter (one token per character: cheap, and every character offset is a token boundary, so the
grammar's spans are Doc spans exactly). Word segmentation is not needed: the grammar reads values
by regular expression and indicator words are matched as phrases. (jieba segmentation was 85% of
extraction time and its tokens were read only to find a phrase's last word.)

- `planatlas_values`: every value the number grammar finds (any notation), as doc.spans["values"]
  (label: the unit) with the parsed mentions in doc._.mentions;
- `planatlas_indicators`: the registry's indicator words and the grammar's indicator suffixes and
  population words, found by a PhraseMatcher, as doc.spans["indicators"] (label INDICATOR or
  POPULATION);
- `planatlas_targets`: the binder, which attaches each kept value to its indicator phrase,
  comparator, years and baseline (doc._.targets); a phrase's head word (新生儿、婴儿和5岁以下儿童
  死亡率 -> 死亡率) is the longest indicator word it ends with, from the same lexicon.
"""
from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractors.targets.grammar import LEX, find_values

for _name in ("targets", "mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@functools.lru_cache(maxsize=1)
def indicator_words() -> tuple[str, ...]:
    """Short, digit-free indicator nouns of the registry (死亡率, 贫血率, 巩固率) and the grammar's
    indicator suffixes: whole aliases would hide a phrase's head (5岁以下儿童死亡率 ends in 死亡率)."""
    words = set()
    text = (resources.files("extractors") / "rules" / "indicators.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        words.update(a for a in row["aliases"].split("|") if 2 <= len(a) <= 4 and not any(c.isdigit() for c in a))
    words.update(w for w in LEX["indicator_suffixes"] if len(w) >= 2)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def head_word(phrase: str) -> str:
    """The head noun of an indicator phrase: the longest indicator word it ends with, else its last
    two characters (乳腺癌筛查率 -> 筛查率; 5岁以下儿童死亡率 -> 死亡率)."""
    return next((w for w in indicator_words() if phrase.endswith(w) and w != phrase), phrase[-2:] or phrase)


def doc_text(doc: Doc) -> str:
    """The Doc's text: the caller's string when it gave it (Doc.text rebuilds it from the tokens,
    one per character here, which cost more than the grammar itself)."""
    return doc.user_data.get("text") or doc.text


@Language.factory("planatlas_values")
def _make_values(nlp: Language, name: str):
    def values(doc: Doc) -> Doc:
        mentions = find_values(doc_text(doc))
        doc._.mentions = mentions
        doc.spans["values"] = [s for s in (doc.char_span(m.start, m.end, label=m.unit or "") for m in mentions) if s]
        return doc
    return values


@Language.factory("planatlas_indicators")
def _make_indicators(nlp: Language, name: str):
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("INDICATOR", [nlp.make_doc(w) for w in indicator_words()])
    matcher.add("POPULATION", [nlp.make_doc(w) for w in LEX["population_words"] if len(w) >= 2])

    def indicators(doc: Doc) -> Doc:
        doc.spans["indicators"] = [Span(doc, a, b, label=label) for label, a, b in matcher(doc)]
        return doc
    return indicators


@Language.factory("planatlas_targets")
def _make_targets(nlp: Language, name: str):
    from extractors.targets.binder import bind_doc
    return bind_doc


@functools.lru_cache(maxsize=1)
def target_nlp() -> Language:
    nlp = spacy.blank("zh")  # the character segmenter
    for component in ("planatlas_values", "planatlas_indicators", "planatlas_targets"):
        nlp.add_pipe(component)
    return nlp
