"""Building the precedent-search index and provision_links: in full, or incrementally per run.

The index is a token table in segments: search_terms holds one row per (term, segment) with the
postings of the segment's documents (doc ids, BM25 saturated term frequencies, raw frequencies). A
full build writes one segment; a run that adds plans writes one more segment with just their
provisions (tokenising nothing else), and superseded plans' provisions are marked not current in
search_docs (filtered out when ranking). idf is computed when a query runs, from the document
frequencies summed over segments, so adding a segment never rewrites the others. When there are
more than SEGMENT_LIMIT segments they are merged into one and superseded provisions dropped.

provision_links: for every current provision, its best counterpart in each other current plan
(extractors.alignment). A run that adds plans computes only the pairs that involve them (the new
plans' provisions against all others, and everyone's best counterpart in the new plans), from the
stored term frequencies; links of superseded plans are removed.
"""
from __future__ import annotations

import time

import duckdb
import pyarrow as pa

from extractors import search_text
from extractors.alignment import DocVector, best_counterparts, counterparts_involving
from extractors.diffing import comparable_targets, indicator_codes, relation_of, target_agreement, wording_similarity
from warehouse import search_champions
from warehouse.link_candidates import TARGET_YEARS_SQL, link_at_scale, wording_sql

K1 = 1.2
B = 0.75
SEGMENT_LIMIT = 8
# provision_links pair every current provision with the best of every other plan: exact, and
# affordable for tens of plans. Above this many plans they come from candidate wordings
# (warehouse.link_candidates), in time linear in the corpus.
LINKS_MAX_PLANS = 60
SEARCH_TABLES = ("search_neighbours", "provision_links", "search_terms", "search_info", "search_docs",
                 "search_champions", "search_codes")


# Provisions per segment in a full build: bounds the memory of one segment's aggregation.
SEGMENT_DOCS = 100_000


def build_search(con: duckdb.DuckDBPyConnection, links: bool = True, postings: str | None = None) -> dict[str, float]:
    """(Re)build the index and provision_links over the current plans' provisions, in one transaction
    (superseded versions stay queryable in SQL but are not searched). `postings` names a relation of
    (provision_id, term, tf) staged by the extraction (warehouse.staging); without it the provisions
    are tokenised here."""
    t0 = time.perf_counter()
    vocab = _vocab_info(con)
    con.execute("BEGIN")
    try:
        for table in SEARCH_TABLES:
            con.execute(f"DELETE FROM {table}")
        plans = [r[0] for r in con.execute("SELECT plan_id FROM plans WHERE is_current ORDER BY plan_id").fetchall()]
        with _postings_of(con, plans, postings) as rel:
            n = _add_docs(con, plans, rel, first_id=0)
            avgdl = _avgdl(con)
            _set_info(con, {"tokenizer_version": search_text.TOKENIZER_VERSION, "k1": str(K1), "b": str(B),
                            "n_docs": str(n), "avg_doc_terms": f"{avgdl:.4f}", "neighbours": "0"})
            segments = _write_segments(con, rel, 0, avgdl)
        if postings is not None:  # the run's postings are in the segments now: free them
            con.execute(f"DROP TABLE IF EXISTS {postings}")
        search_champions.rebuild_champions(con)
        _write_codes(con)
        _set_info(con, {"segments": str(segments), "next_segment": str(segments), "base_segments": str(segments),
                        "champions": str(search_champions.CHAMPIONS), "codes": "1"})
        _write_vocab(con, vocab)
        t_idx = time.perf_counter()
        n_links = _link(con, set(plans), full=True) if links else 0
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    t_end = time.perf_counter()
    return {"docs": n, "links": n_links, "index_s": t_idx - t0, "links_s": t_end - t_idx}


