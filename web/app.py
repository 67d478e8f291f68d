"""The PlanAtlas web page: precedent search, plans with their targets in place, indicator
comparisons and similar provisions, over a published warehouse opened read-only.

    create_app(db_path) -> a FastAPI application (`planatlas ui` serves it with uvicorn)

Every page is a GET with allow-listed parameters; bad parameters get 400, unknown ids 404, and
errors a page without details (the traceback goes to the server's log only).
"""
from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from extractors import search_text
from warehouse import comparison as C
from warehouse import search as S
from warehouse.errors import WarehouseError
from web import csvout, dotplot
from web import labels as L
from web import numbers_diff as ND
from web import plan_page
from web import queries as Q
from web.reader import Session, Warehouse
from web.security import SecurityMiddleware
from web.spans import highlight

log = logging.getLogger("planatlas.web")

MAX_QUERY = 1000            # characters: a long draft paragraph
SEARCH_LIMIT = 30
PER_PLAN_CHOICES = (1, 3, 5, 10)
PER_PLAN_DEFAULT = 3
MAX_ID = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AT = re.compile(r"([0-9]{1,9})-([0-9]{1,9})")


class BadRequest(HTTPException):
    def __init__(self, detail: str):
        super().__init__(400, detail)


class NotFound(HTTPException):
    def __init__(self, detail: str):
        super().__init__(404, detail)


# ------------------------------------------------------------------ templates and links

