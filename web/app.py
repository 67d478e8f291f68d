"""The PlanAtlas web page: precedent search, plans with their targets in place, indicator
comparisons and similar provisions, over a published warehouse opened read-only.

    create_app(db_path) -> a FastAPI application (`planatlas ui` serves it with uvicorn)

Every page is a GET with allow-listed parameters (web.params); bad parameters get 400, unknown ids
404, and errors a page without details (the traceback goes to the server's log only). What each page
shows is computed in web.pages; this module maps addresses to it.
"""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from extractors import search_text, units
from warehouse.errors import WarehouseError
from web import csvout, dotplot, links, pages
from web import labels as L
from web import params as P
from web import queries as Q
from web.plan_page import anchor
from web.reader import Session, Warehouse
from web.security import SecurityMiddleware

log = logging.getLogger("planatlas.web")
STATIC = {"style.css": "text/css; charset=utf-8", "favicon.svg": "image/svg+xml"}


def _base(request) -> str:
    """http://host:port of the request, for absolute links in downloads."""
    return str(request.base_url).rstrip("/")


def _env() -> Environment:
    env = Environment(loader=PackageLoader("web", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(L=L, plan_url=links.plan_url, similar_url=links.similar_url,
                       indicator_url=links.indicator_url, target_url=links.target_url, anchor=anchor,
                       PER_PLAN_CHOICES=P.PER_PLAN_CHOICES)
    env.filters["unit"] = units.shown_unit
    return env


def create_app(db: Path | str, cache_size: int = 256) -> FastAPI:
    search_text.warm_up()  # jieba's dictionary, OpenCC and the thesaurus: once, before the first search
    warehouse = Warehouse(db, cache_size=cache_size, warm=pages.warm)
    env = _env()
    card = pages.card_renderer(env)
    app = FastAPI(title="PlanAtlas", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.warehouse = warehouse

    def error_page(status: int, message: str) -> HTMLResponse:
        return HTMLResponse(env.get_template("error.html").render(status=status, message=message, info=None),
                            status_code=status)

    app.add_middleware(SecurityMiddleware, error_page=lambda: env.get_template("error.html").render(
        status=500, message="服务器内部错误，请稍后再试。 Something went wrong on our side.", info=None))

    def page(name: str, s: Session, **ctx) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(info=pages.memo(s, "site"), **ctx))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404 and exc.detail == "Not Found":
            return error_page(404, "没有这个页面 No such page.")
        if exc.status_code in (400, 404):
            return error_page(exc.status_code, exc.detail)
        return error_page(exc.status_code, "请求无法完成 The request cannot be served.")

    @app.exception_handler(WarehouseError)
    async def warehouse_error(request: Request, exc: WarehouseError):
        log.error("warehouse unavailable: %s", exc)
        return error_page(503, "规划仓库暂时无法打开，请稍后再试。 The warehouse cannot be opened just now.")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error_page(400, "参数有误 Bad parameters.")

    static = {name: (resources.files("web") / "static" / name).read_bytes() for name in STATIC}

    @app.get("/static/{name}")
    def static_file(name: str):
        if name not in static:  # only the files above: nothing is read from disk per request
            raise P.NotFound("没有这个文件 No such file.")
        return Response(static[name], media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})

    @app.get("/favicon.ico")
    def favicon():
        return Response(static["favicon.svg"], media_type=STATIC["favicon.svg"])

    @app.get("/healthz")
    def healthz():
        with warehouse.session() as s:
            n = len(pages.memo(s, "plans"))
        return PlainTextResponse(f"ok generation={warehouse.generation} plans={n}")

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request):
        with warehouse.session() as s:
            params = pages.search_params(request.query_params, s)
            groups, message, readings = pages.search_results(s, params) if params["q"] else ([], None, ())
            query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
            return page("search.html", s, params=params, groups=groups, message=message, readings=readings,
                        options=pages.memo(s, "filters"), n_hits=(n := sum(len(g["hits"]) for g in groups)),
                        cut=n >= pages.search_limit(params),
                        csv_url="/search.csv?" + query, plans=[] if params["q"] else pages.memo(s, "plans"))

    @app.get("/search.csv")
    def search_csv(request: Request):
        with warehouse.session() as s:
            params = pages.search_params(request.query_params, s)
            if not params["q"]:
                raise P.BadRequest("缺少检索词 q. The parameter q is required.")
            groups, _, _ = pages.search_results(s, params)
        return csvout.csv_response("planatlas-search.csv", pages.SEARCH_CSV_HEADER, pages.search_csv_rows(groups),
                                   base=_base(request))

    @app.get("/plan/{plan_id}", response_class=HTMLResponse)
    def plan_view(plan_id: str, request: Request):
        with warehouse.session() as s:
            plan = Q.plan(s.con, P.text(plan_id, "plan_id") or "")
            if plan is None:
                raise P.NotFound("没有这个规划 No such plan.")
            built = pages.plan_data(s, plan, P.passage(request.query_params.get("at"), plan), card)
            if built is None:
                raise P.NotFound("这个规划的原文不在仓库中 The plan's text is not in the warehouse.")
            return page("plan.html", s, plan=plan, built=built)

    @app.get("/indicators", response_class=HTMLResponse)
    def indicators(request: Request):
        show_all = request.query_params.get("all", "") == "1"
        with warehouse.session() as s:
            groups, hidden = pages.indicator_groups(s, show_all)
            return page("indicators.html", s, groups=groups, show_all=show_all, hidden=hidden)

    @app.get("/indicator/{code}", response_class=HTMLResponse)
    def indicator(code: str):
        with warehouse.session() as s:
            return page("indicator.html", s, csv_url="/indicator.csv?" + urlencode({"code": code}),
                        width=dotplot.WIDTH, label_w=dotplot.LABEL_W, **pages.comparison(s, code))

    @app.get("/indicator.csv")
    def indicator_csv(request: Request):
        code = P.text(request.query_params.get("code"), "code")
        if code is None:
            raise P.BadRequest("缺少参数 code. The parameter code is required.")
        with warehouse.session() as s:
            data = pages.comparison(s, code)
            header, rows = pages.indicator_csv(s, data)
        return csvout.csv_response(f"planatlas-{code}.csv", header, rows, base=_base(request))

    @app.get("/similar/{provision_id:path}", response_class=HTMLResponse)
    def similar(provision_id: str):
        with warehouse.session() as s:
            return page("similar.html", s, csv_url="/similar.csv?" + urlencode({"id": provision_id}),
                        **pages.similar(s, provision_id))

    @app.get("/similar.csv")
    def similar_csv(request: Request):
        pid = P.text(request.query_params.get("id"), "id")
        if pid is None:
            raise P.BadRequest("缺少参数 id. The parameter id is required.")
        with warehouse.session() as s:
            data = pages.similar(s, pid)
        return csvout.csv_response("planatlas-similar.csv", pages.SIMILAR_CSV_HEADER, pages.similar_csv_rows(data),
                                   base=_base(request))

    return app
