"""What each page shows, as data for its template and its CSV: computed per request from one
session, cached per warehouse file (pages) or memoised (per-file constants)."""
from __future__ import annotations

import re

from markupsafe import Markup

from extractors import numbers_diff as ND
from extractors import search_text, units
from warehouse import comparison as C
from warehouse import queries as WQ
from warehouse import search as S
from warehouse import search_index
from web import dotplot
from web import labels as L
from web import params as P
from web import plan_page
from web import queries as Q
from web.links import provision_url, target_url
from web.reader import Session
from web.spans import highlight

SEARCH_PLANS = 10  # results for at most this many plans' worth (per_plan each): 30 at the default of 3


def search_limit(params: dict) -> int:
    """How many results a search page asks for: a fixed 30 cut 10 per plan to three plans. (No cap per
    plan counts as the default's.)"""
    return SEARCH_PLANS * (params["per_plan"] or P.PER_PLAN_DEFAULT)
_SENTENCE_END = re.compile(r"[。；！？!?;]")


# ------------------------------------------------------------------ per-file constants

def comparisons(con) -> dict[str, C.IndicatorComparison]:
    """Every indicator with a target, compared (one pass over target_comparison per warehouse file)."""
    return {ic.code: ic for ic in C.compare(con, None, shared_only=False)}


def comparison_rows(con) -> dict[str, dict]:
    return {r["target_id"]: r for r in C.comparison_rows(con).to_dict("records")}


def targets_by_id(con) -> dict[str, Q.TargetRow]:
    return {t.target_id: t for ts in Q.targets_by_provision(con).values() for t in ts}


def short_labels(con) -> dict[str, str]:
    """Chinese plan names for the chart: the jurisdiction, told apart from the other plans in force
    as the comparison's labels are (C.distinguishing: 乐山市市中区（儿童）, 2021-2025)."""
    current = C.plans(con)
    needs = C.distinguishing(current)
    out = {}
    for p in C.plans(con, current=False):
        subject, parent, period = needs.get(p.plan_id, (False, False, False))
        out[p.plan_id] = ((p.parent or "") if parent else "") + p.jurisdiction + \
            (f"（{L.subject(p.subject)}）" if subject else "") + (f" {p.period}" if period and p.period else "")
    return out


def site_info(con) -> dict:
    plans = Q.plans(con)
    info = Q.build_info(con)
    return {"plans": sum(p.is_current for p in plans), "last_run": info.get("last_run", ""),
            "extractor_version": info.get("extractor_version", "")}


MEMOS = (("site", site_info), ("plans", Q.plans), ("filters", Q.filter_options),
         ("targets", Q.targets_by_provision), ("targets_by_id", targets_by_id), ("labels", C.plan_labels),
         ("short_labels", short_labels), ("comparisons", comparisons), ("comparison_rows", comparison_rows),
         ("indicator_index", Q.indicator_index), ("search_facts", S.index_facts))


def warm(s: Session) -> None:
    """What most pages need, computed when a warehouse file is opened."""
    for key, make in MEMOS:
        s.memo(key, make)


def memo(s: Session, key: str):
    return s.memo(key, dict(MEMOS)[key])


# ------------------------------------------------------------------ search

def search_params(query_params, s: Session) -> dict:
    """The search form's values, checked against what the warehouse holds."""
    q = P.text(query_params.get("q"), "q", P.MAX_QUERY)
    opts = memo(s, "filters")
    return {"q": q.strip() if q else "",
            "jurisdiction": P.choice(query_params.get("jurisdiction"), opts.jurisdictions, "jurisdiction"),
            "domain": P.choice(query_params.get("domain"), {c for c, _ in opts.domains}, "domain"),
            "kind": P.choice(query_params.get("kind"), opts.kinds, "kind"),
            "per_plan": P.per_plan(query_params.get("per_plan"))}


def hit_passage(h: S.SearchHit) -> tuple[int, int]:
    """The source span of the hit's sentence with the most matched words; the whole provision when its
    cleaned text is not as long as its source span (offsets into it would not map)."""
    if len(h.text) != h.char_end - h.char_start or not h.highlights:
        return h.char_start, h.char_end
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(h.text):
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(h.text):
        bounds.append((start, len(h.text)))

    def matched(b: tuple[int, int]) -> int:
        return sum(min(e, b[1]) - max(a, b[0]) for a, e in h.highlights if a < b[1] and e > b[0])

    a, b = max(bounds, key=lambda b: (matched(b), -b[0]))
    while a < b and h.text[a].isspace():
        a += 1
    return h.char_start + a, h.char_start + b