def update_search(con: duckdb.DuckDBPyConnection, added: list[str], superseded: list[str],
                  links: bool = True, postings: str | None = None) -> dict[str, float]:
    """Add the provisions of the `added` plans as a new segment and retire those of `superseded`."""
    t0 = time.perf_counter()
    vocab = _vocab_info(con)
    con.execute("BEGIN")
    try:
        _retire(con, superseded)
        _write_vocab(con, vocab)
        info = dict(con.execute("SELECT key, value FROM search_info").fetchall())
        first = con.execute("SELECT coalesce(max(doc_id) + 1, 0) FROM search_docs").fetchall()[0][0]
        segment = int(info.get("next_segment", "1"))
        with _postings_of(con, added, postings) as rel:
            n = _add_docs(con, added, rel, first_id=first)
            avgdl = _avgdl(con)
            written = _write_segments(con, rel, segment, avgdl, first_id=first) if n else 0
        if written:
            search_champions.add_segments(con, segment)
            _set_info(con, {"champions": str(search_champions.CHAMPIONS)})
        _write_codes(con)
        _set_info(con, {"codes": "1"})
        segments = int(info.get("segments", "1")) + written
        _set_info(con, {"n_docs": str(int(info.get("n_docs", "0")) + n), "avg_doc_terms": f"{avgdl:.4f}",
                        "segments": str(segments), "next_segment": str(segment + written)})
        base = int(info.get("base_segments", "1"))
        if segments - base > SEGMENT_LIMIT:
            merge_segments(con, first_segment=base)
        n_links = _link(con, set(added), full=False) if links and added else 0
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return {"docs": n, "links": n_links, "seconds": time.perf_counter() - t0}


def _linkable(con) -> bool:
    return con.execute("SELECT count(DISTINCT plan_id) FROM search_docs WHERE is_current").fetchall()[0][0] \
        <= LINKS_MAX_PLANS


class _postings_of:
    """The (provision_id, term, tf) of the given plans' provisions: the staged relation when there is
    one, else the provisions tokenised here (a registered Arrow table), for the `with` block."""

    def __init__(self, con, plans: list[str], staged: str | None):
        self.con, self.plans, self.staged = con, plans, staged

    def __enter__(self) -> str:
        if self.staged is not None:
            return self.staged
        rows = self.con.execute("SELECT provision_id, text FROM provisions WHERE plan_id = ANY(?::VARCHAR[])",
                                [self.plans]).fetchall() if self.plans else []
        pid, term, tf = [], [], []
        for provision_id, text in rows:
            for t, n in search_text.term_counts(text).items():
                pid.append(provision_id)
                term.append(t)
                tf.append(n)
        self.con.register("_tokenised", pa.table({"provision_id": pa.array(pid, pa.string()),
                                                  "term": pa.array(term, pa.string()), "tf": pa.array(tf, pa.int32())}))
        return "_tokenised"

    def __exit__(self, *exc) -> None:
        if self.staged is None:
            self.con.unregister("_tokenised")


def _add_docs(con, plans: list[str], postings: str, first_id: int) -> int:
    """search_docs rows for the plans' provisions, numbered from first_id in plan and text order,
    their length the sum of their term frequencies."""
    if not plans:
        return 0
    con.execute(f"""
        INSERT INTO search_docs
        WITH v AS (SELECT v.provision_id, v.plan_id, v.char_start, v.text, p.jurisdiction, v.kind, d.code AS domain_code
                   FROM provisions v JOIN plans p USING (plan_id) LEFT JOIN domains d USING (domain_id)
                   WHERE v.plan_id = ANY(?::VARCHAR[])),
             dl AS (SELECT provision_id, sum(tf)::INTEGER AS n_terms FROM {postings} GROUP BY provision_id)
        SELECT ({int(first_id)} + row_number() OVER (ORDER BY v.plan_id, v.char_start, v.provision_id) - 1)::INTEGER,
               v.provision_id, v.plan_id, v.jurisdiction, v.kind, v.domain_code, coalesce(dl.n_terms, 0), true,
               {wording_sql('v.text')}
        FROM v LEFT JOIN dl USING (provision_id)""", [plans])
    return con.execute("SELECT count(*) FROM search_docs WHERE doc_id >= ?", [first_id]).fetchall()[0][0]


def _vocab_info(con) -> dict[str, str]:
    """The vocabulary's entries in search_info, if the stored vocabulary is this tokenizer's."""
    info = dict(con.execute("SELECT key, value FROM search_info WHERE key LIKE 'vocab_%'").fetchall())
    if info.get("vocab_version") != search_text.TOKENIZER_VERSION:
        return {}
    return info if con.execute("SELECT count(*) > 0 FROM search_vocab").fetchall()[0][0] else {}


def _write_vocab(con, current: dict[str, str]) -> None:
    """(Re)write search_vocab, the tokenizer's dictionary, unless it is already this tokenizer's."""
    if current:
        _set_info(con, current)
        return
    words, freqs, total = search_text.dictionary_entries()
    con.execute("DELETE FROM search_vocab")
    _insert(con, "search_vocab", pa.table({"word": pa.array(words, pa.string()), "freq": pa.array(freqs, pa.int64())}))
    _set_info(con, {"vocab_version": search_text.TOKENIZER_VERSION, "vocab_total": str(total),
                    "vocab_max_len": str(max(map(len, words), default=1))})


