"""Bind values to their indicator, comparator, years and baseline: the grammar of a target.

Runs as the spaCy component `planatlas_targets` over the cleaned text of one provision.
A sentence (。) is the scope of a year; a clause (，；：) the scope of a subject; a value list
(3.0‰、4.5‰和5.5‰以下) shares its comparator words; a 分别-list pairs its indicators with its
values in order.
"""
from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field

import regex

from extractors.periods import FIVE_YEAR_NAME, FIVE_YEAR_PLANS
from extractors.targets.grammar import (AGE_UNITS, COUNT_UNITS, PERCENT_UNITS, TABLE_UNIT, ValueMention,
                                        find_values)
from extractors.targets.lexicon import LEX
from extractors.units import normalise_unit
from extractors.targets.lexicon import alt as _alt

SENTENCE = regex.compile(r"[^。！？!?]+[。！？!?]?")
CLAUSE_BREAK = "，,；;：:"
LIST_SEP = regex.compile(r"^[、和及与或]{1,2}$")
AFTER_LE = regex.compile(rf"^(?:{_alt(LEX['after_le'])})")
AFTER_GE = regex.compile(rf"^(?:{_alt(LEX['after_ge'])})")
AFTER_ANY = regex.compile(rf"^(?:{_alt(LEX['after_le'] + LEX['after_ge'] + LEX['after_eq'])})")
# Bound words printed before a value, each with its comparator and strictness: 超过/高于/大于/多于 are
# stored as '>=' and 低于/少于/小于/不足/不到 as '<=', both with strict=True (the contract has no '>'/'<').
BOUND_WORDS: dict[str, tuple[str, bool]] = {
    **{w: ("<=", False) for w in LEX["before_le"]}, **{w: ("<=", True) for w in LEX["before_lt"]},
    **{w: (">=", False) for w in LEX["before_ge"]}, **{w: (">=", True) for w in LEX["before_gt"]}}
# The leftmost bound word that reaches the value wins, so 不低于 is read before 低于, 大于或等于 before 大于.
# (不低于[每人每月]1800元: what the value is counted per may stand between the bound word and the value)
BEFORE_BOUND = regex.compile(rf"(?P<w>{_alt(BOUND_WORDS)})(?:[了在到至为]|达到)?(?:每\p{{Han}}{{1,2}}){{0,2}}$")
BEFORE_GE_VERB = regex.compile(rf"(?:{_alt([w for w, (c, _) in BOUND_WORDS.items() if c == '>=' and len(w) > 1])})"
                               r"各?\p{Han}{0,3}$")  # 至少[配备]2名, 不少于[开展]2次
BEFORE_LE_VERB = regex.compile(rf"(?:{_alt([w for w, (c, s) in BOUND_WORDS.items() if c == '<=' and not s and len(w) > 1])})"
                               r"各?\p{Han}{0,3}$")  # 最多[照护]5名, 至多[招收]10名
DECREASE = regex.compile(rf"(?:{_alt(LEX['change_decrease'])})(?:了|约)?$")
INCREASE = regex.compile(rf"(?:{_alt(LEX['change_increase'])})(?:了|约)?$")
PER_YEAR = regex.compile(r"(?:年均|每学?年|年平均)(?!增幅|增速|增长率)")  # 每学年: a school year
PER_YEAR_AFTER = regex.compile(r"^\s*(?:/|／|每)\s*年")  # 不少于3次/年
# A baseline year: 以2020年为基数, 比2010年, 较2020年, 从2010年的, 在2020年(的)基础上.
BASELINE = regex.compile(r"(?:(?:以|比|较|从|与)\s*(?P<y>(?:19|20)\d\d)\s*年(?:数据|底|末)?(?:的|为基数|为基线|为基础|基础上)?"
                         r"|在\s*(?P<y>(?:19|20)\d\d)\s*年(?:数据|底|末)?的?基础上)")
FROM_YEAR = regex.compile(r"(?:从|由)\s*((?:19|20)\d\d)\s*年的?$")
# 由七成提高到九成, 从75%提高到92.5%: the first value is the second's baseline even without a year.
# 从现在的90%提高到95%: a baseline without a year (baseline_year stays empty).
NOW = r"(?:现在|目前|当前|现阶段|现有)"
FROM_VALUE = regex.compile(rf"(?:从|由)\s*(?:(?:19|20)\d\d\s*年的?|{NOW}的?)?$")
TO_LEVEL = regex.compile(r"(?:下降|上升|提高|增加|降低|增长|减少|降)(?:到|至)(?:\s*(?:19|20)\d\d\s*年(?:底|末)?的?)?$")
SCHOOLING_YEARS = regex.compile(r"^(?:的)?(?:免费|义务)")
# 50%以上乡镇（街道）拥有1家示范型…: the count defines what the share counts; only the share is a target.
DEFINING_COUNT = regex.compile(r"^(?:以上|以下|及以上)?的?[\p{Han}（）()、]{1,14}?(?:拥有|建有|设有|有|配备|建成)$")
# "（2010年已经达到100%）" right after a change "比2010年提高0个百分点": the change's baseline, printed.
BASELINE_ASIDE = regex.compile(r"^\s*[（(]\s*((?:19|20)\d\d)\s*年[^，。；（）()]{0,8}$")
# The end of a five-year plan ("十四五"期末 = 2025, 截至"十三五"末 = 2020): extractors.periods.
PLAN_END = regex.compile(FIVE_YEAR_NAME.pattern + r"(?:规划)?(?:期末|末期|末)")
# "十四五"期间累计培训1万人次: a total over the plan's years, reached at its end (2025).
PLAN_TIME = regex.compile(FIVE_YEAR_NAME.pattern + r"(?:规划)?(?:期末|末期|末|期间|时期|内)")
# 比"十三五"末下降3个百分点: the end of a five-year plan as the baseline (2020), not the target's year.
PLAN_END_BASE = regex.compile(r"(?:以|比|较|与|从|由)\s*" + PLAN_END.pattern)
# A change measured in years (比2020年提高0.5年, 延长1年): 年 is then a quantity.
YEARS_CHANGE = regex.compile(r"(?:提高|增加|延长|缩短|减少)了?$")
# 岁 measures a lifetime only (预期寿命达到80.5岁); elsewhere it qualifies a population (5岁以下).
LIFETIME = regex.compile(r"寿命|初婚年龄|生育年龄|平均年龄")
FUTURE = regex.compile(r"到\s*20\d\d|力争|将|目标|规划期|本规划|十四五|十五五|未来")
PAST = regex.compile(r"已|仅为|年来|以来|提前|完成|实现了|达到了|下降到|上升到|提高到|降至")
COUNT_CONTEXT = regex.compile(rf"(?:{_alt(LEX['count_context'] + list(BOUND_WORDS))})")
# A Chinese numeral counts only next to the genre's quantity words (至少配备两名, 建成一百五十二所,
# 十名以上): Chinese numerals also write set phrases (两个全覆盖, 三个周期, 一次性, 第一所学校).
CN_CONTEXT = regex.compile(rf"(?:{_alt(LEX['cn_count_context'] + list(BOUND_WORDS))})")
CN_NEAR = regex.compile("(?:" + "|".join(rf"(?<![{regex.escape(no)}]){regex.escape(w)}"
                                         for w, no in LEX["cn_count_context_near"].items()) + r")[^，。；、,;]{0,3}$")
