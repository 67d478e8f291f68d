"""Who a plan belongs to, when no metadata row says: readable ids, English names, province,
parent and administrative level.

Ids and English names come from the jurisdiction's pinyin (pypinyin, with the place-name readings
in rules/place_readings.json where a name is read unlike its characters: 朝阳 is Chaoyang).
Province, parent and level come from what the text prints ("吉林省德惠市"), else from the national
gazetteer of administrative divisions (the adcode table shipped with the `cpca` package), but only
when the name is unique there: two 朝阳区 (Beijing, Changchun) give nothing rather than a guess.
"""
from __future__ import annotations

import csv
import functools
import importlib.metadata
import json
from dataclasses import dataclass
from importlib import resources

import regex

_READINGS: dict[str, list[str]] = json.loads(
    (resources.files("extractors") / "rules" / "place_readings.json").read_text(encoding="utf-8"))["readings"]

# Longest first: 自治县 before 县. (suffix, English word, level when the gazetteer cannot say)
_SUFFIXES = (
    ("特别行政区", "Special Administrative Region", "special administrative region"),
    ("自治区", "Autonomous Region", "autonomous region"),
    ("自治州", "Autonomous Prefecture", "autonomous prefecture"),
    ("自治县", "Autonomous County", "autonomous county"),
    ("自治旗", "Autonomous Banner", "autonomous banner"),
    ("林区", "Forestry District", "forestry district"),
    ("新区", "New Area", "district"),
    ("省", "Province", "province"),
    ("市", "City", "city"),
    ("州", "Prefecture", "prefecture"),
    ("盟", "League", "league"),
    ("县", "County", "county"),
    ("区", "District", "district"),
    ("旗", "Banner", "banner"),
)
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


@dataclass(frozen=True)
class Place:
    """What is known of a jurisdiction; None where neither text nor gazetteer says."""
    name: str            # as printed: 德惠市
    base: str            # without its level word: 德惠
    slug: str            # for ids: dehui
    name_en: str         # Dehui City
    province: str | None
    parent: str | None
    admin_level: str | None


@functools.lru_cache(maxsize=1)
def _ethnic_tail() -> regex.Pattern:
    """The peoples named before 自治县/自治州/自治区 (长阳土家族自治县 -> 长阳, 新疆维吾尔自治区 -> 新疆,
    德宏傣族景颇族自治州 -> 德宏), from cpca's list of the 56 nationalities."""
    path = importlib.metadata.distribution("cpca").locate_file("cpca/resources/56_nations.csv")
    with open(path, encoding="utf-8") as fh:
        names = sorted({ln.strip().removesuffix("族") for ln in fh if ln.strip()}, key=len, reverse=True)
    return regex.compile("(?:(?:" + "|".join(map(regex.escape, names)) + ")族?)+$")


def split_level(name: str) -> tuple[str, str, str, str]:
    """德惠市 -> (德惠, 市, City, city); a name without a level word keeps itself as base."""
    for suffix, en, level in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            if suffix.startswith("自治"):  # 长阳土家族 -> 长阳; 内蒙古 and 鄂温克族 stay (-> 鄂温克)
                stripped = _ethnic_tail().sub("", base)
                base = stripped if len(stripped) >= 2 else base.removesuffix("族")
            if len(base) >= 2:  # 芒市, 沙县 stay whole: the base alone is no name
                return base, suffix, en, level
    return name, "", "", ""


def syllables(base: str) -> list[str]:
    """Pinyin syllables of a place name, place readings first (朝阳 -> chao yang)."""
    from pypinyin import lazy_pinyin  # its phrase dictionary takes ~0.5 s to load: only when an id is made

    out: list[str] = []
    i = run = 0  # base[run:i] is read by pypinyin as one phrase (its phrase dictionary knows 长阳)
    while i < len(base):
        for n in range(min(4, len(base) - i), 0, -1):
            if base[i:i + n] in _READINGS:
                out.extend(lazy_pinyin(base[run:i]) if i > run else [])
                out.extend(_READINGS[base[i:i + n]])
                i = run = i + n
                break
        else:
            i += 1
    out.extend(lazy_pinyin(base[run:]) if run < len(base) else [])
    return [s for s in (regex.sub(r"[^a-z]", "", s.lower().replace("ü", "v")) for s in out) if s]