def search_results(s: Session, params: dict) -> tuple[list[dict], str | None, tuple]:
    """Hits grouped by plan (the plan of the best hit first), each with its targets; or a message; and
    what was searched besides the query's own words (its readings: 蛀牙 → 龋齿 …)."""
    key = ("search",) + tuple(sorted(params.items()))
    cached = s.generation.cache.get(key)
    if cached is not None:
        return cached
    facts = memo(s, "search_facts")
    parsed = S.parse(s.con, params["q"], facts=facts)
    try:
        hits = S.search(s.con, params["q"], jurisdiction=params["jurisdiction"], domain=params["domain"],
                        kind=params["kind"], limit=search_limit(params), per_plan=params["per_plan"],
                        facts=facts, parsed=parsed)
        message = None
    except S.SearchError:
        hits, message = [], "查询中没有可检索的词（只有标点或虚词）。 The query has no searchable words."
    chips = memo(s, "targets")
    groups: dict[str, dict] = {}
    for h in hits:
        g = groups.setdefault(h.plan_id, {"plan_id": h.plan_id, "jurisdiction": h.jurisdiction,
                                          "title": h.plan_title, "subject": h.subject, "hits": []})
        g["hits"].append({"hit": h, "marked": highlight(h.text, list(h.highlights)),
                          "targets": chips.get(h.provision_id, ()),
                          "url": provision_url(h.plan_id, h.provision_id, hit_passage(h))})
    result = (list(groups.values()), message, S.readings_shown(parsed, hits) if hits else ())
    s.generation.cache.put(key, result)
    return result


SEARCH_CSV_HEADER = ["序号 n", "地区 jurisdiction", "规划 plan", "plan_id", "领域 domain", "类别 kind", "序号 ordinal",
                     "标题 heading", "条款 text", "数值目标 targets", "provision_id", "链接 link"]


def search_csv_rows(groups: list[dict]) -> list[list]:
    out = []
    for g in groups:
        for item in g["hits"]:
            h = item["hit"]
            out.append([len(out) + 1, g["jurisdiction"], g["title"], h.plan_id, h.domain_title, L.kind(h.kind),
                        h.ordinal, h.heading, h.text, "; ".join(f"{t.name} {t.label}" for t in item["targets"]),
                        h.provision_id, item["url"]])
    return out


# ------------------------------------------------------------------ plan

def plan_data(s: Session, plan: Q.PlanInfo, at: tuple[int, int] | None, card) -> plan_page.PlanPage | None:
    """The plan's marked-up text and sidebar (None when its document's text is missing)."""
    key = ("plan", plan.plan_id, at)
    built = s.generation.cache.get(key)
    if built is None:
        document = Q.document_text(s.con, plan.source_sha256)
        if document is None or len(document) < plan.char_end:
            return None
        built = plan_page.build(plan, document, Q.sections(s.con, plan.plan_id), Q.domains(s.con, plan.plan_id),
                                Q.provisions(s.con, plan.plan_id), Q.plan_targets(s.con, plan.plan_id), at, card)
        s.generation.cache.put(key, built)
    return built


# ------------------------------------------------------------------ indicators

def indicator_groups(s: Session, show_all: bool) -> tuple[list, int]:
    entries = memo(s, "indicator_index")
    shown = [e for e in entries if show_all or e.plans_with_target > 0]
    by_domain: dict[str, list] = {}
    for e in shown:
        by_domain.setdefault(e.domain or "", []).append(e)
    return [(d, by_domain[d]) for d in L.sort_domains(by_domain)], len(entries) - len(shown)


def comparison(s: Session, code: str) -> dict:
    """One indicator across jurisdictions: the comparison, its table rows and the chart's panels."""
    code = P.text(code, "code") or ""
    if not Q.indicator_exists(s.con, code):
        raise P.NotFound("没有这个指标 No such indicator.")
    key = ("indicator", code)
    cached = s.generation.cache.get(key)
    if cached is not None:
        return cached
    ic = memo(s, "comparisons").get(code) or C.compare(s.con, [code])[0]
    labels = memo(s, "labels")
    rows = memo(s, "comparison_rows")
    targets = memo(s, "targets_by_id")
    hrefs = {c.target_id: target_url(targets[c.target_id]) for c in ic.cells if c.target_id in targets}
    by_plan: dict[str, list] = {}
    for c in ic.cells:
        by_plan.setdefault(c.plan_id, []).append(c)
    table = [{"plan_id": p, "label": labels.get(p, p), "cells": cs, "rows": [rows.get(c.target_id) for c in cs]}
             for p, cs in by_plan.items()]
    result = {"ic": ic, "labels": labels, "hrefs": hrefs, "table": table,
              "panels": dotplot.panels(ic, memo(s, "short_labels"), hrefs), "legend": dotplot.legend(ic)}
    s.generation.cache.put(key, result)
    return result


