"""`planatlas generate`: N synthetic plans for benchmarks and tests, written as files with a plans.csv.

SYNTHETIC: each plan copies the outline of a real plan of the corpus (its parts and domains) and
fills every slot with a real provision of the same subject, domain and kind drawn from any corpus
plan, with the jurisdiction renamed to a real county-level place from the national gazetteer and
about half of its quantities changed by up to ±25% (years, ages and item numbers are never touched).
The text is laid out as the genre prints it (title, 前言, 一、 parts, （一） domains, 主要目标 / 策略措施
with numbered items), so the whole pipeline reads it like a published plan. Deterministic for a
seed: the same N and seed give byte-identical files.
"""
from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import random
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.decoding import decode_bytes
from extractors.identity import english_name, split_level
from extractors.identity import slug as place_slug
from extractors.segment import segment_document
from pipeline.sources import UsageError, read_metadata

CN = "一二三四五六七八九十"
SUBJECT_ZH = {"children": "儿童", "women": "妇女"}
PERIODS = ((2021, 2030), (2021, 2025))
# A quantity: a number with a unit that counts or measures (not a year, an age or an item number).
_QUANTITY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=\s*(?:%|％|‰|个百分点|个千分点|名|张|所|家|次|小时|课时|个))")


@dataclass(frozen=True)
class Slot:
    kind: str
    heading: str | None
    text: str


@dataclass(frozen=True)
class Template:
    subject: str
    jurisdiction: str
    preamble: tuple[str, ...]
    principles: tuple[str, ...]
    overall: tuple[str, ...]
    domains: tuple[tuple[str, str | None, int, int], ...]  # title, code, goals, measures
    implementation: tuple[str, ...]
    monitoring: tuple[str, ...]


def _corpus(corpus: Path) -> tuple[list[Template], dict[tuple, list[str]], list[str]]:
    """The real plans' outlines, the pool of provisions by (subject, domain code, kind), and the
    corpus's own place names (replaced in every borrowed text)."""
    metadata, _ = read_metadata([corpus / "plans.csv"])
    by_file = {(r["source_file"], int(r["plan_index"])): r for r in metadata}
    templates, pool, names = [], {}, set()
    for path in sorted(corpus.glob("*.txt")):
        text = decode_bytes(path.read_bytes()).text
        for plan in segment_document(text):
            row = by_file.get((path.name, plan.index))
            subject = row["subject"] if row else plan.inferred.subject
            jurisdiction = row["jurisdiction"] if row else plan.inferred.jurisdiction
            if not subject or not jurisdiction:
                continue
            names.add(jurisdiction)
            prov = plan.provisions
            for v in prov:
                if v.kind in ("goal", "measure") and v.domain_ordinal is not None:
                    code = next(d.code for d in plan.domains if d.ordinal == v.domain_ordinal)
                    pool.setdefault((subject, code, v.kind), []).append(v.text)
            domains = tuple((d.title, d.code, sum(1 for v in prov if v.domain_ordinal == d.ordinal and v.kind == "goal"),
                             sum(1 for v in prov if v.domain_ordinal == d.ordinal and v.kind == "measure"))
                            for d in plan.domains if d.code)
            texts = {k: tuple(v.text for v in prov if v.kind == k)
                     for k in ("preamble", "principle", "overall_goal", "implementation", "monitoring")}
            templates.append(Template(subject, jurisdiction, texts["preamble"], texts["principle"],
                                      texts["overall_goal"], domains, texts["implementation"], texts["monitoring"]))
    if not templates:
        raise UsageError(f"no plan could be read from {corpus} to generate from")
    return templates, pool, sorted(names, key=len, reverse=True)


def _places(rng: random.Random) -> list[tuple[str, str, str]]:
    """Real county-level places: (name, province, parent), shuffled by the seed."""
    path = importlib.metadata.distribution("cpca").locate_file("cpca/resources/adcodes.csv")
    with open(path, encoding="utf-8") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    names = {code: name for code, name in rows}
    places = []
    for code, name in sorted(rows):
        if code[4:6] != "00" and code[6:] == "000000" and name.endswith(("县", "市", "区", "旗")) and len(name) >= 3 \
                and name != "市辖区":
            province = names.get(code[:2] + "0" * 10)
            parent = names.get(code[:4] + "0" * 8) or province
            places.append((name, province, parent if parent not in ("市辖区", "县") else province))
    rng.shuffle(places)
    return places


def _rename(text: str, names: list[str], new: str) -> str:
    base_new = split_level(new)[0]
    for old in names:
        text = text.replace(old, new).replace(split_level(old)[0], base_new)
    return text