CLAUSE_PUNCT = regex.compile(r"[，。；、,;]")
CN_EXCLUDED_BEFORE = regex.compile(rf"(?:{_alt(LEX['cn_excluded_before'])})$")
CN_EXCLUDED_AFTER = regex.compile(rf"^(?:{_alt(LEX['cn_excluded_after'])})")
EXCLUDED_BEFORE = regex.compile(rf"(?:{_alt(LEX['excluded_before'])})$")
EXCLUDED_AFTER = regex.compile(rf"^(?:{_alt(LEX['excluded_after'])})")
# The indicator phrase ends where its predicate starts: the cut words or a bound word (资助人数|超过…).
def _predicate_word(w: str) -> str:
    """A predicate word's pattern: not inside the words the grammar lists for it (均 of 平均)."""
    guards = []
    for word in LEX["predicate_not_inside"].get(w, ()):
        before, _, after = word.partition(w)
        guards.append(rf"(?<!{regex.escape(before)})" if before else rf"(?!{regex.escape(after)})")
    return "".join(g for g in guards if g.startswith("(?<!")) + regex.escape(w) + "".join(
        g for g in guards if g.startswith("(?!"))


_PREDICATES = sorted(LEX["predicate_cut"] + [w for w in BOUND_WORDS if len(w) > 1], key=len, reverse=True)
PREDICATE = regex.compile("(?:" + "|".join(_predicate_word(w) for w in _PREDICATES) + ")")
# Words left at the end of a subject before its value: 管理率[由]88%提高到, 发生率[每年]下降
TRAILING = regex.compile(r"(?:由|从|每年|在|约|大约|约有|共有?)$")  # (全县现有0—17岁儿童约6.1万人)
# (一是学前三年毛入园率…；二是…: an inline enumerator is no part of the indicator's name)
PREFIX = regex.compile(rf"^(?:(?:{_alt(LEX['subject_strip_prefix'])})|[、，,和及与]|[一二三四五六七八九十]{{1,2}}是(?=\p{{Han}})|[（(]\d{{1,2}}[）)])+")
YEAR_PHRASE = regex.compile(r"(?:到|至|在|于|截至|力争到|力争)?\s*(?:(?:19|20)\d\d|[一二][〇零九][〇零一二三四五六七八九]{2})\s*年"
                         r"(?:底|末|以前|之前|前)?[，,]?")
BASE_PHRASE = regex.compile(r"以[^，。；]{0,12}?为(?:基数|基线|单位|基础)|在基线基础上|在(?:19|20)\d\d年(?:底|末)?的?基础上|"
                            r"[较比]基期|与基期相比|比(?:19|20)\d\d年|较(?:19|20)\d\d年|"
                            + r"(?:[以比较与从由]\s*)?" + FIVE_YEAR_NAME.pattern + r"(?:规划)?(?:期末|末期|末|时期|期间)?|[从由](?:19|20)\d\d年的?|[从由]" + NOW + "的?")
SPLIT_PARTS = regex.compile(r"[、和及与]")
SUFFIXES = tuple(LEX["indicator_suffixes"])
# (幼儿 in 幼儿园 is a place, not the population: a population word ends before 园/所/院/班)
POPULATION = regex.compile(rf"(?:{_alt(LEX['population_words'])})(?![园所院班])")


@dataclass
class Bound:
    """A value bound to its context; offsets are into the provision's cleaned text."""
    mention: ValueMention
    comparator: str = "="
    indicator: str | None = None
    per_year: bool = False
    target_year: int | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    kind: str = "target"
    evidence: tuple[int, int] = (0, 0)
    suffix: str = ""
    pretext: str = ""
    parts: list[str] = field(default_factory=list)
    strict: bool = False  # a strict bound (超过 95%: '>=' with strict): the value itself is excluded


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_BREAK:
        i -= 1
    return i


def _clause_end(text: str, pos: int, ceil: int) -> int:
    i = pos
    while i < ceil and text[i] not in CLAUSE_BREAK + "。":
        i += 1
    return i


def _is_year(m: ValueMention, text: str) -> bool:
    if not (1900 <= m.value <= 2100 and float(m.value).is_integer()):
        return False
    if m.unit is not None and m.unit != "年":  # 2000—3000个 counts places, not years
        return False
    return m.unit == "年" or text[m.end:m.end + 1] == "年" or m.value_high is not None and m.value_high >= 1900


# 3岁以下儿童, 0-3岁婴幼儿, 60岁及以上妇女: an age that names a population.
_AGE_BAND_AFTER = regex.compile(r"(?:以下|以上|及以下|及以上|前|至|到|-|—|~|～)|的?(?:儿童|婴幼儿|幼儿|女童|男童|孩子|学生|"
                                r"人口|妇女|女性|老年|老人|青少年|适龄)")


