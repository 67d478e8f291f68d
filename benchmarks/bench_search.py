"""Precedent search at scale: index build time, index size and warm query latency.

    .venv/bin/python benchmarks/bench_search.py [--plans 1000] [--seed 5] [--repeat 3] [--db PATH]

Generates --plans plans (deterministic seed) by reshuffling the real provisions of a warehouse
built from corpus/: each generated plan copies the outline of a real plan (its domains and the
kinds and count of provisions in each) and fills every slot with a provision of the same subject,
domain and kind drawn from any real plan, its sentences after the first shuffled and about half
of its numbers changed. The index is built with warehouse.search.build_search (links off: they
pair every provision with every plan, which is for a corpus of tens of plans, not thousands; their
cost is measured separately on smaller generated corpora with --links-plans).

Latency is the wall time of warehouse.search.search(con, query, limit=10) in one warm process
(looking the query's substrings up in search_vocab and cutting it, the SQL, highlighting), each query
run once to warm up and then --repeat times: short queries are 2-6 character phrases, paragraph queries are draft sentences and
paragraphs of 40-200 characters. The 1,000-plan index has no links, so its queries rank by BM25
alone; the same queries are also timed on the largest --links-plans corpus, whose ranking lends
score to the best hits' counterparts (search_neighbours).
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors import search_text  # noqa: E402
from warehouse.db import connect_read  # noqa: E402
from warehouse.search import build_search, search  # noqa: E402
from warehouse.search_eval import load_gold  # noqa: E402
from warehouse.synthetic import provision_pool, write_corpus  # noqa: E402

SHORT = ["婴儿死亡率", "近视率", "溺水", "学生欺凌", "留守儿童", "儿童之家", "托位", "出生缺陷", "宫颈癌", "巩固率",
         "家庭暴力", "健康素养", "体质健康", "贫血", "孤儿", "童工", "心理健康", "安全座椅", "母乳喂养", "性教育",
         "城镇化", "校外培训", "网络游戏", "儿童友好", "女干部", "法律援助", "食品安全", "课后服务", "免疫规划", "兒童福利"]
_NUM = re.compile(r"\d+(?:\.\d+)?")
_SENT = re.compile(r"(?<=[。；])")
_NAMES = "安宁平昌盛泰和兴华永康长清福顺嘉德明远江河山川"


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    f = int(k)
    return xs[f] if f + 1 >= len(xs) else xs[f] + (xs[f + 1] - xs[f]) * (k - f)


def perturb(text: str, rng: random.Random) -> str:
    sents = [s for s in _SENT.split(text) if s]
    if len(sents) > 2:
        rest = sents[1:]
        rng.shuffle(rest)
        sents = [sents[0]] + rest

    def num(m: re.Match) -> str:
        if rng.random() < 0.5:
            return m.group()
        v = float(m.group()) * rng.uniform(0.8, 1.2)
        decimals = len(m.group().split(".")[1]) if "." in m.group() else 0
        return f"{v:.{decimals}f}"

    return _NUM.sub(num, "".join(sents))


def generate(pool: list[dict], n_plans: int, seed: int):
    rng = random.Random(seed)
    templates: dict[str, list[dict]] = {}
    for v in pool:
        templates.setdefault(v["plan_id"], []).append(v)
    slots: dict[tuple, list[dict]] = {}
    for v in pool:
        slots.setdefault((v["subject"], v["domain_code"], v["kind"]), []).append(v)
    plans, domains, provisions = [], [], []
    names = set()
    for i in range(n_plans):
        tpl_id = rng.choice(sorted(templates))
        tpl = templates[tpl_id]
        subject = tpl[0]["subject"]
        plan_id = f"gen{i:04d}-{subject}"
        while True:
            name = "".join(rng.choice(_NAMES) for _ in range(2)) + rng.choice("县市区")
            if name not in names or len(names) > 5000:
                break
        names.add(name)
        plans.append({"plan_id": plan_id, "jurisdiction": name, "jurisdiction_en": None, "subject": subject,
                      "title": f"{name}{'儿童' if subject == 'children' else '妇女'}发展规划（2021-2030年）"})
        seen_domains = set()
        for v in tpl:
            dom_id = None
            if v["domain_ordinal"] is not None:
                dom_id = f"{plan_id}/d{v['domain_ordinal']}"
                if dom_id not in seen_domains:
                    seen_domains.add(dom_id)
                    domains.append({"domain_id": dom_id, "plan_id": plan_id, "ordinal": v["domain_ordinal"],
                                    "title": v["domain_title"], "code": v["domain_code"]})
            src = rng.choice(slots[(subject, v["domain_code"], v["kind"])])
            pid = f"{dom_id}/{v['kind']}/{v['ordinal']}" if dom_id else f"{plan_id}/{v['kind']}/{v['ordinal']}"
            provisions.append({"provision_id": pid, "plan_id": plan_id, "domain_id": dom_id, "kind": v["kind"],
                               "ordinal": v["ordinal"], "heading": src["heading"], "text": perturb(src["text"], rng)})
    return plans, domains, provisions


def paragraph_queries(pool: list[dict], gold: list[dict], seed: int, n: int = 20) -> list[str]:
    rng = random.Random(seed + 1)
    out = [g["query"] for g in gold if len(g["query"]) >= 20]
    sents = [s for v in pool for s in _SENT.split(v["text"]) if 15 <= len(s) <= 90]
    while n > 0:
        k = rng.choice((1, 2, 3))
        q = "".join(rng.sample(sents, k))
        if 40 <= len(q) <= 200:
            out.append(q)
            n -= 1
    return out


def time_queries(con, queries: list[str], repeat: int) -> list[float]:
    times = []
    for q in queries:
        search(con, q, limit=10)  # warm
        for _ in range(repeat):
            t0 = time.perf_counter()
            search(con, q, limit=10)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", type=Path, help="a warehouse built from corpus/ (default: build one)")
    ap.add_argument("--links-plans", default="6,30", help="generated corpus sizes to time provision_links on")
    args = ap.parse_args()
    t0 = time.perf_counter()
    search_text.warm_up()
    print(f"tokenizer start-up (jieba dictionary, OpenCC tables, Cilin thesaurus): {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = args.db
        if src is None:
            from pipeline.steps import build_plain
            src = tmp / "real.duckdb"
            build_plain(ROOT / "corpus", src)
        real = connect_read(src)
        pool = provision_pool(real)
        gold = load_gold(ROOT / "tests" / "gold" / "search_relevance.jsonl")
        paragraphs = paragraph_queries(pool, gold, args.seed)
        real.close()

        plans, domains, provisions = generate(pool, args.plans, args.seed)
        path = tmp / "gen.duckdb"
        con = write_corpus(path, plans, domains, provisions)
        before = mb(path)
        n_chars = sum(len(v["text"]) for v in provisions)
        print(f"generated {len(plans)} plans, {len(provisions)} provisions, {n_chars / 1e6:.1f} M characters "
              f"(seed {args.seed}); warehouse without index {before:.1f} MB")
        t0 = time.perf_counter()
        stats = build_search(con, links=False)
        con.execute("CHECKPOINT")
        build_s = time.perf_counter() - t0
        n_terms, n_postings = con.execute("SELECT count(DISTINCT term), sum(len(doc_ids)) FROM search_terms").fetchall()[0]
        n_vocab = con.execute("SELECT count(*) FROM search_vocab").fetchall()[0][0]
        con.close()
        after = mb(path)
        cache = search_text._clause_terms.cache_info()
        print(f"index build: {build_s:.1f} s (tokenise {stats['tokenise_s']:.1f} s, "
              f"{len(provisions) / stats['tokenise_s']:.0f} provisions/s; write index {stats['index_s']:.1f} s); "
              f"clause cache {cache.hits} hits / {cache.misses} misses")
        print(f"index size: {n_terms} terms, {n_postings} postings, {n_vocab} vocabulary words, {after - before:.1f} MB "
              f"(file {before:.1f} -> {after:.1f} MB)")

        con = connect_read(path)
        short = time_queries(con, SHORT, args.repeat)
        para = time_queries(con, paragraphs, args.repeat)
        con.close()
        for name, xs, qs in (("short", short, SHORT), ("paragraph", para, paragraphs)):
            lens = [len(q) for q in qs]
            print(f"{name:9s} queries: {len(qs)} x {args.repeat} warm runs, {min(lens)}-{max(lens)} chars: "
                  f"median {statistics.median(xs):.1f} ms, p95 {percentile(xs, 0.95):.1f} ms, max {max(xs):.1f} ms")

        links_sizes = [int(x) for x in args.links_plans.split(",") if x.strip()]
        for n in links_sizes:
            p2, d2, v2 = generate(pool, n, args.seed)
            path2 = tmp / f"links{n}.duckdb"
            con = write_corpus(path2, p2, d2, v2)
            search_text._clause_terms.cache_clear()
            t0 = time.perf_counter()
            st = build_search(con)
            total = time.perf_counter() - t0
            con.close()
            print(f"index + provision_links for {n} generated plans ({len(v2)} provisions): {total:.2f} s "
                  f"(tokenise {st['tokenise_s']:.2f}, index {st['index_s']:.2f}, links {st['links_s']:.2f}; "
                  f"{st['links']} links)")
            last = path2
        if links_sizes:
            con = connect_read(last)
            for name, qs in (("short", SHORT), ("paragraph", paragraphs)):
                xs = time_queries(con, qs, args.repeat)
                print(f"{name:9s} queries on the {links_sizes[-1]}-plan corpus with links: median "
                      f"{statistics.median(xs):.1f} ms, p95 {percentile(xs, 0.95):.1f} ms, max {max(xs):.1f} ms")
            con.close()


if __name__ == "__main__":
    main()