def slug(name: str) -> str:
    """德惠市 -> dehui (ids are ASCII, lower case, no level word)."""
    base = split_level(name)[0]
    return "".join(syllables(base)) or "plan"


def english_name(name: str) -> str:
    """德惠市 -> Dehui City; 西安市 -> Xi'an City (an apostrophe before a syllable that opens with a vowel)."""
    base, _, en, _ = split_level(name)
    sy = syllables(base)
    word = "".join(("'" + s if i and s[0] in "aoe" else s) for i, s in enumerate(sy))
    word = word[:1].upper() + word[1:]
    return f"{word} {en}".strip() if word else name


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[str]]:
    """name -> adcodes, from the cpca package's national table of administrative divisions."""
    path = importlib.metadata.distribution("cpca").locate_file("cpca/resources/adcodes.csv")
    by_name: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as fh:  # packaged data, read like a rule file
        for row in csv.DictReader(fh):
            by_name.setdefault(row["name"], []).append(row["adcode"])
    return by_name


@functools.lru_cache(maxsize=1)
def _names_by_code() -> dict[str, str]:
    return {code: name for name, codes in _gazetteer().items() for code in codes}


def _level_of(code: str, name: str) -> str:
    province_part, city_part, county_part = code[:2], code[2:4], code[4:6]
    suffix = split_level(name)[1]
    if city_part == "00" and county_part == "00":
        return {"自治区": "autonomous region"}.get(suffix) or (
            "municipality" if name in _MUNICIPALITIES else "province")
    if county_part == "00":
        return {"自治州": "autonomous prefecture", "盟": "league", "市": "prefecture-level city"}.get(suffix, "prefecture")
    return {"市": "county-level city", "自治县": "autonomous county", "自治旗": "autonomous banner",
            "旗": "banner", "林区": "forestry district", "区": "district", "县": "county"}.get(suffix, "county")


def _ancestors(code: str) -> tuple[str | None, str | None]:
    names = _names_by_code()
    province = names.get(code[:2] + "0" * 10)
    parent = names.get(code[:4] + "0" * 8) if code[4:6] != "00" else province
    if parent in (None, "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
        parent = province
    if code[2:6] == "0000":
        return None, None
    return province, parent


def _printed_place(name: str, text: str) -> tuple[str | None, str | None]:
    """The province (and parent) printed right before the name: 吉林省德惠市, 吉林省长春市德惠市."""
    pat = regex.compile(r"(\p{Han}{2,3}?(?:省|自治区)|北京市|天津市|上海市|重庆市)(\p{Han}{2,6}?(?:市|州|盟))?"
                        + regex.escape(name))
    m = pat.search(text)
    return (m.group(1), m.group(2)) if m else (None, None)


def in_gazetteer(name: str) -> bool:
    """Whether the national table of divisions has a division of this exact name (涉县: yes; 各县: no)."""
    return name in _gazetteer()


_PROVINCIAL = ("province", "municipality", "autonomous region", "special administrative region")


def locate(name: str, text: str = "") -> Place:
    """Everything we can say of a jurisdiction from its name and its plan's text."""
    base, _, _, fallback_level = split_level(name)
    codes = _gazetteer().get(name, [])
    province, parent = _printed_place(name, text) if text else (None, None)
    if province:
        codes = [c for c in codes if _names_by_code().get(c[:2] + "0" * 10) == province]
    province_g = parent_g = level = None
    if len(codes) == 1:
        province_g, parent_g = _ancestors(codes[0])
        level = _level_of(codes[0], name)
    if (level or fallback_level) in _PROVINCIAL:
        province_g = province_g or name  # a province's plan: its own province (北京市 and 澜江省 alike)
    return Place(name=name, base=base, slug=slug(name), name_en=english_name(name), province=province or province_g,
                 parent=parent or parent_g or (province if province and fallback_level != "city" else None),
                 admin_level=level or fallback_level or None)
