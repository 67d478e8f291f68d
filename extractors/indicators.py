"""Canonical indicators (issue 4): the curated registry and the mapping of targets onto it.

The registry is versioned data, `extractors/rules/indicators.csv`: one row per indicator with a
stable snake_case code, Chinese and English names, the unit its level is measured in, whether
lower or higher is better, a domain, "|"-separated aliases (the ways the plans print it), and
`requires`: "|"-separated `alias=word+word` entries for wordings too generic to map on their own
(床位, 托位, 保障率, 城市社区, 初中生): such a wording counts only when every listed word also occurs in the
target's clause (its evidence, or the sentence it stands in). A `requires` wording need not be listed
in `aliases`, which keeps the public alias list (and the target extractor's user dictionary, built
from short aliases) free of bare words like 初中生.

A target is mapped by, in order:
1. alias: a registry alias (or name) contained in the target's indicator phrase; the longest
   alias wins and a tie between two indicators maps to nothing;
2. alias in the clause: the phrase is cut short (中小学生国家学生体质健康标准 for …达标优良率), so the
   clause from the phrase up to the value is searched; or the target is the only one in its clause
   and exactly one indicator's alias occurs in the clause;
3. fuzzy: the rapidfuzz ratio between the phrase and every alias, accepted only at or above
   FUZZY_THRESHOLD and clear of the next indicator by FUZZY_MARGIN (chosen by measurement on
   tests/gold/indicator_map.jsonl, see below and the README).
Every route requires the target's unit to be compatible with the indicator's (a level in % never
maps to a ‰ indicator; 个百分点 is a change of a % indicator; a relative change in % fits any rate).
Nothing is forced: when no route applies the target keeps indicator_code = None.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Sequence

from rapidfuzz import fuzz

from extractors.errors import RuleFileError, UnknownIndicator
from extractors.textfold import WIDTH
from extractors.units import CHANGE_OF, comparable_unit

if TYPE_CHECKING:  # only the type: importing extractors.targets would load spaCy
    from extractors.targets.records import Target

_RULES = resources.files("extractors") / "rules"
REGISTRY_FILE = "indicators.csv"
CODE_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
BETTER = ("lower", "higher")

# Measured with `planatlas indicators-eval` on tests/gold/indicator_map.jsonl, holding out every alias
# printed in the phrase (so fuzzy has to find the indicator from other wordings): at 85 and above
# every fuzzy match was right (44 of 44); at 80 one of 51 was wrong, at 75 eight of 72, all of them
# sibling indicators (宫颈癌 vs 乳腺癌人群筛查率, 儿童伤害 vs 儿童道路交通伤害死亡率).
FUZZY_THRESHOLD = 85.0
FUZZY_MARGIN = 5.0
FUZZY_MIN_LEN = 4
CONF_EXACT = 1.0
CONF_CONTAINED = 0.95
CONF_CONTEXT = 0.9  # a generic alias backed by context words, or an alias found in the clause
CONF_CLAUSE = 0.85  # the only target of its clause, and exactly one indicator named in it


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    unit: str | None
    better: str
    domain: str
    aliases: tuple[str, ...]
    requires: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (alias, words that must accompany it)

    def as_row(self) -> dict:
        return {"code": self.code, "name_zh": self.name_zh, "name_en": self.name_en, "unit": self.unit,
                "better": self.better, "domain": self.domain, "aliases": list(self.aliases)}


@dataclass(frozen=True)
class Alias:
    code: str
    text: str  # normalised
    context: tuple[str, ...]  # normalised words that must occur in the clause or sentence
    is_name: bool


@dataclass(frozen=True)
class Mapping:
    code: str
    confidence: float
    method: str  # alias | fuzzy
    matched: str  # the normalised alias that decided it
    route: str  # phrase | clause | fuzzy


@dataclass(frozen=True)
class Registry:
    indicators: tuple[Indicator, ...]
    aliases: tuple[Alias, ...]

    def get(self, code: str) -> Indicator:
        for i in self.indicators:
            if i.code == code:
                return i
        raise UnknownIndicator(f"no indicator {code!r} in the registry")

    @property
    def by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    @property
    def generic(self) -> frozenset[str]:
        """Aliases that map only with context words (床位, 托位, 保障率)."""
        return frozenset(a.text for a in self.aliases if a.context)


# ---------------------------------------------------------------- normalisation

_TABLE = str.maketrans({**{chr(k): chr(v) for k, v in WIDTH.items()},
                        "【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "﹙": "(", "﹚": ")",
                        "—": "-", "–": "-", "―": "-", "‐": "-", "～": "-", "〜": "-", "~": "-",
                        "“": None, "”": None, "‘": None, "’": None, '"': None, "'": None, "「": None,
                        "」": None, "『": None, "』": None, "《": None, "》": None, "〈": None, "〉": None,
                        "的": None})
_SPACE = re.compile(r"\s+")
_CN_AGE = re.compile(r"([一二两三四五六七八九十]+)(?=周?岁|个月)")
_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_small(s: str) -> str:
    if s == "十":
        return "10"
    if "十" in s:
        a, _, b = s.partition("十")
        return str((_CN_DIGIT.get(a, 1) if a else 1) * 10 + (_CN_DIGIT.get(b, 0) if b else 0))
    return "".join(str(_CN_DIGIT.get(c, c)) for c in s)


def normalise(text: str | None) -> str:
    """Fold an indicator phrase for matching: full-width to half-width, every bracket to (),
    dashes and tildes to -, no spaces, quotes, 《》 or 的, Chinese numerals before 岁/个月 to digits."""
    if not text:
        return ""
    s = _SPACE.sub("", text.translate(_TABLE)).lower()
    return _CN_AGE.sub(lambda m: _cn_small(m.group(1)), s)


# ---------------------------------------------------------------- units

CHANGE_UNITS = CHANGE_OF


def canonical_unit(unit: str | None) -> str | None:
    return comparable_unit(unit)


def unit_compatible(target_unit: str | None, comparator: str, indicator_unit: str | None) -> bool:
    """Can a value in `target_unit` (with `comparator`) measure an indicator kept in `indicator_unit`?
    A level must share the unit; 个百分点/个千分点 are changes of a %/‰ indicator; a change in % is a
    relative change and fits any indicator. An unknown target unit is not refuted (alias routes only)."""
    tu, iu = canonical_unit(target_unit), canonical_unit(indicator_unit)
    if tu is None or iu is None:
        return True
    if tu == iu:
        return True
    if CHANGE_UNITS.get(tu) == iu:
        return True
    return comparator in ("decrease", "increase") and tu == "%"


# ---------------------------------------------------------------- registry

def parse_registry(text: str) -> Registry:
    """Parse and validate the registry CSV (raises ValueError naming the bad row)."""
    indicators: list[Indicator] = []
    aliases: list[Alias] = []
    seen: set[str] = set()
    for n, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
        code = (row.get("code") or "").strip()
        if not CODE_RE.match(code):
            raise RuleFileError(f"{REGISTRY_FILE}:{n}: code {code!r} is not snake_case")
        if code in seen:
            raise RuleFileError(f"{REGISTRY_FILE}:{n}: duplicate code {code}")
        seen.add(code)
        better = (row.get("better") or "").strip()
        if better not in BETTER:
            raise RuleFileError(f"{REGISTRY_FILE}:{n}: better must be lower or higher, not {better!r}")
        names = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        requires = []
        for entry in (row.get("requires") or "").split("|"):
            if not entry.strip():
                continue
            alias, sep, words = entry.partition("=")
            if not sep or not alias.strip() or not words.strip():
                raise RuleFileError(f"{REGISTRY_FILE}:{n}: requires entry {entry!r} must be ALIAS=WORD[+WORD]")
            requires.append((alias.strip(), tuple(w.strip() for w in words.split("+") if w.strip())))
        ind = Indicator(code, row["name_zh"].strip(), row["name_en"].strip(), (row.get("unit") or "").strip() or None,
                        better, (row.get("domain") or "").strip(), tuple(names), tuple(requires))
        indicators.append(ind)
        req = dict(requires)
        # a requires entry may name a wording that is not in `aliases` (初中生=睡眠): it maps only with context
        for a in dict.fromkeys([ind.name_zh, *names, *req]):
            norm = normalise(a)
            if norm:
                aliases.append(Alias(code, norm, tuple(normalise(w) for w in req.get(a, ())), a == ind.name_zh))
    return Registry(tuple(indicators), tuple(aliases))


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The packaged registry (extractors/rules/indicators.csv)."""
    return parse_registry((_RULES / REGISTRY_FILE).read_text(encoding="utf-8"))