def _env() -> Environment:
    env = Environment(loader=PackageLoader("web", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(L=L, plan_url=plan_url, similar_url=similar_url, indicator_url=indicator_url,
                       anchor=plan_page.anchor, PER_PLAN_CHOICES=PER_PLAN_CHOICES)
    return env


def plan_url(plan_id: str, at: tuple[int, int] | None = None, fragment: str | None = None) -> str:
    url = "/plan/" + quote(plan_id, safe="")
    if at is not None:
        url += f"?at={at[0]}-{at[1]}"
    return url + ("#" + fragment if fragment else "")


def target_url(t: Q.TargetRow) -> str:
    """The plan page at a target's evidence, scrolled to its value."""
    return plan_url(t.plan_id, (t.evidence_start, t.evidence_end), plan_page.anchor("t", t.target_id))


def similar_url(provision_id: str) -> str:
    return "/similar/" + quote(provision_id, safe="/")


def indicator_url(code: str) -> str:
    return "/indicator/" + quote(code, safe="")


# ------------------------------------------------------------------ parameters

def _text_param(value: str | None, name: str, limit: int = MAX_ID) -> str | None:
    if value is None or value == "":
        return None
    if len(value) > limit:
        raise BadRequest(f"参数 {name} 太长（最多 {limit} 个字符） {name} is too long")
    if _CONTROL.search(value):
        raise BadRequest(f"参数 {name} 含有控制字符 {name} contains control characters")
    return value


def _choice(value: str | None, allowed, name: str) -> str | None:
    value = _text_param(value, name)
    if value is None:
        return None
    if value not in allowed:
        raise BadRequest(f"参数 {name} 的值不在可选范围内 unknown {name}")
    return value


def _per_plan(value: str | None) -> int:
    if value is None or value == "":
        return PER_PLAN_DEFAULT
    if value not in {str(k) for k in PER_PLAN_CHOICES}:
        raise BadRequest("参数 per_plan 只能是 " + "、".join(map(str, PER_PLAN_CHOICES)))
    return int(value)


def _at(value: str | None, plan: Q.PlanInfo) -> tuple[int, int] | None:
    if value is None or value == "":
        return None
    m = _AT.fullmatch(value)
    if not m:
        raise BadRequest("参数 at 应为 起点-终点 的字符位置 at must be START-END")
    a, b = int(m.group(1)), int(m.group(2))
    if not (plan.char_start <= a < b <= plan.char_end):
        raise BadRequest("参数 at 超出本规划的文本范围 at is outside the plan's text")
    return a, b


# ------------------------------------------------------------------ the application

def create_app(db: Path | str, cache_size: int = 256) -> FastAPI:
    search_text.warm_up()  # jieba's dictionary, OpenCC and the thesaurus: once, before the first search
    warehouse = Warehouse(db, cache_size=cache_size, warm=_warm)
    env = _env()
    app = FastAPI(title="PlanAtlas", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.warehouse = warehouse
    app.add_middleware(SecurityMiddleware, error_page=lambda: env.get_template("error.html").render(
        status=500, message="服务器内部错误，请稍后再试。 Something went wrong on our side.", info=None))

    def page(name: str, s: Session | None = None, status: int = 200, **ctx) -> HTMLResponse:
        info = s.memo("site", _site_info) if s is not None else None
        return HTMLResponse(env.get_template(name).render(info=info, **ctx), status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        message = exc.detail if exc.status_code in (400, 404) else "请求无法完成 The request cannot be served."
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = "没有这个页面 No such page."
        return HTMLResponse(env.get_template("error.html").render(status=exc.status_code, message=message, info=None),
                            status_code=exc.status_code)

    @app.exception_handler(WarehouseError)
    async def warehouse_error(request: Request, exc: WarehouseError):
        log.error("warehouse unavailable: %s", exc)
        return HTMLResponse(env.get_template("error.html").render(
            status=503, message="规划仓库暂时无法打开，请稍后再试。 The warehouse cannot be opened just now.", info=None),
            status_code=503)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return HTMLResponse(env.get_template("error.html").render(status=400, message="参数有误 Bad parameters.",
                                                                  info=None), status_code=400)

    static = {name: (resources.files("web") / "static" / name).read_bytes()
              for name in ("style.css", "favicon.svg")}
    static_types = {"style.css": "text/css; charset=utf-8", "favicon.svg": "image/svg+xml"}

    @app.get("/static/{name}")
    def static_file(name: str):
        if name not in static:
            raise NotFound("没有这个文件 No such file.")
        return Response(static[name], media_type=static_types[name], headers={"Cache-Control": "max-age=3600"})

    @app.get("/favicon.ico")
    def favicon():
        return Response(static["favicon.svg"], media_type="image/svg+xml")

    @app.get("/healthz")
    def healthz():
        with warehouse.session() as s:
            n = s.memo("plans", Q.plans)
        return PlainTextResponse(f"ok generation={warehouse.generation} plans={len(n)}")

    # ---------------------------------------------------------------- search

    def search_params(request: Request) -> dict:
        p = request.query_params
        q = _text_param(p.get("q"), "q", MAX_QUERY)
        return {"q": q.strip() if q else "", "jurisdiction": p.get("jurisdiction") or None,
                "domain": p.get("domain") or None, "kind": p.get("kind") or None,
                "per_plan": _per_plan(p.get("per_plan"))}

    def checked(s: Session, params: dict) -> dict:
        opts = s.memo("filters", Q.filter_options)
        return {**params,
                "jurisdiction": _choice(params["jurisdiction"], opts.jurisdictions, "jurisdiction"),
                "domain": _choice(params["domain"], {c for c, _ in opts.domains}, "domain"),
                "kind": _choice(params["kind"], opts.kinds, "kind")}

    def run_search(s: Session, params: dict) -> tuple[list[dict], str | None]:
        """Hits grouped by plan (best plan first), each with its targets; or a message."""
        key = ("search",) + tuple(sorted(params.items()))
        cached = s.generation.cache.get(key)
        if cached is not None:
            return cached
        try:
            hits = S.search(s.con, params["q"], jurisdiction=params["jurisdiction"], domain=params["domain"],
                            kind=params["kind"], limit=SEARCH_LIMIT, per_plan=params["per_plan"])
            message = None
        except S.SearchError:
            hits, message = [], "查询中没有可检索的词（只有标点或虚词）。 The query has no searchable words."
        chips = s.memo("targets", Q.targets_by_provision)
        groups: dict[str, dict] = {}
        for h in hits:
            g = groups.setdefault(h.plan_id, {"plan_id": h.plan_id, "jurisdiction": h.jurisdiction,
                                              "title": h.plan_title, "subject": h.subject, "hits": []})
            g["hits"].append({"hit": h, "marked": highlight(h.text, list(h.highlights)),
                              "targets": chips.get(h.provision_id, ()),
                              "url": plan_url(h.plan_id, hit_passage(h), plan_page.anchor("prov", h.provision_id))})
        result = (list(groups.values()), message)
        s.generation.cache.put(key, result)
        return result

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request):
        params = search_params(request)
        with warehouse.session() as s:
            params = checked(s, params)
            groups, message = run_search(s, params) if params["q"] else ([], None)
            opts = s.memo("filters", Q.filter_options)
            query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
            return page("search.html", s, params=params, groups=groups, message=message, options=opts,
                        n_hits=sum(len(g["hits"]) for g in groups), csv_url="/search.csv?" + query,
                        plans=s.memo("plans", Q.plans) if not params["q"] else [])

    @app.get("/search.csv")
    def search_csv(request: Request):
        params = search_params(request)
        if not params["q"]:
            raise BadRequest("缺少检索词 q. The parameter q is required.")
        with warehouse.session() as s:
            groups, _ = run_search(s, checked(s, params))
        rows = [[i, g["jurisdiction"], g["title"], h["hit"].plan_id, h["hit"].domain_title,
                 L.kind(h["hit"].kind), h["hit"].ordinal, h["hit"].heading, h["hit"].text,
                 "; ".join(f"{t.name} {t.label}" for t in h["targets"]), h["hit"].provision_id, h["url"]]
                for i, (g, h) in enumerate(((g, h) for g in groups for h in g["hits"]), 1)]
        return csvout.csv_response("planatlas-search.csv", [
            "序号 n", "地区 jurisdiction", "规划 plan", "plan_id", "领域 domain", "类别 kind", "序号 ordinal",
            "标题 heading", "条款 text", "数值目标 targets", "provision_id", "链接 link"], rows)

    # ---------------------------------------------------------------- plan

    def target_card(ts: list[Q.TargetRow]) -> Markup:
        return Markup(env.get_template("_target_card.html").render(targets=ts, target_url=target_url))

    @app.get("/plan/{plan_id}", response_class=HTMLResponse)
    def plan_view(plan_id: str, request: Request):
        plan_id = _text_param(plan_id, "plan_id") or ""
        with warehouse.session() as s:
            plan = Q.plan(s.con, plan_id)
            if plan is None:
                raise NotFound("没有这个规划 No such plan.")
            at = _at(request.query_params.get("at"), plan)
            key = ("plan", plan_id, at)
            built = s.generation.cache.get(key)
            if built is None:
                document = Q.document_text(s.con, plan.source_sha256)
                if document is None or len(document) < plan.char_end:
                    raise NotFound("这个规划的原文不在仓库中 The plan's text is not in the warehouse.")
                built = plan_page.build(plan, document, Q.sections(s.con, plan_id), Q.domains(s.con, plan_id),
                                        Q.provisions(s.con, plan_id), Q.plan_targets(s.con, plan_id), at,
                                        target_card)
                s.generation.cache.put(key, built)
            return page("plan.html", s, plan=plan, built=built, target_url=target_url)

    # ---------------------------------------------------------------- indicators

    @app.get("/indicators", response_class=HTMLResponse)
    def indicators(request: Request):
        show_all = request.query_params.get("all", "") == "1"
        with warehouse.session() as s:
            entries = s.memo("indicator_index", Q.indicator_index)
            shown = [e for e in entries if show_all or e.plans_with_target > 0]
            by_domain: dict[str, list] = {}
            for e in shown:
                by_domain.setdefault(e.domain or "", []).append(e)
            order = L.sort_domains(by_domain)
            return page("indicators.html", s, groups=[(d, by_domain[d]) for d in order], show_all=show_all,
                        hidden=len(entries) - len(shown))

    def comparison(s: Session, code: str) -> dict:
        code = _text_param(code, "code") or ""
        if not Q.indicator_exists(s.con, code):
            raise NotFound("没有这个指标 No such indicator.")
        key = ("indicator", code)
        cached = s.generation.cache.get(key)
        if cached is not None:
            return cached
        ic = s.memo("comparisons", _comparisons).get(code) or C.compare(s.con, [code])[0]
        labels = s.memo("labels", C.plan_labels)
        rows = s.memo("comparison_rows", _comparison_rows)
        targets = s.memo("targets_by_id", _targets_by_id)
        hrefs = {c.target_id: target_url(targets[c.target_id]) for c in ic.cells if c.target_id in targets}
        by_plan: dict[str, list] = {}
        for c in ic.cells:
            by_plan.setdefault(c.plan_id, []).append(c)
        table = [{"plan_id": p, "label": labels.get(p, p), "cells": cs, "ambition": ic.ambition(p),
                  "rows": [rows.get(c.target_id) for c in cs]} for p, cs in by_plan.items()]
        result = {"ic": ic, "labels": labels, "hrefs": hrefs, "table": table,
                  "panels": dotplot.panels(ic, s.memo("short_labels", _short_labels), hrefs),
                  "legend": dotplot.legend(ic)}
        s.generation.cache.put(key, result)
        return result

    @app.get("/indicator/{code}", response_class=HTMLResponse)
    def indicator(code: str):
        with warehouse.session() as s:
            data = comparison(s, code)
            return page("indicator.html", s, csv_url="/indicator.csv?" + urlencode({"code": code}),
                        width=dotplot.WIDTH, label_w=dotplot.LABEL_W, **data)

    @app.get("/indicator.csv")
    def indicator_csv(request: Request):
        code = _text_param(request.query_params.get("code"), "code")
        if code is None:
            raise BadRequest("缺少参数 code. The parameter code is required.")
        with warehouse.session() as s:
            data = comparison(s, code)
        long = C.long_rows([data["ic"]], data["labels"])
        header = list(long[0]) if long else ["indicator_code"]
        return csvout.csv_response(f"planatlas-{code}.csv", header, [[r[k] for k in header] for r in long])

    # ---------------------------------------------------------------- similar

    def similar_data(s: Session, provision_id: str) -> dict:
        provision_id = _text_param(provision_id, "provision_id") or ""
        key = ("similar", provision_id)
        cached = s.generation.cache.get(key)
        if cached is not None:
            return cached
        try:
            me = S.provision(s.con, provision_id)
            found = S.links(s.con, provision_id)
        except S.SearchError:
            raise NotFound("没有这个条款 No such provision.") from None
        every = s.memo("targets", Q.targets_by_provision)
        targets = {p: list(every.get(p, ())) for p in [provision_id] + [k.other.provision_id for k in found]}
        pairs = []
        for link in found:
            o = link.other
            pairs.append({"link": link, "other": o,
                          "ops": ND.year_diff(me.text, me.char_start, targets[me.provision_id],
                                              o.text, o.char_start, targets[o.provision_id]),
                          "numbers": ND.number_rows(targets[me.provision_id], targets[o.provision_id]),
                          "url": plan_url(o.plan_id, (o.char_start, o.char_end),
                                          plan_page.anchor("prov", o.provision_id))})
        result = {"me": me, "pairs": pairs, "my_targets": targets[me.provision_id],
                  "me_url": plan_url(me.plan_id, (me.char_start, me.char_end),
                                     plan_page.anchor("prov", me.provision_id))}
        s.generation.cache.put(key, result)
        return result

    @app.get("/similar/{provision_id:path}", response_class=HTMLResponse)
    def similar(provision_id: str):
        with warehouse.session() as s:
            data = similar_data(s, provision_id)
            return page("similar.html", s, csv_url="/similar.csv?" + urlencode({"id": provision_id}), **data)

    @app.get("/similar.csv")
    def similar_csv(request: Request):
        pid = _text_param(request.query_params.get("id"), "id")
        if pid is None:
            raise BadRequest("缺少参数 id. The parameter id is required.")
        with warehouse.session() as s:
            data = similar_data(s, pid)
        me = data["me"]
        rows = []
        for p in data["pairs"]:
            o, link = p["other"], p["link"]
            numbers = "; ".join(
                f"{r.name} {r.year or ''}: {' / '.join(t.display for t in r.a) or '—'} → "
                f"{' / '.join(t.display for t in r.b) or '—'}" for r in p["numbers"] if r.status != "same")
            rows.append([me.provision_id, me.jurisdiction, me.text, o.jurisdiction, o.plan_title, o.provision_id,
                         L.RELATIONS.get(link.relation, (link.relation,))[0], link.relation,
                         " | ".join(link.shared_indicators), o.text, numbers, p["url"]])
        return csvout.csv_response("planatlas-similar.csv", [
            "本条 provision_id", "本条地区 jurisdiction", "本条 text", "对方地区 other jurisdiction",
            "对方规划 other plan", "对方条款 other provision_id", "关系 relation", "relation",
            "共同指标 shared indicators", "对方条款 other text", "同年份数值差异 number changes (same year)",
            "链接 link"], rows)

    return app


_SENTENCE_END = re.compile(r"[。；！？!?;]")


def hit_passage(h) -> tuple[int, int]:
    """The source span of the sentence of a hit with the most matched words; the whole provision when
    its cleaned text is not the same length as its source span (offsets would not map)."""
    if len(h.text) != h.char_end - h.char_start or not h.highlights:
        return h.char_start, h.char_end
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(h.text):
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(h.text):
        bounds.append((start, len(h.text)))
    best = max(bounds, key=lambda b: (sum(min(e, b[1]) - max(a, b[0]) for a, e in h.highlights
                                          if a < b[1] and e > b[0]), -b[0]))
    a, b = best
    while a < b and h.text[a].isspace():
        a += 1
    return h.char_start + a, h.char_start + b


def _comparisons(con) -> dict[str, C.IndicatorComparison]:
    """Every indicator with a target, compared (one pass over target_comparison per warehouse file)."""
    return {ic.code: ic for ic in C.compare(con, None, shared_only=False)}


def _comparison_rows(con) -> dict[str, dict]:
    return {r["target_id"]: r for r in C.comparison_rows(con).to_dict("records")}


def _targets_by_id(con) -> dict[str, Q.TargetRow]:
    return {t.target_id: t for ts in Q.targets_by_provision(con).values() for t in ts}


def _warm(s: Session) -> None:
    """What most pages need, computed when a warehouse file is opened."""
    for key, make in (("site", _site_info), ("plans", Q.plans), ("filters", Q.filter_options),
                      ("targets", Q.targets_by_provision), ("targets_by_id", _targets_by_id),
                      ("labels", C.plan_labels), ("short_labels", _short_labels),
                      ("comparisons", _comparisons), ("comparison_rows", _comparison_rows)):
        s.memo(key, make)


def _short_labels(con) -> dict[str, str]:
    """Chinese plan names for the chart: the jurisdiction, with the subject where it has two plans."""
    plans = Q.plans(con)
    counts: dict[str, int] = {}
    for p in plans:
        counts[p.jurisdiction] = counts.get(p.jurisdiction, 0) + 1
    return {p.plan_id: p.jurisdiction + (f"（{L.subject(p.subject)}）" if counts[p.jurisdiction] > 1 else "")
            for p in plans}


def _site_info(con) -> dict:
    plans = Q.plans(con)
    info = Q.build_info(con)
    return {"plans": sum(p.is_current for p in plans), "last_run": info.get("last_run", ""),
            "extractor_version": info.get("extractor_version", "")}