# ------------------------------------------------------------------ similar

def similar(s: Session, provision_id: str) -> dict:
    """A provision and its counterparts, each with the same-year diff and the paired targets."""
    provision_id = P.text(provision_id, "provision_id") or ""
    key = ("similar", provision_id)
    cached = s.generation.cache.get(key)
    if cached is not None:
        return cached
    try:
        me = S.provision(s.con, provision_id)
        found = S.links(s.con, provision_id)
    except S.SearchError:
        raise P.NotFound("没有这个条款 No such provision.") from None
    every = memo(s, "targets")
    mine = list(every.get(me.provision_id, ()))
    pairs = []
    for link in found:
        o = link.other
        theirs = list(every.get(o.provision_id, ()))
        pairs.append({"link": link, "other": o,
                      "ops": ND.year_diff(me.text, me.char_start, mine, o.text, o.char_start, theirs),
                      "numbers": ND.number_rows(mine, theirs),
                      "url": provision_url(o.plan_id, o.provision_id, (o.char_start, o.char_end))})
    elsewhere = WQ.same_indicator_elsewhere(s.con, me.provision_id, [p["other"].plan_id for p in pairs],
                                            [p["other"].provision_id for p in pairs])
    for p in pairs:
        p["elsewhere"] = [(e, provision_url(e.plan_id, e.provision_id, (e.char_start, e.char_end)))
                          for e in elsewhere if e.plan_id == p["other"].plan_id]
    plans_in_force = sum(p.is_current for p in memo(s, "plans"))
    result = {"me": me, "pairs": pairs, "my_targets": mine, "plans_in_force": plans_in_force,
              # above LINKS_MAX_PLANS plans a provision is linked to its closest few only (README, Scale)
              "every_plan": plans_in_force <= search_index.LINKS_MAX_PLANS,
              "me_url": provision_url(me.plan_id, me.provision_id, (me.char_start, me.char_end))}
    s.generation.cache.put(key, result)
    return result


def indicator_csv(s: Session, data: dict) -> tuple[list[str], list[list]]:
    """The comparison's tidy rows (as `planatlas compare --format csv`) with what the page shows beside
    each target: the plan's other values for it (另见) and the baseline."""
    rows = C.long_rows([data["ic"]], data["labels"])  # with other values and baselines, as on screen
    header = list(rows[0]) if rows else ["indicator_code"]
    return header, [[units.shown_unit(r[k]) if k == "baseline_unit" and r[k] else r[k] for k in header] for r in rows]


SIMILAR_CSV_HEADER = ["本条 provision_id", "本条地区 jurisdiction", "本条 text", "对方地区 other jurisdiction",
                      "对方规划 other plan", "对方条款 other provision_id", "关系 relation", "relation",
                      "共同指标 shared indicators", "对方条款 other text",
                      "同年份数值差异 numbers that differ or only one side sets (same year)", "链接 link",
                      "数值对照 numbers side by side (as on screen; † no year printed)",
                      "同一指标的其他条款 the same indicator in other provisions of that plan"]


def _shown(ts) -> str:
    return " / ".join(t.display + ("†" if not t.year_stated and t.kind == "target" else "") for t in ts) or "—"


_STATUS = {"same": "相同 same", "differs": "不同 differs", "only_a": "仅本条 only this one", "only_b": "仅对方 only the other"}


def similar_csv_rows(data: dict) -> list[list]:
    me = data["me"]
    rows = []
    for p in data["pairs"]:
        o, link = p["other"], p["link"]
        numbers = "; ".join(f"{r.name} {r.year or ''}: {' / '.join(t.display for t in r.a) or '—'} → "
                            f"{' / '.join(t.display for t in r.b) or '—'}"
                            for r in p["numbers"] if r.status != "same")
        rows.append([me.provision_id, me.jurisdiction, me.text, o.jurisdiction, o.plan_title, o.provision_id,
                     L.RELATIONS.get(link.relation, (link.relation,))[0], link.relation,
                     " | ".join(link.shared_indicators), o.text, numbers, p["url"],
                     "; ".join(f"{r.name} {r.year if r.year is not None else '—'}{' 已达到' if r.kind == 'achieved' else ''}: "
                               f"{_shown(r.a)} | {_shown(r.b)} ({_STATUS[r.status]})" for r in p["numbers"]),
                     "; ".join(f"{e.provision_id} {e.indicator_name} {e.display} ({e.year}{'' if e.year_stated else '†'})"
                               for e, _ in p["elsewhere"])])
    return rows


def card_renderer(env):
    """The popover card of a target value, rendered once per value by the plan page."""
    template = env.get_template("_target_card.html")
    return lambda ts: Markup(template.render(targets=ts, target_url=target_url))