def registry_rows(registry: Registry | None = None) -> list[dict]:
    """Rows for the warehouse's `indicators` table."""
    return [i.as_row() for i in (registry or load_registry()).indicators]


# ---------------------------------------------------------------- mapping

def _longest(cands: list[tuple[int, Alias]]) -> Alias | None:
    """The longest candidate; None when two indicators tie for it."""
    if not cands:
        return None
    best = max(len(a.text) for _, a in cands)
    top = {a.code: a for _, a in cands if len(a.text) == best}
    return next(iter(top.values())) if len(top) == 1 else None


def _usable(a: Alias, ind: Indicator, target: "Target", context: str) -> bool:
    return all(w in context for w in a.context) and unit_compatible(target.unit, target.comparator, ind.unit)


# 婴儿死亡率低于控制目标幅度: how far a figure lies from a reference level, as the binder names it.
_GAP = re.compile(r"[低高]于\w{1,12}幅度$")


def map_target(target: "Target", sentence: str | None = None, alone: bool = False,
               registry: Registry | None = None) -> Mapping | None:
    """The indicator a target measures, or None. `sentence` is the text the clause stands in (for
    context words); `alone` says the target is the only one its clause holds."""
    reg = registry or load_registry()
    inds = reg.by_code
    phrase = normalise(target.indicator)
    clause = normalise(target.evidence)
    context = clause + "\n" + normalise(sentence)

    if phrase and _GAP.search(phrase):
        return None  # a gap to a reference level (binder.GAP) is no level of the indicator it names

    # 1. an alias inside the printed indicator phrase
    if phrase:
        cands = [(phrase.find(a.text), a) for a in reg.aliases
                 if a.text in phrase and _usable(a, inds[a.code], target, context)]
        hit = _longest(cands)
        if hit is not None:
            conf = CONF_CONTEXT if hit.context else CONF_EXACT if hit.text == phrase else CONF_CONTAINED
            return Mapping(hit.code, conf, "alias", hit.text, "phrase")
        if cands:
            return None  # two indicators claim the phrase equally: do not guess

    # 2. an alias in the clause, continuing the phrase up to the value, or naming the only target
    value = normalise(target.value_text)
    cut = clause.find(value) if value else -1
    before = clause[:cut] if cut > 0 else clause
    start = before.find(phrase) if phrase else -1
    if start >= 0:
        seg = before[start:]
        cands = [(seg.find(a.text), a) for a in reg.aliases
                 if a.text in seg and _usable(a, inds[a.code], target, context)]
        codes = {a.code for _, a in cands}
        if len(codes) > 1:  # keep the aliases that begin inside the printed phrase
            cands = [(p, a) for p, a in cands if p < len(phrase)]
            codes = {a.code for _, a in cands}
        if len(codes) == 1:
            hit = max((a for _, a in cands), key=lambda a: len(a.text))
            return Mapping(hit.code, CONF_CONTEXT, "alias", hit.text, "clause")
    if alone:
        cands = [a for a in reg.aliases if a.text in clause and not a.context
                 and _usable(a, inds[a.code], target, context)]
        codes = {a.code for a in cands}
        if len(codes) == 1:
            hit = max(cands, key=lambda a: len(a.text))
            return Mapping(hit.code, CONF_CLAUSE, "alias", hit.text, "clause")

    # 3. fuzzy: the phrase against every alias that can stand on its own
    return fuzzy_match(target, phrase, reg)


