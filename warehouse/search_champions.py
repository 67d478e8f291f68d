"""Champion lists: what keeps a query's cost flat as the corpus grows.

A word such as 教育 or 妇女 is in a third of all provisions: scoring its postings in full costs a
query time linear in the corpus (1.5 million postings for one query at 10,000 plans). For a term
held by more than CHAMPIONS provisions, search_champions keeps the CHAMPIONS postings with the
highest BM25 saturated tf (ties: lower doc id) and the term's document frequency; ranking reads
those instead of the term's segments (warehouse.search), so no query reads more than CHAMPIONS
postings a term. Below CHAMPIONS postings a term (every term of a corpus of tens of plans) ranking
is exhaustive and exact.

A provision outside every champion list of the query's terms can still hold them all; it is then
missed only if it would rank among the first results, which takes a high tf in some term, i.e. a
place in its champion list. benchmarks/bench_search_scale.py measures the agreement with the
exhaustive ranking (README). Filters narrow the candidates below what champion lists hold, so a
query restricted to a jurisdiction is ranked exhaustively (warehouse.search).

Maintenance is incremental: a run that adds a segment merges, for each term of that segment, the
term's champion list with the new postings (the old list is the best of the old postings, so the
best of the union is the best of all); a term that crosses CHAMPIONS is listed from its segments.
df counts the postings in the segments, as the exhaustive path does (superseded provisions' postings
included until their segments are merged).
"""
from __future__ import annotations

import duckdb

CHAMPIONS = 4096


def _top() -> str:
    """The best CHAMPIONS (doc_id, tfn) of a relation p(term, doc_id, n), as two parallel lists in
    rank order; ties go to the lower doc id (the order of the exhaustive ranking's tie-break)."""
    return f"""SELECT term, list_transform(best, lambda x: x.d) AS doc_ids, list_transform(best, lambda x: x.n) AS tfn
           FROM (SELECT term, max_by(struct_pack(d := doc_id, n := n), struct_pack(n := n, d := -doc_id), {CHAMPIONS})
                              AS best
                 FROM p GROUP BY term)"""


# Terms whose lists one statement builds: each holds a heap of CHAMPIONS postings per term and per
# thread, and DuckDB cannot spill those (2,000 plans at once ran out of a 1 GB limit).
TERMS_PER_PASS = 256


def _insert_lists(con, terms_sql: str) -> None:
    """The lists of the terms (term, df) that terms_sql selects, from their segments."""
    con.execute(f"""
        INSERT INTO search_champions
        WITH df AS ({terms_sql}),
             p AS (SELECT t.term, unnest(t.doc_ids) AS doc_id, unnest(t.tfn) AS n FROM search_terms t
                   SEMI JOIN df USING (term)),
             top AS ({_top()})
        SELECT term, df.df, top.doc_ids, top.tfn FROM top JOIN df USING (term)""")


def rebuild_champions(con: duckdb.DuckDBPyConnection) -> int:
    """search_champions from the whole index; returns how many terms have a list."""
    con.execute("DELETE FROM search_champions")
    con.execute(f"""CREATE TEMP TABLE _ch_df AS SELECT term, sum(len(doc_ids))::INTEGER AS df FROM search_terms
                    GROUP BY term HAVING sum(len(doc_ids)) > {CHAMPIONS}""")
    try:
        passes = -(-con.execute("SELECT count(*) FROM _ch_df").fetchall()[0][0] // TERMS_PER_PASS)
        for i in range(passes):
            _insert_lists(con, f"SELECT * FROM _ch_df WHERE hash(term) % {passes} = {i}")
    finally:
        con.execute("DROP TABLE _ch_df")
    return _count(con)


def add_segments(con: duckdb.DuckDBPyConnection, first_segment: int) -> int:
    """Fold the postings of segments >= first_segment (just written) into the champion lists."""
    con.execute(f"""
        CREATE TEMP TABLE _ch_new AS
        SELECT term, sum(len(doc_ids))::INTEGER AS added FROM search_terms WHERE segment >= ? GROUP BY term""",
                [first_segment])
    try:
        # terms with a list: the list and the new postings
        con.execute(f"""
            CREATE TEMP TABLE _ch_listed AS
            WITH p AS (SELECT c.term, unnest(c.doc_ids) AS doc_id, unnest(c.tfn) AS n
                       FROM search_champions c SEMI JOIN _ch_new USING (term)
                       UNION ALL
                       SELECT t.term, unnest(t.doc_ids), unnest(t.tfn) FROM search_terms t
                       SEMI JOIN (SELECT term FROM _ch_new SEMI JOIN search_champions USING (term)) USING (term)
                       WHERE t.segment >= ?)
            {_top()}""", [first_segment])
        con.execute("""UPDATE search_champions c SET df = c.df + n.added, doc_ids = l.doc_ids, tfn = l.tfn
                       FROM _ch_new n, _ch_listed l WHERE n.term = c.term AND l.term = c.term""")
        # terms that now cross CHAMPIONS: listed from their segments (each has at most CHAMPIONS
        # postings outside the new ones)
        _insert_lists(con, f"""SELECT t.term, sum(len(t.doc_ids))::INTEGER AS df FROM search_terms t
                                SEMI JOIN (SELECT term FROM _ch_new ANTI JOIN search_champions USING (term)) USING (term)
                                GROUP BY t.term HAVING sum(len(t.doc_ids)) > {CHAMPIONS}""")
    finally:
        con.execute("DROP TABLE IF EXISTS _ch_listed")
        con.execute("DROP TABLE _ch_new")
    return _count(con)


def segment_postings(con: duckdb.DuckDBPyConnection, first_segment: int) -> dict[str, int]:
    """Postings per term in segments >= first_segment (before a merge drops superseded ones)."""
    return dict(con.execute("""SELECT term, sum(len(doc_ids))::INTEGER FROM search_terms WHERE segment >= ?
                               GROUP BY term""", [first_segment]).fetchall())


def after_merge(con: duckdb.DuckDBPyConnection, before: dict[str, int], first_segment: int) -> None:
    """A merge of segments >= first_segment dropped superseded postings: lower df by as many, and
    take the dropped provisions out of the lists."""
    after = segment_postings(con, first_segment)
    dropped = {t: n - after.get(t, 0) for t, n in before.items() if n != after.get(t, 0)}
    if not dropped:
        return
    con.execute("""
        UPDATE search_champions c SET df = c.df - d.n
        FROM (SELECT unnest(?::VARCHAR[]) AS term, unnest(?::INTEGER[]) AS n) d WHERE d.term = c.term""",
                [list(dropped), list(dropped.values())])
    # superseded provisions out of the lists (their postings are gone from the merged segments)
    con.execute("""
        CREATE TEMP TABLE _ch_kept AS
        WITH p AS (SELECT term, unnest(doc_ids) AS doc_id, unnest(tfn) AS n, generate_subscripts(doc_ids, 1) AS i
                   FROM search_champions WHERE term = ANY(?::VARCHAR[]))
        SELECT term, list(doc_id ORDER BY i) AS doc_ids, list(n ORDER BY i) AS tfn
        FROM p SEMI JOIN (SELECT doc_id FROM search_docs WHERE is_current) USING (doc_id) GROUP BY term""",
                [list(dropped)])
    try:
        con.execute("""UPDATE search_champions c SET doc_ids = k.doc_ids, tfn = k.tfn FROM _ch_kept k
                       WHERE k.term = c.term""")
    finally:
        con.execute("DROP TABLE _ch_kept")


def _count(con) -> int:
    return con.execute("SELECT count(*) FROM search_champions").fetchall()[0][0]
