"""Admit writers' draft lexicon entries into extractors/rules/lay_lexicon.json by the lexicon's rules.

    .venv/bin/python benchmarks/admit_lexicon.py --db data/planatlas.duckdb DRAFT.jsonl ... [--write]

Each draft file holds one entry a line ({"topic", "lay", "plan", "with"?, "without"?}), as the writers
of a lexicon pass wrote them (README, Precedent search).
Rules (as the earlier passes): lay and plan non-empty; lay words unique, 2-8 characters, none printed in a
provision; plan words one run of Han characters, each printed in a provision, at most 4 characters unless
the tokenizer's dictionary knows the word; no lay word among the entry's plan words. Lay words already
read to the same plan words by the lexicon are dropped, and so is a lay word (of an entry without `with`)
that the lexicon or a synonym group already reads alone: a search already read gets no second reading.
"""
import argparse
import json
import sys
from pathlib import Path

import duckdb
import regex

ROOT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT_DIR))
from extractors import search_text as S  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("drafts", nargs="+", type=Path)
ap.add_argument("--db", type=Path, required=True, help="a built warehouse: its provisions are the plans' words")
ap.add_argument("--write", action="store_true")
opts = ap.parse_args()
ROOT = ROOT_DIR / "extractors" / "rules" / "lay_lexicon.json"
con = duckdb.connect(str(opts.db), read_only=True)
corpus = [S.normalise(t) for (t,) in con.execute("SELECT text FROM provisions").fetchall()]
printed = lambda w: any(S.normalise(w) in t for t in corpus)
tk = S._jieba()
known = lambda w: w in tk.FREQ and tk.FREQ[w] > 0
HAN = regex.compile(r"\p{Han}+")
existing = {}
for e in S.rules().lexicon:
    for w in e.lay:
        existing.setdefault(S.normalise(w), set()).update(e.plan)

def already_read(w):
    """The lexicon or a synonym group already reads this word alone."""
    q = S.parse_query(w)
    return bool(q.groups or q.readings)


admitted, dropped = [], []
for h in opts.drafts:
    for line in open(h, encoding='utf-8'):
        if not line.strip():
            continue
        e = json.loads(line)
        plan = [p for p in dict.fromkeys(e.get('plan', [])) if HAN.fullmatch(p) and printed(p) and (len(p) <= 4 or known(p))]
        lay = [w for w in dict.fromkeys(e.get('lay', [])) if 2 <= len(w) <= 8 and not printed(w) and w not in plan
               and not set(plan) <= existing.get(S.normalise(w), set())
               and (len(w) > 2 or HAN.fullmatch(w))          # a two-character word is a dictionary word: Han only
               and (e.get('with') or not already_read(w))]   # no second reading for a word already read
        if not plan or not lay:
            dropped.append((h, e.get('topic'), e.get('lay'), e.get('plan')))
            continue
        out = {"topic": e.get('topic', ''), "lay": lay}
        for k in ('with', 'without'):
            if e.get(k):
                out[k] = list(dict.fromkeys(e[k]))
        out["plan"] = plan
        admitted.append(out)
print(len(admitted), 'admitted,', len(dropped), 'dropped')
for d in dropped[:40]:
    print('  dropped', d)
if opts.write:
    text = open(ROOT, encoding='utf-8').read()
    tail = "\n  ]\n}"
    head = text.rstrip()[: text.rstrip().rindex(']')].rstrip()
    body = ''.join(',\n    ' + json.dumps(e, ensure_ascii=False) for e in admitted)
    open(ROOT, 'w', encoding='utf-8').write(head + body + tail + "\n")
    json.load(open(ROOT, encoding='utf-8'))
    print('written')
