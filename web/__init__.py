"""The web page: a read-only FastAPI application over a published warehouse (`planatlas ui`).

Layers: web sits over warehouse and extractors and under pipeline (the CLI starts it); it never
imports prefect or pipeline. Every page is rendered on the server from fixed, parameterised
statements (web.reader) through autoescaped Jinja2 templates; no JavaScript is served.
"""