def _lifetime(m: ValueMention, text: str, clause_from: int) -> bool:
    """岁 measures a lifetime (预期寿命达到80.5岁), also when the lifetime is named earlier in the sentence
    (人均预期寿命稳步延长，2025年、2030年分别达到81岁和82岁左右), unless the age names a population."""
    if LIFETIME.search(text[clause_from:m.start]):
        return True
    sentence = regex.split(r"[。；;！？!?\n]", text[max(0, m.start - 60):m.start])[-1]
    return bool(LIFETIME.search(sentence)) and not _AGE_BAND_AFTER.match(text, m.end)


def _keep(m: ValueMention, text: str, clause_from: int) -> bool:
    """Is this number a quantity the plan commits to or reports (not an age, year, name, item)?"""
    before, after = text[max(0, m.start - 6):m.start], text[m.end:m.end + 3]
    if _is_year(m, text):
        return False
    if _arrow_side(m, text) is not None:  # 5.1→4.5: a figure and its target, both quantities
        return True
    if m.unit in AGE_UNITS:
        return m.unit == "岁" and _lifetime(m, text, clause_from)
    if EXCLUDED_BEFORE.search(before) or EXCLUDED_AFTER.match(after):
        return False
    if m.unit in PERCENT_UNITS or m.unit in ("1/10万", "1/万"):
        return True
    if m.value_high is not None and after.startswith("之间") and m.unit is not None:
        return True
    if m.chinese:
        return _chinese_count(m, text, clause_from)
    if m.unit is None:
        return m.symbol is not None
    if m.unit in COUNT_UNITS:
        if m.unit == "年":  # a duration: 至少3年, 5年以上; years of schooling: 15年免费教育, 12年义务教育
            return bool(AFTER_ANY.match(after) or regex.search(r"(?:至少|不少于|不低于|达到|(?:提高|增加|延长|增长)(?:到|至))$", before)
                        or SCHOOLING_YEARS.match(text[m.end:m.end + 6]) or YEARS_CHANGE.search(before))
        if m.unit == "个月" and not (AFTER_ANY.match(after) or regex.search(r"(?:达到|至少|不少于)$", before)):
            return False
        # (a range of a count is a quantity: 掌握1—2门实用技术, 建设3—5个)
        return bool(AFTER_ANY.match(after) or m.more or m.value_high is not None
                    or COUNT_CONTEXT.search(text[clause_from:m.start]))
    return False


def _chinese_count(m: ValueMention, text: str, clause_from: int) -> bool:
    """A count in Chinese numerals: kept after a quantity word of its clause or before 以上/以下;
    一 (also the article "a") only right after one (至少设置一个, 办好一所)."""
    before, after = text[clause_from:m.start], text[m.end:m.end + 3]
    if m.unit not in COUNT_UNITS or CN_EXCLUDED_BEFORE.search(before) or CN_EXCLUDED_AFTER.match(after):
        return False
    near = bool(CN_NEAR.search(before)) or any(
        x.end() >= len(before) - 3 and not CLAUSE_PUNCT.search(before[x.end():])
        for x in CN_CONTEXT.finditer(before))
    if m.unit == "年":
        return bool(AFTER_ANY.match(after)) or near
    if AFTER_ANY.match(after) or m.more or near or m.value_high is not None:  # 二至三个: a range is a quantity
        return True
    return m.value != 1 and bool(CN_CONTEXT.search(before))


def _mentions(text: str, start: int, end: int, found: list[ValueMention] | None = None
              ) -> tuple[list[ValueMention], list[tuple[int, int]]]:
    """Kept value mentions of text[start:end] and the (position, year) of its year phrases; `found`
    are the whole text's mentions when the pipeline has them (the Doc's value spans)."""
    found = find_values(text, start, end) if found is None else [m for m in found if start <= m.start and m.end <= end]
    found = [_arrow_unit(_per_100k(m, text), text) for m in found]
    years = [(m.start, int(m.value)) for m in found if _is_year(m, text) and m.value_high is None]
    kept = [m for m in found if _keep(m, text, _clause_start(text, m.start, start))]
    return kept, years


# 控制在每十万人3.5以下, 降至每十万人口2.5人以下: a rate per 100,000 whose base is printed before it
PER_100K_BEFORE = regex.compile(r"每(?:十|10)万(?:人口|人|名儿童|名妇女|名)?$")


def _per_100k(m: ValueMention, text: str) -> ValueMention:
    if m.unit in (None, "人", "例", "名") and m.value_high is None and PER_100K_BEFORE.search(text[max(0, m.start - 8):m.start]):
        return dataclasses.replace(m, unit="1/10万")
    return m


# 婴儿死亡率（‰）　5.1→4.5: a figure and the level it is to reach, under a box titled （2020年→2025年)
ARROW = regex.compile(r"\s*(?:→|—>|－>|->)\s*")
ARROW_YEARS = regex.compile(r"((?:19|20)\d\d)\s*年?\s*(?:→|—>|－>|->)\s*((?:19|20)\d\d)\s*年")
_UNIT_BEFORE = regex.compile(r"[（(]\s*([^（）()]{1,6}?)\s*[）)]\s*$")


def _arrow_side(m: ValueMention, text: str) -> str | None:
    """'from' for the figure before an arrow, 'to' for the one after it, else None."""
    after = ARROW.match(text, m.end)
    if after and regex.match(r"[0-9≤≥]", text[after.end():after.end() + 1]):
        return "from"
    before = regex.search(r"[0-9%‰]\s*(?:→|—>|－>|->)\s*$", text[max(0, m.start - 4):m.start])
    return "to" if before else None


_UNIT_BEFORE_FROM = regex.compile(r"[（(]\s*([^（）()]{1,6}?)\s*[）)]\s*$")
_UNIT_BEFORE_TO = regex.compile(r"[（(]\s*([^（）()]{1,6}?)\s*[）)]\s*[0-9.]+\s*(?:→|—>|－>|->)\s*$")