def _write_codes(con) -> None:
    """search_codes: each indicator code's provisions (all of them: ranking filters the current)."""
    con.execute("DELETE FROM search_codes")
    con.execute(f"""
        INSERT INTO search_codes
        SELECT '{search_text.CODE_PREFIX}' || t.indicator_code, list(DISTINCT sd.doc_id ORDER BY sd.doc_id)
        FROM targets t JOIN search_docs sd ON sd.provision_id = t.provision_id
        WHERE t.kind = 'target' AND t.indicator_code IS NOT NULL GROUP BY t.indicator_code""")


def _avgdl(con) -> float:
    return float(con.execute("SELECT coalesce(avg(n_terms), 0) FROM search_docs").fetchall()[0][0]) or 1.0


def _write_segments(con, postings: str, segment: int, avgdl: float, first_id: int = 0) -> int:
    """One (term, segment) row per term, postings in doc id order, with BM25's saturated tf
    (k1 + 1) tf / (tf + k1 (1 - b + b dl / avgdl)); idf comes at query time. A large batch is cut
    into segments of SEGMENT_DOCS provisions, which bounds what one aggregation holds. Returns how
    many segments were written."""
    last = con.execute("SELECT max(doc_id) FROM search_docs").fetchall()[0][0]
    if last is None or last < first_id:
        return 0
    # the postings joined to their documents once (joined per segment, every segment's statement
    # probed every posting of the run: 18 x 144 million at 10,000 plans)
    con.execute(f"""
        CREATE TEMP TABLE _seg_postings AS
        SELECT d.doc_id, x.term, x.tf,
               (x.tf * ({K1} + 1) / (x.tf + {K1} * (1 - {B} + {B} * d.n_terms / {avgdl})))::FLOAT AS tfn
        FROM {postings} x JOIN search_docs d USING (provision_id) WHERE d.doc_id >= ?""", [first_id])
    con.execute("CREATE TEMP TABLE _seg_terms AS SELECT * FROM search_terms LIMIT 0")
    written = 0
    try:
        for lo in range(first_id, last + 1, SEGMENT_DOCS):
            con.execute(f"""
                INSERT INTO _seg_terms
                SELECT term, {int(segment + written)}, list(doc_id ORDER BY doc_id), list(tfn ORDER BY doc_id),
                       list(least(tf, 255)::UTINYINT ORDER BY doc_id)
                FROM _seg_postings WHERE doc_id >= ? AND doc_id < ?
                GROUP BY term""", [lo, lo + SEGMENT_DOCS])
            written += 1
        con.execute("DROP TABLE _seg_postings")
        _insert_in_term_order(con, "_seg_terms")
    finally:
        con.execute("DROP TABLE IF EXISTS _seg_postings")
        con.execute("DROP TABLE _seg_terms")
    return written


def _insert_in_term_order(con, source: str) -> None:
    """Append the rows of `source` to search_terms in (term, segment) order. A query reads its terms'
    rows by equality; DuckDB skips the stored blocks whose terms' range misses it, so rows stored in
    term order (every segment of a term together) cost a query a few blocks instead of one per
    segment (a run's rows, then, are in order; an ingest's small segments follow them)."""
    kept = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    con.execute("SET preserve_insertion_order = true")
    try:
        con.execute(f"INSERT INTO search_terms SELECT * FROM {source} ORDER BY term, segment")
    finally:
        con.execute(f"SET preserve_insertion_order = {'true' if kept else 'false'}")


