"""The versioned lexicon of the target grammar (extractors/rules/target_grammar.json), loaded once."""
from __future__ import annotations

import json
from importlib import resources

import regex

LEX: dict = json.loads((resources.files("extractors") / "rules" / "target_grammar.json").read_text(encoding="utf-8"))


def alt(words) -> str:
    """A regex alternation of literal words, longest first (so 大于或等于 wins over 大于)."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