def _arrow_unit(m: ValueMention, text: str) -> ValueMention:
    """An arrow pair's unit, printed in brackets after its indicator (婴儿死亡率（‰）　5.1→4.5)."""
    side = _arrow_side(m, text)
    if m.unit is not None or side is None:
        return m
    u = (_UNIT_BEFORE_FROM if side == "from" else _UNIT_BEFORE_TO).search(text[max(0, m.start - 30):m.start])
    return dataclasses.replace(m, unit=normalise_unit(u.group(1))) if u else m


def _lists(text: str, mentions: list[ValueMention]) -> list[list[tuple[ValueMention, str]]]:
    """Group mentions into value lists: 3.0‰、4.5‰和5.5‰以下 is one list; each member with its suffix."""
    groups: list[list[tuple[ValueMention, str]]] = []
    prev_end = None
    for m in mentions:
        sfx = AFTER_ANY.match(text[m.end:m.end + 3])
        suffix = sfx.group(0) if sfx else ""
        between = text[prev_end:m.start] if prev_end is not None else None
        if groups and between is not None and LIST_SEP.match(between):
            groups[-1].append((m, suffix))
        else:
            groups.append([(m, suffix)])
        prev_end = m.end + len(suffix)
    for g in groups:  # a member without its own 以下/以上 shares the next member's
        carry = ""
        for i in range(len(g) - 1, -1, -1):
            m, s = g[i]
            carry = s or carry
            g[i] = (m, s or carry)
    return groups


def _comparator(m: ValueMention, suffix: str, pre: str) -> tuple[str, bool]:
    """The comparator of a value and whether the bound is strict."""
    pre = regex.sub(r"(?:约|了|为)$", "", pre)
    if m.value_high is not None:
        return "range", False
    if not TO_LEVEL.search(pre) and (DECREASE.search(pre) or regex.search(r"下降|降低|减少", pre[-8:])
                                     and regex.search(r"为基数|基线|比\d{4}年", pre)):
        return "decrease", False
    if not TO_LEVEL.search(pre) and INCREASE.search(pre):
        return "increase", False
    if m.symbol:
        return BOUND_WORDS[m.symbol]
    bound = BEFORE_BOUND.search(pre)
    if bound:
        comp, strict = BOUND_WORDS[bound.group("w")]
        if not (AFTER_GE if comp == "<=" else AFTER_LE).match(suffix):
            return comp, strict
    if BEFORE_GE_VERB.search(pre[-8:]) and not AFTER_LE.match(suffix):
        return ">=", False
    if BEFORE_LE_VERB.search(pre[-8:]) and not AFTER_GE.match(suffix):
        return "<=", False
    if AFTER_LE.match(suffix):
        return "<=", False
    if AFTER_GE.match(suffix):
        return ">=", False
    if m.more:
        return ">=", True
    return "=", False


_CONJUNCTIONS = {"并", "且", "并且", "同时", "以及", "还", "也"}


def change_direction(comparator: str, pre: str) -> str | None:
    """Which way a change target asks the indicator to move: a decrease or increase comparator says it;
    a range printed after a change verb (每年下降0.5-1个百分点) is a range of that change, which the
    contract's comparator ('range') cannot say. A range reached by 下降到/提高至 is a range of levels."""
    if comparator in ("decrease", "increase"):
        return comparator
    if comparator != "range" or TO_LEVEL.search(pre):
        return None
    pre = pre.rstrip()
    if DECREASE.search(pre):
        return "decrease"
    if INCREASE.search(pre):
        return "increase"
    return None


def clean_subject(s: str) -> str:
    """The indicator phrase from a clause's text before its predicate."""
    s = BASE_PHRASE.sub("", s)
    s = YEAR_PHRASE.sub("", s).lstrip(" 、，,：:；;")  # 到2025年、2030年分别…: what the years leave
    m = PREDICATE.search(s)
    if m and m.start() > 0:
        s = s[:m.start()]
    elif m:
        s = s[m.end():]
        while s and (m0 := PREDICATE.match(s)) and m0.end() > 0:  # 分别达到: predicates and no subject
            s = s[m0.end():]
        m2 = PREDICATE.search(s)
        s = s[:m2.start()] if m2 and m2.start() > 0 else s
    stripped = PREFIX.sub("", s)
    if len(stripped.strip(" ，,、：:；;的（(")) > 1:  # 保障率 stays 保障率
        s = stripped
    elif s.strip(" ，,、：:；;") in _CONJUNCTIONS:
        return ""  # ，并控制在10%以下: the clause continues the previous one's subject
    s = s.strip(" ，,、：:；;的")
    s = TRAILING.sub("", s).strip(" ，,、：:；;的") or s  # (每年 alone stays: the clause has no other subject)
    return s.rstrip("（(").lstrip("）)")


def _population_split(phrase: str) -> tuple[str, str]:
    """5岁以下儿童死亡率 -> (5岁以下儿童, 死亡率): the population words and the head after them."""
    last = None
    for m in POPULATION.finditer(phrase):
        last = m
    if last is None or last.end() == len(phrase):
        return "", phrase
    return phrase[:last.end()], phrase[last.end():]


def _distribute(parts: list[str]) -> list[str]:
    """新生儿、婴儿和5岁以下儿童死亡率 -> each part completed with the head (死亡率), and
    5岁以下儿童贫血率、生长迟缓率 -> the population prefix carried to parts without one."""
    from extractors.targets.nlp import head_word
    parts = [p for p in parts if p]
    if not parts:
        return parts
    pop, head = _population_split(parts[-1])
    if not pop:
        head = head_word(parts[-1])
    if len(parts) > 1 and all(_PLACE_ONLY.match(p) for p in parts[:-1]) and _PLACE_FIRST.match(parts[-1]):
        head = _PLACE_FIRST.sub("", parts[-1])  # 城市社区和农村社区（村）家长学校覆盖率: each place's 家长学校覆盖率
    out = [p if p.endswith(SUFFIXES) or p.endswith(head) or p == parts[-1] else p + head for p in parts]
    prefix, _ = _population_split(out[0])
    if prefix:
        out = [out[0]] + [p if POPULATION.search(p) else prefix + p for p in out[1:]]
    return out