def merge_segments(con, first_segment: int = 0) -> None:
    """The segments from `first_segment` on merged into one, without the provisions of superseded
    plans. Runs that add plans merge only their own small segments (first_segment = the full build's
    segment count), so an ingest never rewrites the whole index of a large warehouse."""
    info = dict(con.execute("SELECT key, value FROM search_info").fetchall())
    target = int(info.get("next_segment", "1"))
    before = search_champions.segment_postings(con, first_segment)
    con.execute("""
        CREATE TEMP TABLE _merged AS
        WITH p AS (SELECT term, unnest(doc_ids) AS doc_id, unnest(tfn) AS n, unnest(tfs) AS f FROM search_terms
                   WHERE segment >= ?)
        SELECT term, ? AS segment, list(doc_id ORDER BY doc_id) AS doc_ids, list(n ORDER BY doc_id) AS tfn,
               list(f ORDER BY doc_id) AS tfs
        FROM p SEMI JOIN (SELECT doc_id FROM search_docs WHERE is_current) USING (doc_id)
        GROUP BY term""", [first_segment, target])
    con.execute("DELETE FROM search_terms WHERE segment >= ?", [first_segment])
    _insert_in_term_order(con, "_merged")
    con.execute("DROP TABLE _merged")
    search_champions.after_merge(con, before, first_segment)
    # a superseded provision is dropped once no segment holds it
    if con.execute("SELECT count(*) FROM search_docs WHERE NOT is_current").fetchall()[0][0]:
        con.execute("""DELETE FROM search_docs WHERE NOT is_current AND doc_id NOT IN
                       (SELECT DISTINCT unnest(doc_ids) FROM search_terms)""")
    n = con.execute("SELECT count(*) FROM search_docs").fetchall()[0][0]
    kept = con.execute("SELECT count(DISTINCT segment) FROM search_terms").fetchall()[0][0]
    _set_info(con, {"n_docs": str(n), "segments": str(kept), "next_segment": str(target + 1)})


def _retire(con, plans: list[str]) -> None:
    if not plans:
        return
    con.execute("UPDATE search_docs SET is_current = false WHERE plan_id = ANY(?::VARCHAR[])", [plans])
    # search_neighbours is provision_links both ways: only the provisions linked to a retired plan's
    # can name one of its provisions (testing every list took 3 s at 10,000 plans)
    touched = [r[0] for r in con.execute("""
        WITH l AS (SELECT provision_id, other_provision_id FROM provision_links
                   WHERE plan_id = ANY($plans) OR other_plan_id = ANY($plans))
        SELECT doc_id FROM search_docs
        WHERE provision_id IN (SELECT provision_id FROM l UNION SELECT other_provision_id FROM l)""",
                                           {"plans": plans}).fetchall()]
    con.execute("DELETE FROM provision_links WHERE plan_id = ANY(?::VARCHAR[]) OR other_plan_id = ANY(?::VARCHAR[])",
                [plans, plans])
    gone = [r[0] for r in con.execute("SELECT doc_id FROM search_docs WHERE NOT is_current").fetchall()]
    con.execute("DELETE FROM search_neighbours WHERE doc_id = ANY(?::INTEGER[])", [gone])
    con.execute("""
        UPDATE search_neighbours SET
            scores = list_transform(list_filter(list_zip(doc_ids, scores), lambda x: NOT list_contains($gone, x[1])),
                                    lambda x: x[2]),
            doc_ids = list_filter(doc_ids, lambda d: NOT list_contains($gone, d))
        WHERE doc_id = ANY($touched) AND list_has_any(doc_ids, $gone)""", {"gone": gone, "touched": touched})
    con.execute("DELETE FROM search_neighbours WHERE len(doc_ids) = 0")


def _set_info(con, values: dict[str, str]) -> None:
    for k, v in values.items():
        con.execute("DELETE FROM search_info WHERE key = ?", [k])
        con.execute("INSERT INTO search_info VALUES (?, ?)", [k, v])


# ------------------------------------------------------------------------------------ links


def _vectors(con) -> tuple[list[DocVector], dict[str, int], dict[str, str]]:
    """Every current provision's term frequencies, read back from the index."""
    docs: dict[int, dict[str, int]] = {}
    for term, doc_id, tf in con.execute("""
            WITH p AS (SELECT term, unnest(doc_ids) AS doc_id, unnest(tfs) AS tf FROM search_terms)
            SELECT p.term, p.doc_id, p.tf FROM p SEMI JOIN (SELECT doc_id FROM search_docs WHERE is_current) USING (doc_id)
            """).fetchall():
        docs.setdefault(doc_id, {})[term] = tf
    meta = con.execute("""SELECT s.doc_id, s.provision_id, s.plan_id, v.text FROM search_docs s
                          JOIN provisions v USING (provision_id) WHERE s.is_current
                          ORDER BY s.plan_id, v.char_start, s.provision_id""").fetchall()
    vectors = [DocVector(pid, plan, docs.get(doc_id, {})) for doc_id, pid, plan, _ in meta]
    return vectors, {pid: doc_id for doc_id, pid, _, _ in meta}, {pid: text for _, pid, _, text in meta}