def fuzzy_scores(phrase: str, registry: Registry | None = None,
                 exclude: frozenset[str] = frozenset()) -> list[tuple[float, str, str]]:
    """(score, code, alias) for the best alias of every indicator, best first. Aliases that need
    context words, those shorter than FUZZY_MIN_LEN and those in `exclude` take no part."""
    reg = registry or load_registry()
    best: dict[str, tuple[float, str]] = {}
    for a in reg.aliases:
        if a.context or len(a.text) < FUZZY_MIN_LEN or a.text in exclude:
            continue
        s = fuzz.ratio(phrase, a.text)
        if s > best.get(a.code, (-1.0, ""))[0]:
            best[a.code] = (s, a.text)
    return sorted(((s, c, t) for c, (s, t) in best.items()), key=lambda x: (-x[0], x[1]))


def fuzzy_pick(phrase: str, unit: str | None, comparator: str, registry: Registry | None = None,
               threshold: float = FUZZY_THRESHOLD, margin: float = FUZZY_MARGIN,
               exclude: frozenset[str] = frozenset()) -> Mapping | None:
    """The fuzzy route on its own: the best unit-compatible indicator if its score reaches
    `threshold` and beats the next indicator by `margin`; never for a target without a unit."""
    reg = registry or load_registry()
    if len(phrase) < FUZZY_MIN_LEN or canonical_unit(unit) is None:
        return None
    inds = reg.by_code
    scores = [s for s in fuzzy_scores(phrase, reg, exclude) if unit_compatible(unit, comparator, inds[s[1]].unit)]
    if not scores or scores[0][0] < threshold:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < margin:
        return None
    score, code, text = scores[0]
    # A fragment (防治知识知晓率 of 两癌防治知识知晓率) lacks the words that decide it; but a count named
    # without its 数 (拥有儿科执业医师[数] before 1.2名: the value says what is counted) is the whole name.
    if (phrase in text and text != phrase + "数") or phrase in reg.generic:
        return None
    return Mapping(code, round(score / 100.0, 4), "fuzzy", text, "fuzzy")