# 项目覆盖全县[100%的乡镇]: a programme that reaches a share of the places (the value's own object).
_REACHES = regex.compile(r"(?P<verb>覆盖|惠及)(?:到)?(?:全县|全市|全区|全省|全旗|全州)?$")
# 覆盖率城市达到90%、农村达到80%: one indicator given for the town and for the country.
_PLACE = r"(?:城市|农村|城镇|乡村|城区)(?:社区|地区)?(?:[（(][^（）()]{1,6}[）)])?"  # 农村（行政村）
_RATE_THEN_PLACE = regex.compile(rf"^(?P<head>.+?(?:率|比例|比重|占比|数|水平))(?P<place>{_PLACE})$")
_PLACE_ONLY = regex.compile(rf"^(?P<place>{_PLACE})$")
_PLACE_FIRST = regex.compile(rf"^{_PLACE}")


def _by_place(name: str, prev_group: list[Bound]) -> str:
    """家庭教育指导服务覆盖率城市 -> 城市家庭教育指导服务覆盖率; a clause naming only the other place
    (、农村达到80%) takes the same indicator for that place."""
    m = _RATE_THEN_PLACE.match(name)
    if m:
        return m.group("place") + m.group("head")
    prev = prev_group[-1].indicator if prev_group else None
    if _PLACE_ONLY.match(name) and prev and _PLACE_FIRST.match(prev):
        return name + _PLACE_FIRST.sub("", prev)
    # 家庭教育指导服务站点城市社区覆盖率达到95%、农村社区覆盖率达到80%: the head before the place carries on
    own = regex.match(rf"^(?P<place>{_PLACE})(?P<rest>.+)$", name)
    other = regex.match(rf"^(?P<head>.+?)(?P<place>{_PLACE})(?P<rest>.+)$", prev or "")
    if own and other and own.group("rest") == other.group("rest") and own.group("place") != other.group("place"):
        return other.group("head") + name
    return name


def _split_indicators(subject: str, shared: bool = False) -> list[str]:
    """Two indicators sharing one value (3岁以下…管理率和7岁以下…管理率保持在90%以上); `shared`: the
    clause says each of them (均达到), so a list inside one name is as many indicators
    (孕产妇艾滋病、梅毒和乙肝检测率均达到98%以上: 孕产妇艾滋病检测率, 孕产妇梅毒检测率, 孕产妇乙肝检测率)."""
    parts = [p for p in SPLIT_PARTS.split(subject) if p]
    rates = all(p.endswith(("率", "比例")) for p in parts)
    if len(parts) >= 2 and all(len(p) >= (3 if rates else 4) for p in parts) and (
            rates or all(POPULATION.search(p) for p in parts)):
        return _distribute(parts)
    if shared and len(parts) >= 2 and parts[-1].endswith(SUFFIXES) and all(len(p) >= 2 for p in parts):
        return _distribute(parts)
    return [subject] if subject else []


# 均达到, 均保持在: the value holds for each indicator named before it (not 人均, 年均, 平均)
SHARED = regex.compile(r"(?<![人年平生户])均(?=达到|保持|控制|不低于|不少于|不超过|在|为|超过|高于|低于|提高|下降|降低|增长)")


def bind(text: str, provision_kind: str, period_start: int | None,
         mentions: list[ValueMention] | None = None) -> list[Bound]:
    """Every target of one provision's cleaned text (`mentions`: its values, when already read)."""
    out: list[Bound] = []
    for sm in SENTENCE.finditer(text):
        s0, s1 = sm.span()
        out.extend(_bind_sentence(text, s0, s1, provision_kind, period_start, mentions))
    return out


def _previous_clause_subject(text: str, s0: int, c0: int) -> str:
    """When a clause has no subject (2020年达到100%), the one before it in the sentence names it."""
    end = c0 - 1
    while end > s0:
        start = _clause_start(text, end, s0)
        clause = text[start:end]
        # a clause with a number holds its own subject; Chinese numerals count only as quantities
        # (全市小学六年巩固率逐年提高 names the indicator of the next clause)
        if not any(not m.chinese or _keep(m, text, start) for m in find_values(text, start, end)):
            subj = clean_subject(clause)
            if subj:
                return subj
        end = start - 1
    return ""


def _object_after(text: str, start: int, clause_end: int) -> str:
    """The counted thing printed after a value: 至少配备1名[专业从事儿童保健的医生]; nothing when
    the value is followed by a list separator (1.12名、床位增至3.17张)."""
    obj = PER_YEAR_AFTER.sub("", text[start:clause_end], count=1)
    if not obj or obj[0] in "、，,；;。和及与或":
        return ""
    obj = regex.split(r"[、和及与或](?=[\d一二两三四五六七八九十])|[、；;]", obj)[0]
    return regex.sub(r"等$", "", obj).strip(" 的，,。；;")


_VERB_ONLY = regex.compile(r"配备|配|设置|设有|建成|建设|办好|开展|组织|确立|增建|新增|拥有|实现|形成|落实|累计")
_VERB = regex.compile(r"建立|设立|建有|开展|接受|拥有|设置|实现|达到|参加|参与|落实")


# A share printed before what it counts opens its clause (50%以上乡镇（街道）拥有1家驿站): the rest of the
# clause names it, unless that starts with a verb or a word of degree (100%完成, 90%以上达到标准).
_NOT_A_POPULATION = regex.compile(r"[达完实覆建提保控降增下上减稳持左以及和、，,；;。（(]|得到|确保|力争")


def _population_after(text: str, start: int, clause_end: int) -> str:
    rest = text[start:clause_end].strip()
    if not rest or _NOT_A_POPULATION.match(rest) or not regex.match(r"\p{Han}", rest):
        return ""
    return clean_subject(rest)


def _subject_noun(obj: str) -> str:
    """农村社区（村）建立家长学校… -> 农村社区（村）: the noun before the clause's verb."""
    m = _VERB.search(obj)
    return obj[:m.start()] if m and m.start() > 0 else obj