def _link(con, plans: set[str], full: bool) -> int:
    """Write provision_links and search_neighbours for every pair (full) or the pairs involving `plans`:
    exactly up to LINKS_MAX_PLANS current plans, through candidate wordings above."""
    if not _linkable(con):
        return link_at_scale(con, None if full else plans)
    vectors, doc_of, texts = _vectors(con)
    pairs = best_counterparts(vectors) if full else counterparts_involving(vectors, plans)
    target_codes: dict[str, set[str]] = {}
    for pid, code in con.execute("""SELECT provision_id, indicator_code FROM targets
                                    WHERE indicator_code IS NOT NULL""").fetchall():
        target_codes.setdefault(pid, set()).add(code)
    code_cache: dict[str, set[str]] = {}
    years = _targets_by_year(con)

    def codes(pid: str) -> set[str]:
        if pid not in code_cache:
            code_cache[pid] = set(indicator_codes(texts[pid])) | target_codes.get(pid, set())
        return code_cache[pid]

    out = {k: [] for k in ("provision_id", "plan_id", "other_provision_id", "other_plan_id", "score",
                           "relation", "wording_similarity", "shared_indicators")}
    neighbours: dict[int, dict[int, float]] = {}
    for m in pairs:
        a_id, b_id = doc_of[m.provision_id], doc_of[m.other_provision_id]
        for x, y in ((a_id, b_id), (b_id, a_id)):
            mine = neighbours.setdefault(x, {})
            mine[y] = max(mine.get(y, 0.0), m.score)
        shared = sorted(codes(m.provision_id) & codes(m.other_provision_id))
        a, b = texts[m.provision_id], texts[m.other_provision_id]
        out["provision_id"].append(m.provision_id)
        out["plan_id"].append(m.plan_id)
        out["other_provision_id"].append(m.other_provision_id)
        out["other_plan_id"].append(m.other_plan_id)
        out["score"].append(m.score)
        agreement = target_agreement(years.get(m.provision_id, {}), years.get(m.other_provision_id, {}))
        out["relation"].append(relation_of(a, b, m.score, shared, agreement))
        out["wording_similarity"].append(round(wording_similarity(a, b), 4))
        out["shared_indicators"].append(shared)
    table = pa.table(out)
    _insert(con, "provision_links", table)
    _merge_neighbours(con, neighbours)
    n = con.execute("SELECT count(*) FROM search_neighbours").fetchall()[0][0]
    _set_info(con, {"neighbours": str(n)})
    return table.num_rows


def _targets_by_year(con) -> dict[str, dict[tuple, tuple]]:
    """Each provision's targets by indicator, year (printed, else its plan's last), kind of value and
    unit (extractors.diffing.comparable_targets), for comparing two provisions' targets year by year."""
    rows: dict[str, list[dict]] = {}
    cur = con.execute(TARGET_YEARS_SQL + " ORDER BY t.provision_id, t.value_start")
    names = [d[0] for d in cur.description]
    for r in cur.fetchall():
        rows.setdefault(r[0], []).append(dict(zip(names, r)))
    return {pid: comparable_targets(ts) for pid, ts in rows.items()}


def _merge_neighbours(con, neighbours: dict[int, dict[int, float]]) -> None:
    """Fold new pairs into search_neighbours (a pair keeps the higher of its link scores)."""
    if not neighbours:
        return
    ids = sorted(neighbours)
    for doc_id, others, scores in con.execute(
            "SELECT doc_id, doc_ids, scores FROM search_neighbours WHERE doc_id = ANY(?::INTEGER[])", [ids]).fetchall():
        mine = neighbours[doc_id]
        for o, s in zip(others, scores):
            mine[o] = max(mine.get(o, 0.0), s)
    con.execute("DELETE FROM search_neighbours WHERE doc_id = ANY(?::INTEGER[])", [ids])
    _insert(con, "search_neighbours", pa.table({
        "doc_id": pa.array(ids, pa.int32()),
        "doc_ids": pa.array([sorted(neighbours[i]) for i in ids], pa.list_(pa.int32())),
        "scores": pa.array([[neighbours[i][j] for j in sorted(neighbours[i])] for i in ids], pa.list_(pa.float32()))}))


def _insert(con: duckdb.DuckDBPyConnection, table: str, arrow: pa.Table) -> None:
    if arrow.num_rows == 0:
        return
    con.register("_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
    finally:
        con.unregister("_rows")
