"""Each provision's best counterpart in every other plan.

Similarity is the cosine of tf-idf vectors over the search terms (jieba words and character
bigrams), with numbers left out so that the same commitment with other targets still pairs up.
Weights: (1 + ln tf) * ln(1 + N / df), each vector scaled to length 1.

The dot products are computed exactly from the inverted lists with numpy, one plan at a time:
every posting of the plan's provisions is paired with every posting of the same term, and the
products are summed per (provision, other provision) with bincount. The work is the sum over
the plan's postings of their terms' document frequencies (about 4.7 million products for all
six plans here), far less than a dense matrix product over a 10,000-term vocabulary.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extractors.search_text import is_number


@dataclass(frozen=True)
class DocVector:
    provision_id: str
    plan_id: str
    counts: dict  # term -> occurrences (search_text.term_counts)


@dataclass(frozen=True)
class Counterpart:
    provision_id: str
    plan_id: str
    other_provision_id: str
    other_plan_id: str
    score: float


def _postings(docs: list[DocVector]):
    """Postings grouped by term: (doc index, normalised weight) arrays, term offsets and lengths."""
    n = len(docs)
    codes: dict[str, int] = {}
    d_idx, t_idx, tfs = [], [], []
    for i, d in enumerate(docs):
        for t, tf in d.counts.items():
            d_idx.append(i)
            t_idx.append(codes.setdefault(t, len(codes)))
            tfs.append(tf)
    d_idx, t_idx, tfs = np.asarray(d_idx, np.int64), np.asarray(t_idx, np.int64), np.asarray(tfs, np.float64)
    numeric = np.fromiter((is_number(t) for t in codes), dtype=bool, count=len(codes))
    keep = ~numeric[t_idx]
    d_idx, t_idx, tfs = d_idx[keep], t_idx[keep], tfs[keep]
    df = np.bincount(t_idx, minlength=len(codes))
    w = (1 + np.log(tfs)) * np.log(1 + n / df[t_idx])
    norm = np.sqrt(np.bincount(d_idx, weights=w * w, minlength=n))
    w = w / norm[d_idx]
    shared = df[t_idx] >= 2  # a term of one provision is never shared (its weight still counts in norm)
    d_idx, t_idx, w = d_idx[shared], t_idx[shared], w[shared]
    order = np.lexsort((d_idx, t_idx))
    d_idx, t_idx, w = d_idx[order], t_idx[order], w[order]
    _, starts, lengths = np.unique(t_idx, return_index=True, return_counts=True)
    return d_idx, w, starts.astype(np.int64), lengths.astype(np.int64)


def similarity_rows(docs: list[DocVector], rows: list[int]):
    """Cosine similarities of docs[rows] with every doc: a len(rows) x len(docs) array."""
    return _similarity_rows(len(docs), *_postings(docs), rows)


def _similarity_rows(n, doc_idx, weight, starts, lengths, rows):
    out = np.zeros(len(rows) * n, dtype=np.float64)
    if len(doc_idx) == 0 or not rows:
        return out.reshape(len(rows), n)
    local = np.full(n, -1, dtype=np.int64)
    local[np.asarray(rows, dtype=np.int64)] = np.arange(len(rows))
    term_of = np.repeat(np.arange(len(starts)), lengths)       # the term of each posting
    mine = np.nonzero(local[doc_idx] >= 0)[0]                    # postings of the rows' docs
    if len(mine) == 0:
        return out.reshape(len(rows), n)
    span = lengths[term_of[mine]]                                # each pairs with its term's postings
    a = np.repeat(mine, span)
    first = np.repeat(starts[term_of[mine]], span)
    within = np.arange(len(a)) - np.repeat(np.cumsum(span) - span, span)
    b = first + within
    key = local[doc_idx[a]] * n + doc_idx[b]
    out += np.bincount(key, weights=weight[a] * weight[b], minlength=len(rows) * n)
    return out.reshape(len(rows), n)


def best_counterparts(docs: list[DocVector], min_score: float = 0.0) -> list[Counterpart]:
    """For every doc and every other plan, the other plan's most similar doc (score > min_score).

    Ties go to the doc that comes first in `docs`."""
    n = len(docs)
    if n == 0:
        return []
    doc_idx, weight, starts, lengths = _postings(docs)
    plans: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        plans.setdefault(d.plan_id, []).append(i)
    out: list[Counterpart] = []
    for plan_id, rows in plans.items():
        sims = _similarity_rows(n, doc_idx, weight, starts, lengths, rows)
        for other_id, cols in plans.items():
            if other_id != plan_id:
                out.extend(_best(docs, rows, cols, sims[:, cols], plan_id, other_id, min_score))
    return out


def counterparts_involving(docs: list[DocVector], plans: set[str], min_score: float = 0.0) -> list[Counterpart]:
    """The pairs best_counterparts would give that involve `plans`: each of their docs' best
    counterpart in every other plan, and every other doc's best counterpart in them. Only the rows of
    `plans` are multiplied out (cosine is symmetric, so their columns come from the same rows)."""
    n = len(docs)
    by_plan: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_plan.setdefault(d.plan_id, []).append(i)
    mine = [p for p in by_plan if p in plans]
    if n == 0 or not mine:
        return []
    doc_idx, weight, starts, lengths = _postings(docs)
    out: list[Counterpart] = []
    for plan_id in mine:
        rows = by_plan[plan_id]
        sims = _similarity_rows(n, doc_idx, weight, starts, lengths, rows)
        for other_id, cols in by_plan.items():
            if other_id == plan_id:
                continue
            block = sims[:, cols]  # rows: this plan's docs; columns: the other plan's
            out.extend(_best(docs, rows, cols, block, plan_id, other_id, min_score))
            if other_id not in plans:  # the other plan's docs: their best counterpart in this plan
                out.extend(_best(docs, cols, rows, block.T, other_id, plan_id, min_score))
    return out


def _best(docs, rows, cols, block, plan_id, other_id, min_score) -> list[Counterpart]:
    best = block.argmax(axis=1)
    out = []
    for k, row in enumerate(rows):
        score = float(block[k, best[k]])
        if score > min_score:
            out.append(Counterpart(docs[row].provision_id, plan_id, docs[cols[best[k]]].provision_id, other_id,
                                   round(min(score, 1.0), 4)))
    return out