# 低于控制目标7.52个千分点, 高于全国平均水平2个百分点, 比全省平均水平高出1.5个百分点: a gap to a reference
# level, neither a level of the indicator nor its change over time. Named as a gap (婴儿死亡率低于控制目标幅度),
# so it never takes the indicator's code and is never compared with its levels.
_REF = r"\p{Han}{0,8}?(?:平均水平|平均值|控制目标|目标值|标准值|国家标准|省定标准)"
GAP = regex.compile(rf"(?:(?P<w>低于|高于|超过|超出|优于|好于)(?P<ref>{_REF})|比(?P<ref2>{_REF})(?P<w2>高出|低出|高|低|多|少))$")


def _gap_name(pre: str, prev_group: list[Bound]) -> str | None:
    """The name of a gap to a reference level, or None when the value is no gap. The indicator is the
    clause's own subject, else the one the previous value of the sentence measured; without either, no
    name is made up."""
    gap = GAP.search(pre.rstrip())
    if not gap:
        return None
    head = clean_subject(pre[:gap.start()]) or (prev_group[-1].indicator if prev_group else None)
    word = "低于" if (gap.group("w") or gap.group("w2")) in ("低于", "低出", "低", "少") else "高于"
    return f"{head}{word}{gap.group('ref') or gap.group('ref2')}幅度" if head else ""


def _bind_sentence(text: str, s0: int, s1: int, provision_kind: str, period_start: int | None,
                   found: list[ValueMention] | None = None) -> list[Bound]:
    mentions, years = _mentions(text, s0, s1, found)
    if not mentions:
        return []
    sentence = text[s0:s1]
    out: list[Bound] = []
    prev_group: list[Bound] = []
    consumed: set[int] = set()  # bounds that turned out to be another's baseline
    prev_end = s0
    for group in _lists(text, mentions):
        first = group[0][0]
        last_m, last_sfx = group[-1]
        c0 = _clause_start(text, first.start, s0)
        c1 = _clause_end(text, last_m.end, s1)
        same_clause = bool(prev_group) and prev_group[-1].mention.end > c0
        pre = text[max(c0, prev_end):first.start]
        clause_pre = text[c0:first.start]
        year = _year_before(text, s0, first.start, years)
        year_list = _year_list_before(text, s0, first.start, years)
        if len(year_list) < 2 or year_list[-1] != year:
            year_list = []
        bm = list(BASELINE.finditer(pre))
        base_year = int(bm[-1].group("y")) if bm else _plan_end_baseline(pre)
        per_year = bool(PER_YEAR.search(clause_pre))
        subject = clean_subject(pre)
        subject_from = c0
        if not subject and not same_clause:
            subject = _previous_clause_subject(text, s0, c0)
        respectively = "分别" in clause_pre
        parts: list[str] = []
        if respectively:
            before = clause_pre.split("分别")[0]
            head = clean_subject(before) or (_previous_clause_subject(text, s0, c0) if not same_clause else "")
            parts = _distribute([p for p in (clean_subject(x) for x in SPLIT_PARTS.split(head)) if p])
            if not parts and prev_group and prev_group[0].parts:
                parts = prev_group[0].parts
        arrow = bool(prev_group) and len(group) == 1 and _arrow_side(first, text) == "to" and bool(ARROW.fullmatch(
            text[prev_group[-1].mention.end + len(prev_group[-1].suffix):first.start]))
        from_year = FROM_YEAR.search(clause_pre)
        to_level = TO_LEVEL.search(pre)
        from_value = bool(to_level) and bool(prev_group) and len(prev_group) >= len(group) and bool(
            FROM_VALUE.search(text[_clause_start(text, prev_group[0].mention.start, s0):prev_group[0].mention.start]))
        shared_predicate = ""  # 95%的城市社区和85%的农村社区[建立家长学校…]: shared by the clause's values
        for m2 in reversed([x for x in mentions if c0 <= x.start and x.end <= c1]):
            sfx2 = AFTER_ANY.match(text[m2.end:m2.end + 3])
            after2 = m2.end + (len(sfx2.group(0)) if sfx2 else 0)
            if text[after2:after2 + 1] == "的":
                obj2 = _subject_noun(_object_after(text, after2 + 1, c1))
                shared_predicate = clean_subject(text[after2 + 1 + len(obj2):c1])
                break
        gap_name = _gap_name(pre, prev_group)
        bounds: list[Bound] = []
        for i, (m, suffix) in enumerate(group):
            member_pre = pre if i == 0 else text[group[i - 1][0].end:m.start]
            comp, strict = _comparator(m, suffix, member_pre)
            if comp == "=" and i and bounds[0].comparator in ("<=", ">=", "decrease", "increase"):
                # 控制在3.0‰以下、3.0‰和4.0‰以下: the list shares its words
                comp, strict = bounds[0].comparator, bounds[0].strict
            if comp == "=" and not i and same_clause and not PREDICATE.search(pre) and \
                    prev_group[-1].comparator in ("<=", ">="):
                comp, strict = prev_group[-1].comparator, prev_group[-1].strict  # 至少组织1次A和1次B
            own_obj = ""
            if text[m.end + len(suffix):m.end + len(suffix) + 1] == "的":
                own_obj = _subject_noun(_object_after(text, m.end + len(suffix) + 1, c1))
            if gap_name is not None:
                names = [gap_name or None]
            elif respectively and len(parts) == len(group):
                names = [parts[i]]
            elif respectively and len(parts) == 1:
                names = parts
            elif respectively and not parts and not clean_subject(pre) and (earlier := _last_names(out, len(group))):
                names = [earlier[i]]  # A达到90%，B达到80%；2030年分别达到95%、85%: the earlier indicators in order
            elif own_obj and (reach := _REACHES.search(pre)) and reach.start() > 0:
                # "两癌"免费筛查项目覆盖全县100%的乡镇: the share of places the programme reaches
                names = [pre[:reach.start()].strip(" ，,") + reach.group("verb") + own_obj + "比例"]
            elif own_obj:
                names = [own_obj + shared_predicate]
            elif not i and not clean_subject(pre) and m.unit == "%" and \
                    (population := _population_after(text, m.end + len(suffix), c1)):
                names = [population]  # 50%以上乡镇（街道）拥有…: the share of the places that follow
            elif m.unit in COUNT_UNITS and (not subject or not subject.endswith(SUFFIXES)) and \
                    _object_after(text, m.end + len(suffix), c1):
                # a bare verb left of the value (至少[配备]2名医生) is no part of the indicator's name
                head = subject if subject and not (len(subject) <= 2 and _VERB_ONLY.fullmatch(subject)) else ""
                names = [head + _object_after(text, m.end + len(suffix), c1)]
            else:
                names = [_by_place(n, prev_group) for n in _split_indicators(subject, bool(SHARED.search(clause_pre)))] or [
                    prev_group[min(i, len(prev_group) - 1)].indicator if prev_group else None]
            for name in names:
                b = Bound(mention=m, comparator=comp, indicator=name,
                          per_year=per_year or bool(PER_YEAR_AFTER.match(text[m.end + len(suffix):c1])),
                          target_year=_member_year(year, year_list, i, len(group), respectively, len(parts)),
                          baseline_year=base_year, baseline_value=None, kind="target", evidence=(subject_from, c1),
                          suffix=suffix, pretext=pre,
                          parts=parts if respectively else [], strict=strict)
                if from_year:
                    b.target_year, b.baseline_year = int(from_year.group(1)), None
                if arrow:  # 5.1→4.5: the figure before the arrow is this one's baseline
                    b.baseline_value, b.baseline_year = prev_group[-1].mention.value, prev_group[-1].target_year
                    spans = list(ARROW_YEARS.finditer(text, 0, m.start))  # （2020年→2025年） above the rows
                    if spans:
                        b.baseline_year, b.target_year = int(spans[-1].group(1)), int(spans[-1].group(2))
                    b.indicator = TABLE_UNIT.sub("", prev_group[-1].indicator or "").strip() or None
                    consumed.add(id(prev_group[-1]))
                if from_value:
                    # 从2010年的9.15‰下降到2.84‰: the earlier figure is this one's baseline, not a row of its own
                    b.baseline_value = prev_group[i].mention.value
                    b.baseline_year = prev_group[i].target_year
                    consumed.add(id(prev_group[i]))
                bounds.append(b)
        out.extend(bounds)
        prev_group = bounds
        prev_end = last_m.end + len(last_sfx)
    out = _fold_baseline_asides(text, [b for b in out if id(b) not in consumed and not _defining(text, b, out)])
    for b in out:
        b.kind = _kind(b, sentence, provision_kind, period_start)
    return out