def fuzzy_match(target: "Target", phrase: str, registry: Registry | None = None) -> Mapping | None:
    return fuzzy_pick(phrase, target.unit, target.comparator, registry)


# ---------------------------------------------------------------- applying it to a plan's targets

_SENTENCE_END = re.compile(r"[。；;！？!?]|\n\s*\n|\n\s*[(（]?\d{1,2}[.．)）、]")
SENTENCE_REACH = 200


def sentence_before(source: str, start: int, end: int) -> str:
    """The source from the start of the sentence holding [start, end) up to `end`."""
    lo = max(0, start - SENTENCE_REACH)
    window = source[lo:start]
    cut = 0
    for m in _SENTENCE_END.finditer(window):
        cut = m.end()
    return source[lo + cut:end]


def map_targets(targets: Iterable["Target"], source: str | None = None,
                registry: Registry | None = None) -> tuple["Target", ...]:
    """The targets with indicator_code, indicator_confidence and indicator_method filled where an
    indicator applies (None otherwise). `source` is the decoded document the offsets index."""
    targets = list(targets)
    per_clause: dict[tuple[int, int], int] = {}
    for t in targets:
        per_clause[(t.evidence_start, t.evidence_end)] = per_clause.get((t.evidence_start, t.evidence_end), 0) + 1
    out = []
    for t in targets:
        sentence = sentence_before(source, t.evidence_start, t.evidence_end) if source else None
        m = map_target(t, sentence, per_clause[(t.evidence_start, t.evidence_end)] == 1, registry)
        out.append(replace(t, indicator_code=m.code if m else None, indicator_confidence=m.confidence if m else None,
                           indicator_method=m.method if m else None))
    return tuple(out)


__all__: Sequence[str] = ("Indicator", "Mapping", "Registry", "load_registry", "registry_rows", "normalise",
                          "canonical_unit", "unit_compatible", "map_target", "map_targets", "fuzzy_match",
                          "fuzzy_scores", "fuzzy_pick", "sentence_before", "FUZZY_THRESHOLD")