def _perturb(text: str, rng: random.Random) -> str:
    def one(m: re.Match) -> str:
        if rng.random() < 0.5:
            return m.group(1)
        value = float(m.group(1)) * rng.uniform(0.75, 1.25)
        decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
        return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))
    return _QUANTITY.sub(one, text)


def _numbered(items: list[str]) -> list[str]:
    return [f"{i}.{t}" for i, t in enumerate(items, 1)]


def plan_text(tpl: Template, pool: dict, names: list[str], place: str, period: tuple[int, int],
              rng: random.Random) -> str:
    a, b = period
    zh = SUBJECT_ZH[tpl.subject]
    fix = lambda t: _perturb(_rename(t, names, place), rng)  # noqa: E731
    lines = [f"{place}{zh}发展规划（{a}—{b}年）", "前言"]
    lines += [fix(t) for t in tpl.preamble] or [f"为促进{place}{zh}事业发展，制定本规划。"]
    lines += ["一、指导思想、基本原则和总体目标", "（一）基本原则"]
    lines += _numbered([fix(t) for t in tpl.principles])
    if tpl.overall:
        lines += ["（二）总体目标"] + [fix(t) for t in tpl.overall]
    lines.append("二、发展领域、主要目标和策略措施")
    for i, (title, code, goals, measures) in enumerate(tpl.domains):
        lines.append(f"（{CN[i]}）{title}")
        for head, kind, n in (("主要目标：", "goal", goals), ("策略措施：", "measure", measures)):
            choices = pool.get((tpl.subject, code, kind), [])
            if n and choices:
                lines.append(head)
                lines += _numbered([fix(rng.choice(choices)) for _ in range(n)])
    lines.append("三、组织实施")
    lines += [f"（{CN[i % 10]}）{fix(t)}" for i, t in enumerate(tpl.implementation)]
    lines.append("四、监测评估")
    lines += [f"（{CN[i % 10]}）{fix(t)}" for i, t in enumerate(tpl.monitoring)]
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int = 0, corpus: Path = Path("corpus")) -> list[dict]:
    """Write n plan files and their plans.csv into `out`; return the metadata rows."""
    if n < 1:
        raise UsageError("N must be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise UsageError(f"{out} is not empty: generate into a new folder")
    rng = random.Random(seed)
    templates, pool, names = _corpus(Path(corpus))
    places = _places(rng)
    by_subject: dict[str, list[Template]] = {}
    for t in templates:
        by_subject.setdefault(t.subject, []).append(t)
    combos = [(s, p) for p in PERIODS for s in ("children", "women") if s in by_subject]
    if n > len(places) * len(combos):
        raise UsageError(f"at most {len(places) * len(combos)} distinct plans can be generated")
    rows, used = [], set()
    for i in range(n):
        # place i mod P; the (subject, period) combination rotates per place, so a place never gets
        # two plans of one subject and period (they would be versions of one plan)
        name, province, parent = places[i % len(places)]
        subject, period = combos[(i // len(places) + i % len(places)) % len(combos)]
        tpl = by_subject[subject][(i // len(combos)) % len(by_subject[subject])]
        text = plan_text(tpl, pool, names, name, period, rng)
        file = f"{i:05d}_{place_slug(name)}_{tpl.subject}.txt"
        raw = text.encode("utf-8")
        (out / file).write_bytes(raw)
        plan_id = f"{place_slug(name)}-{tpl.subject}"
        for candidate in (plan_id, f"{plan_id}-{period[0]}-{period[1]}", f"{place_slug(parent or '')}-{plan_id}",
                          f"{plan_id}-{i}"):
            if candidate not in used:
                plan_id = candidate
                break
        used.add(plan_id)
        rows.append({"plan_id": plan_id, "source_file": file, "source_sha256": hashlib.sha256(raw).hexdigest(),
                     "plan_index": "0", "jurisdiction": name, "jurisdiction_en": english_name(name),
                     "province": province or "", "parent": parent or "", "admin_level": "", "subject": tpl.subject,
                     "title": f"{name}{SUBJECT_ZH[tpl.subject]}发展规划（{period[0]}—{period[1]}年）",
                     "period_start": str(period[0]), "period_end": str(period[1]), "issuer": "",
                     "issue_date": "", "doc_number": ""})
    with open(out / "plans.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    (out / "README.txt").write_text(
        f"SYNTHETIC plans generated by `planatlas generate {n} DIR --seed {seed}`: real provisions of the "
        "corpus recombined under real place names with changed figures. Not published plans.\n", encoding="utf-8")
    return rows