def _last_names(out: list[Bound], n: int) -> list[str] | None:
    """The indicators of the sentence's last n values, when they are n different named ones."""
    names = [b.indicator for b in out[-n:]]
    return names if n > 1 and len(out) >= n and None not in names and len(set(names)) == n else None


def _member_year(year: int | None, year_list: list[int], i: int, n: int, respectively: bool, n_parts: int
                 ) -> int | None:
    """到2025年和2030年…分别达到96%和97%: a 分别-list of values takes a list of years in order; when the
    counts differ, or the 分别 may as well pair the values with indicators, no year rather than a wrong one."""
    if not year_list or not respectively:
        return year
    if n == len(year_list) and n_parts != n:
        return year_list[i]
    return None


# 消除56人以上大班额, 杜绝超过66人的超大班额: a count that says what the eliminated thing is.
DEFINING_BEFORE = regex.compile(rf"(?:{_alt(LEX['defining_before'])})$")
DEFINED_NOUN = regex.compile(r"^(?:(?:及以上|以上|以下)的?|的)\p{Han}")


def _defining(text: str, b: Bound, bounds: list[Bound]) -> bool:
    """A count right after a share of places that have it (50%以上乡镇拥有1家X), or one qualifying the
    noun after it (消除56人以上大班额): part of a definition, not a commitment of its own."""
    if b.mention.unit in PERCENT_UNITS:
        return False
    before = text[b.evidence[0]:b.mention.start]
    if DEFINING_BEFORE.search(before) and not before.endswith("不超过") and \
            DEFINED_NOUN.match(text[b.mention.end:b.mention.end + 5]):
        return True
    shares = [x for x in bounds if x.mention.unit == "%" and x.mention.end <= b.mention.start]
    return bool(shares) and bool(DEFINING_COUNT.match(text[shares[-1].mention.end:b.mention.start]))


# 近视率（2020年为52.7%）每年降低…: a figure in brackets with its year, right before its clause's target
LEADING_ASIDE = regex.compile(r"[（(]\s*((?:19|20)\d\d)\s*年(?:底|末)?(?:为|是|达到|达|的)?\s*$")
ASIDE_CLOSE = regex.compile(r"^\s*(?:左右)?\s*[）)][^，,；;：:。（(]*$")


def _leading_aside(text: str, b: Bound, nxt: Bound) -> bool:
    """Is b a baseline printed in brackets before nxt, the target of the same clause and unit?"""
    unit_fits = nxt.mention.unit == b.mention.unit or (nxt.mention.unit == "个百分点" and b.mention.unit == "%")
    return (b.comparator == "=" and not b.suffix and unit_fits and nxt.baseline_value is None
            and nxt.mention.start > b.mention.end
            and bool(LEADING_ASIDE.search(text, max(0, b.mention.start - 12), b.mention.start))
            and bool(ASIDE_CLOSE.match(text[b.mention.end:nxt.mention.start]))
            and nxt.baseline_year in (None, int(LEADING_ASIDE.search(text, 0, b.mention.start).group(1))))


# 降至3‰以下（2020年为3.6‰）, 分别控制在10%和5%以下（2020年：12.1%、6.2%）: the figures the targets start from
TRAILING_ASIDE = regex.compile(r"^[^，,；;。（()）]{0,6}[（(]\s*((?:19|20)\d\d)\s*年(?:底|末)?(?:为|是|达到|：|:)?\s*$")


def _trailing_aside(text: str, bounds: list[Bound], k: int, out: list[Bound]) -> tuple[int, list[Bound]] | None:
    """(year, the aside's figures) when bounds[k] opens an aside right after the targets before it,
    holding one figure for each of them (in order); else None."""
    if not out or bounds[k].comparator != "=":
        return None
    prev = out[-1]
    m = TRAILING_ASIDE.match(text[prev.mention.end + len(prev.suffix):bounds[k].mention.start])
    if m is None:
        return None
    values = [bounds[k]]
    while k + len(values) < len(bounds) and regex.fullmatch(
            r"\s*[、和及，,]\s*", text[values[-1].mention.end + len(values[-1].suffix):bounds[k + len(values)].mention.start]):
        values.append(bounds[k + len(values)])
    last = values[-1]
    closes = regex.match(r"\s*[）)]", text[last.mention.end + len(last.suffix):])
    targets = out[-len(values):]
    if not closes or len(out) < len(values) or any(t.baseline_value is not None or t.baseline_year is not None
                                                   for t in targets):
        return None
    return int(m.group(1)), values


def _fold_baseline_asides(text: str, bounds: list[Bound]) -> list[Bound]:
    """比2010年提高0个百分点（2010年已经达到100%）: the figure in the aside is the change's baseline value
    (the contract: a baseline printed with its target goes on the target's row), not a row of its own;
    so is an aside printed before the target (近视率（2020年为52.7%）每年降低0.5个百分点)."""
    out: list[Bound] = []
    folded: set[int] = set()
    for k, b in enumerate(bounds):
        if id(b) in folded:
            continue
        aside = _trailing_aside(text, bounds, k, out)
        if aside:
            year, values = aside
            for t, a in zip(out[-len(values):], values):
                t.baseline_year, t.baseline_value = year, a.mention.value
            folded.update(id(a) for a in values)
            continue
        nxt = bounds[k + 1] if k + 1 < len(bounds) else None
        if nxt is not None and _leading_aside(text, b, nxt):
            nxt.baseline_year = int(LEADING_ASIDE.search(text, 0, b.mention.start).group(1))
            nxt.baseline_value = b.mention.value
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.comparator in ("increase", "decrease") and prev.baseline_year and \
                prev.baseline_value is None and b.comparator == "=":
            aside = BASELINE_ASIDE.match(text[prev.mention.end + len(prev.suffix):b.mention.start])
            if aside and int(aside.group(1)) == prev.baseline_year:
                prev.baseline_value = b.mention.value
                continue
        out.append(b)
    return out


def _target_years(text: str, s0: int, pos: int, years: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (position, year) of the sentence's year phrases before pos that are not a baseline
    (以2020年为基数, 比2010年, 由2020年的), nor an earlier item's year after a heading year."""
    out = []
    head = False
    for ypos, y in years:
        if ypos >= pos:
            break
        before = text[max(s0, ypos - 2):ypos]
        after = text[ypos + 4:ypos + 10]
        if regex.search(r"[以比较从由与]$", before) or regex.match(r"年(?:数据|底|末)?(?:为基|的?基础上)", after):
            continue
        if regex.match(r"[^（()）]*[）)]", text[ypos:pos]):  # （2020年为52.7%）: an aside's year, closed before pos
            continue
        if head and _item_year(text, ypos) and regex.search(r"[；;]", text[ypos:pos]):
            continue
        head = head or not _item_year(text, ypos)
        out.append((ypos, y))
    return out


# 到2025年，一是…达到93%，二〇三五年达到96%以上；二是…85%左右: after a year that heads the sentence's
# words (到2025年，), a year inside an item (二〇三五年达到) ends with its item (；). Without a heading
# year, a year said in the first clause carries on (初中三年巩固率2020年达到99.78%…；九年义务教育巩固率达到99.78%).
_HEADING_YEAR = regex.compile(r"[^年，,；;。]{2,6}年(?:底|末|前)?\s*[，,：:]")


def _item_year(text: str, ypos: int) -> bool:
    """Is the year phrase at ypos said inside an item (not followed by the comma of a sentence head)?"""
    return not _HEADING_YEAR.match(text, ypos)


def _plan_end_baseline(pre: str) -> int | None:
    found = list(PLAN_END_BASE.finditer(pre))
    return FIVE_YEAR_PLANS[found[-1].group(1)][1] if found else None


def _year_before(text: str, s0: int, pos: int, years: list[tuple[int, int]]) -> int | None:
    """The year the sentence ties a value to: the nearest year phrase before it that is not a
    baseline (以2020年为基数, 比2010年) or part of a period; "十四五"期末 is 2025."""
    found = _target_years(text, s0, pos, years)
    best = found[-1] if found else None
    f = None
    for m in PLAN_TIME.finditer(text, s0, pos):
        if not regex.search(r"[以比较与从由]\s*$", text[max(s0, m.start() - 2):m.start()]):
            f = (m.start(), FIVE_YEAR_PLANS[m.group(1)][1])
    if f and (best is None or f[0] > best[0]):
        best = f
    return best[1] if best else None


# 2025年和2030年, 2025年、2030年: a list of years (not a period: 2021至2025年)
YEAR_LIST_SEP = regex.compile(r"^\d{4}\s*年?(?:底|末)?\s*(?:[、和及与]|以及)\s*(?:到|至)?\s*$")


def _year_list_before(text: str, s0: int, pos: int, years: list[tuple[int, int]]) -> list[int]:
    """The years of a list (到2025年和2030年) that ends at the year tied to the value at pos; one
    year when there is no list."""
    found = _target_years(text, s0, pos, years)
    if not found:
        return []
    out = [found[-1]]
    for ypos, y in reversed(found[:-1]):
        if not YEAR_LIST_SEP.match(text[ypos:out[0][0]]):
            break
        out.insert(0, (ypos, y))
    return [y for _, y in out]


def _kind(b: Bound, sentence: str, provision_kind: str, period_start: int | None) -> str:
    if b.target_year is not None and period_start is not None and b.target_year < period_start:
        return "achieved"
    if b.target_year is None and provision_kind == "preamble" and not FUTURE.search(sentence):
        return "achieved"  # a 前言 reports what was reached (比例为44.5%) unless it looks ahead
    return "target"


def bind_doc(doc):
    """The spaCy component: reads the provision context from doc.user_data."""
    from extractors.targets.nlp import doc_text
    doc._.targets = bind(doc_text(doc), doc.user_data.get("provision_kind", ""), doc.user_data.get("period_start"),
                         doc._.mentions)
    return doc
