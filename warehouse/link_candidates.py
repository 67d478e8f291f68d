"""provision_links and search_neighbours for a corpus too large to pair every plan with every other.

Exact links (warehouse.search_index, extractors.alignment) compare each provision with every
provision of every other plan: fine for tens of plans, quadratic beyond. Here the work is linear in
the number of provisions, in four steps, all in SQL:

1. Wordings. Provisions whose text is the same once numbers, punctuation and spaces are taken out
   share a wording (search_docs.wording, a hash written with the index). Thousands of plans copy the
   national outline's sentences, so there are far fewer wordings than provisions.
2. Candidates. Each wording's tf-idf vector (its first provision's postings, numbers left out, df
   counted over wordings) proposes the wordings that share its rarer terms (terms of at most RARE_DF
   wordings; a term in more proposes nothing), and keeps the WORDING_CANDIDATES with the highest
   partial dot product. Cost: postings x RARE_DF at most.
3. Scoring. The candidates' exact cosine over all their terms; a wording keeps its WORDING_NEIGHBOURS
   best, and itself (score 1).
4. Links. A provision's counterparts are provisions of those wordings in other plans, best score
   first, one per plan, at most LINKS_PER_PROVISION plans (a wording's provisions are taken in a
   fixed pseudo-random order of their plans, so identical sentences do not all point at the
   alphabetically first plans). Relation and shared indicators as in the exact links, with numbers
   compared as printed (years and ages left out).

A run that adds plans computes links for their provisions only (against everything); links of
others are left as they are (a build recomputes all). search_neighbours is kept symmetric and at
most NEIGHBOURS_MAX per document.
"""
from __future__ import annotations

import duckdb
import pyarrow as pa

from extractors.diffing import NEAR_IDENTICAL, RELATED, SAME_WORDING, indicator_codes, wording_similarity
from extractors.search_text import is_number

# (not `from warehouse.search_index import`: that module imports this one)
TARGET_YEARS_SQL = """
    SELECT t.provision_id, t.indicator_code, coalesce(t.target_year, p.period_end) AS year, t.comparator,
           t.unit, t.value, t.value_high
    FROM targets t JOIN plans p USING (plan_id)
    WHERE t.kind = 'target' AND t.indicator_code IS NOT NULL AND coalesce(t.target_year, p.period_end) IS NOT NULL"""

LINKS_PER_PROVISION = 5
WORDING_CANDIDATES = 30
WORDING_NEIGHBOURS = 8
RARE_DF = 100
NEIGHBOURS_MAX = 20

# RE2 (DuckDB): what a wording leaves out. Numbers as printed (ASCII and full-width digits, decimal
# points, percent and per-mille signs), punctuation, symbols and spaces.
WORDING_MASK = r"[0-9０-９.．%％‰‱]+|[\p{P}\p{S}\s]+"


def wording_sql(text: str) -> str:
    """The SQL expression of a text's wording hash (search_docs.wording)."""
    return f"hash(regexp_replace(lower({text}), '{WORDING_MASK}', '', 'g'))"


# The numbers a provision sets, as printed, without those naming a year or an age (as
# extractors.diffing.target_numbers): each number with what follows it, then those followed by a
# year or age word dropped.
_NUMBERS_SQL = r"""list_sort(list_transform(
    list_filter(regexp_extract_all(v.text, '\d+(?:\.\d+)?(?:%|‰|‱)?\s*(?:年|周岁|岁|个月|月|日|天内)?'),
                lambda x: NOT regexp_matches(x, '(年|岁|月|日|天内)$')),
    lambda x: trim(x)))"""
_TEMP = ("_lk_numeric", "_lk_w", "_lk_v", "_lk_q", "_lk_pair", "_lk_m", "_lk_l", "_lk_lw", "_lk", "_lk_words",
         "_lk_mentions")


def link_at_scale(con: duckdb.DuckDBPyConnection, plans: set[str] | None) -> int:
    """Write the links of the provisions of `plans` (every current plan when None) and fold them into
    search_neighbours; returns how many links were written."""
    try:
        _numeric_terms(con)
        _wordings(con)
        _query_wordings(con, plans)
        _candidate_pairs(con)
        _counterparts(con, plans)
        _relations(con)
        n = _insert_links(con)
        _fold_neighbours(con)
        return n
    finally:
        for t in _TEMP:
            con.execute(f"DROP TABLE IF EXISTS {t}")
        for view in ("_lk_numeric_terms", "_lk_words_arrow", "_lk_mentions_arrow"):
            try:
                con.unregister(view)
            except duckdb.Error:
                pass


def _numeric_terms(con) -> None:
    """The index's number terms (is_number decides, as for the exact links)."""
    terms = [t for (t,) in con.execute("SELECT DISTINCT term FROM search_terms").fetchall() if is_number(t)]
    con.register("_lk_numeric_terms", pa.table({"term": pa.array(terms, pa.string())}))
    con.execute("CREATE TEMP TABLE _lk_numeric AS SELECT term FROM _lk_numeric_terms")


def _wordings(con) -> None:
    """Every current wording, its first provision (the representative) and its tf-idf vector."""
    con.execute("""CREATE TEMP TABLE _lk_w AS
                   SELECT wording, min(doc_id) AS rep FROM search_docs WHERE is_current GROUP BY wording""")
    con.execute("""
        CREATE TEMP TABLE _lk_v AS
        WITH p AS (SELECT term, unnest(doc_ids) AS doc_id, unnest(tfs) AS tf FROM search_terms),
             r AS (SELECT w.wording, p.term, p.tf::DOUBLE AS tf FROM p JOIN _lk_w w ON p.doc_id = w.rep
                   ANTI JOIN _lk_numeric USING (term)),
             d AS (SELECT term, count(*) AS df FROM r GROUP BY term),
             n AS (SELECT count(*)::DOUBLE AS n FROM _lk_w),
             x AS (SELECT r.wording, r.term, d.df, (1 + ln(r.tf)) * ln(1 + n.n / d.df) AS w FROM r JOIN d USING (term), n)
        SELECT wording, term, df, w / sqrt(sum(w * w) OVER (PARTITION BY wording)) AS w FROM x""")


def _query_wordings(con, plans: set[str] | None) -> None:
    con.execute("""CREATE TEMP TABLE _lk_q AS SELECT DISTINCT wording FROM search_docs
                   WHERE is_current AND (?::VARCHAR[] IS NULL OR plan_id = ANY(?::VARCHAR[]))""",
                [_plans(plans), _plans(plans)])


def _candidate_pairs(con) -> None:
    """Each query wording's best other wordings: proposed by rare terms, scored by exact cosine."""
    con.execute(f"""
        CREATE TEMP TABLE _lk_pair AS
        WITH a AS (SELECT v.wording, v.term, v.w FROM _lk_v v SEMI JOIN _lk_q USING (wording)
                   WHERE v.df BETWEEN 2 AND {RARE_DF}),
             b AS (SELECT wording, term, w FROM _lk_v WHERE df BETWEEN 2 AND {RARE_DF}),
             partial AS (SELECT a.wording, b.wording AS other, sum(a.w * b.w) AS s
                         FROM a JOIN b USING (term) WHERE a.wording <> b.wording GROUP BY ALL),
             cand AS (SELECT wording, other FROM partial
                      QUALIFY row_number() OVER (PARTITION BY wording ORDER BY s DESC, other) <= {WORDING_CANDIDATES}),
             exact AS (SELECT c.wording, c.other, least(sum(x.w * y.w), 1.0) AS score
                       FROM cand c JOIN _lk_v x ON x.wording = c.wording
                       JOIN _lk_v y ON y.wording = c.other AND y.term = x.term GROUP BY ALL)
        SELECT wording, other, score FROM exact
        QUALIFY row_number() OVER (PARTITION BY wording ORDER BY score DESC, other) <= {WORDING_NEIGHBOURS}
        UNION ALL SELECT wording, wording, 1.0 FROM _lk_q""")


def _counterparts(con, plans: set[str] | None) -> None:
    """Each query provision's best counterparts, one per other plan, at most LINKS_PER_PROVISION."""
    k = LINKS_PER_PROVISION
    # a wording's provisions, one per plan, its first k + 1 plans in a fixed pseudo-random order:
    # enough that k remain when the asking provision's own plan is among them
    con.execute(f"""
        CREATE TEMP TABLE _lk_m AS
        SELECT wording, plan_id, min(doc_id) AS doc_id FROM search_docs WHERE is_current GROUP BY wording, plan_id
        QUALIFY row_number() OVER (PARTITION BY wording ORDER BY hash(plan_id), plan_id) <= {k + 1}""")
    con.execute(f"""
        CREATE TEMP TABLE _lk_l AS
        WITH c AS (SELECT p.wording, p.other, m.plan_id, m.doc_id, p.score FROM _lk_pair p JOIN _lk_m m ON m.wording = p.other
                   QUALIFY row_number() OVER (PARTITION BY p.wording, m.plan_id ORDER BY p.score DESC, m.doc_id) = 1)
        SELECT * FROM c
        QUALIFY row_number() OVER (PARTITION BY wording ORDER BY score DESC, hash(plan_id), plan_id) <= {k + 1}""")
    # each wording's counterparts as one ordered list, then for each provision the first k not of
    # its own plan (a window over every provision's candidates ran out of 1 GB at 10,000 plans)
    con.execute("""
        CREATE TEMP TABLE _lk_lw AS
        SELECT wording, list(struct_pack(plan_id := plan_id, doc_id := doc_id, score := score, other := other)
                             ORDER BY score DESC, hash(plan_id), plan_id) AS cands
        FROM _lk_l GROUP BY wording""")
    con.execute(f"""
        CREATE TEMP TABLE _lk AS
        SELECT doc_id, c.doc_id AS other_doc, c.score, wa, c.other AS wb FROM (
            SELECT s.doc_id, s.wording AS wa,
                   unnest(list_filter(l.cands, lambda c: c.plan_id <> s.plan_id)[1:{k}]) AS c
            FROM search_docs s JOIN _lk_lw l ON l.wording = s.wording
            WHERE s.is_current AND (?::VARCHAR[] IS NULL OR s.plan_id = ANY(?::VARCHAR[])))""",
                [_plans(plans), _plans(plans)])


def _relations(con) -> None:
    """Wording similarity for each pair of wordings linked, and the indicators each wording names
    (Python, once per wording: there are far fewer than provisions)."""
    pairs = con.execute("SELECT DISTINCT wa, wb FROM _lk").fetchall()
    texts = dict(con.execute("""
        SELECT w.wording, v.text FROM _lk_w w JOIN search_docs r ON r.doc_id = w.rep JOIN provisions v USING (provision_id)
        WHERE w.wording IN (SELECT wa FROM _lk UNION SELECT wb FROM _lk)""").fetchall())
    pairs = [(a, b, texts[a], texts[b]) for a, b in pairs]
    con.register("_lk_words_arrow", pa.table({
        "a": pa.array([p[0] for p in pairs], pa.uint64()), "b": pa.array([p[1] for p in pairs], pa.uint64()),
        "words": pa.array([1.0 if p[0] == p[1] else round(wording_similarity(p[2], p[3]), 4) for p in pairs],
                          pa.float64())}))
    con.execute("CREATE TEMP TABLE _lk_words AS SELECT * FROM _lk_words_arrow")
    con.register("_lk_mentions_arrow", pa.table({
        "wording": pa.array(list(texts), pa.uint64()),
        "codes": pa.array([sorted(indicator_codes(t)) for t in texts.values()], pa.list_(pa.string()))}))
    con.execute("CREATE TEMP TABLE _lk_mentions AS SELECT * FROM _lk_mentions_arrow")


def _insert_links(con) -> int:
    before = con.execute("SELECT count(*) FROM provision_links").fetchall()[0][0]
    con.execute(f"""
        INSERT INTO provision_links
        WITH docs AS (SELECT s.doc_id, s.provision_id, s.plan_id, s.wording, {_NUMBERS_SQL} AS numbers,
                             list_distinct(list_concat(coalesce(m.codes, []), coalesce(t.codes, []))) AS codes
                      FROM search_docs s JOIN provisions v USING (provision_id)
                      LEFT JOIN _lk_mentions m ON m.wording = s.wording
                      LEFT JOIN (SELECT provision_id, list(DISTINCT indicator_code) AS codes FROM targets
                                 WHERE indicator_code IS NOT NULL GROUP BY provision_id) t USING (provision_id)
                      WHERE s.doc_id IN (SELECT doc_id FROM _lk UNION SELECT other_doc FROM _lk)),
             -- (the pair's wording similarity joined first, on both wordings: left to the optimizer,
             -- that join once came last and on one key, 56M rows for 0.9M links)
             kw AS MATERIALIZED (SELECT k.doc_id, k.other_doc, k.score, w.words
                                 FROM _lk k JOIN _lk_words w ON w.a = k.wa AND w.b = k.wb),
             k AS (SELECT a.provision_id, a.plan_id, b.provision_id AS other_provision_id, b.plan_id AS other_plan_id,
                          round(k.score, 4) AS score, k.words, a.numbers AS na, b.numbers AS nb,
                          list_sort(list_intersect(a.codes, b.codes)) AS shared
                   FROM kw k JOIN docs a ON a.doc_id = k.doc_id JOIN docs b ON b.doc_id = k.other_doc),
             -- targets compared only for the same indicator, year, kind of value and unit
             -- (extractors.diffing.comparable_targets and target_agreement, as the exact links)
             ty AS ({TARGET_YEARS_SQL}),
             tk AS (SELECT provision_id, indicator_code, year,
                           CASE WHEN comparator IN ('=', '<=', '>=') THEN 'level' ELSE comparator END AS measure,
                           coalesce(unit, '') AS unit,
                           list(struct_pack(c := comparator, v := value::DOUBLE, h := coalesce(value_high::DOUBLE, -1e308))
                                ORDER BY comparator, value, coalesce(value_high, -1e308)) AS vals
                    FROM ty SEMI JOIN docs USING (provision_id) GROUP BY ALL),
             agree AS (SELECT k.provision_id, k.other_provision_id,
                              CASE WHEN count(*) FILTER (WHERE b.provision_id IS NOT NULL) = 0 THEN 'none'
                                   WHEN bool_or(b.provision_id IS NOT NULL AND a.vals <> b.vals) THEN 'different'
                                   ELSE 'same' END AS agreement
                       FROM k JOIN tk a ON a.provision_id = k.provision_id
                       LEFT JOIN tk b ON b.provision_id = k.other_provision_id AND b.indicator_code = a.indicator_code
                                     AND b.year = a.year AND b.measure = a.measure AND b.unit = a.unit
                       WHERE k.other_provision_id IN (SELECT provision_id FROM tk)
                       GROUP BY ALL)
        SELECT provision_id, plan_id, other_provision_id, other_plan_id, score,
               CASE WHEN words >= {NEAR_IDENTICAL} AND na = nb AND coalesce(g.agreement, '') NOT IN ('different', 'none')
                         THEN 'near_identical'
                    WHEN len(na) > 0 AND len(nb) > 0 AND (words >= {SAME_WORDING} OR len(shared) > 0)
                         THEN CASE WHEN g.agreement = 'none' THEN 'related'
                                   WHEN coalesce(g.agreement = 'different', na <> nb) THEN 'same_indicator_different_target'
                                   ELSE 'same_indicator_same_target' END
                    WHEN score >= {RELATED} OR words >= {SAME_WORDING} THEN 'related'
                    ELSE 'weak' END,
               words, shared
        FROM k LEFT JOIN agree g USING (provision_id, other_provision_id)""")
    return con.execute("SELECT count(*) FROM provision_links").fetchall()[0][0] - before


def _fold_neighbours(con) -> None:
    """The new links, both ways, merged into search_neighbours (a pair keeps its higher score; a
    document keeps its NEIGHBOURS_MAX best)."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _lk_n AS
        WITH e AS (SELECT doc_id AS a, other_doc AS b, score FROM _lk
                   UNION ALL SELECT other_doc, doc_id, score FROM _lk),
             touched AS (SELECT DISTINCT a FROM e),
             old AS (SELECT n.doc_id AS a, unnest(n.doc_ids) AS b, unnest(n.scores)::DOUBLE AS score
                     FROM search_neighbours n SEMI JOIN touched ON n.doc_id = touched.a),
             best AS (SELECT a, b, max(score) AS s FROM (SELECT * FROM e UNION ALL SELECT * FROM old) GROUP BY a, b
                      QUALIFY row_number() OVER (PARTITION BY a ORDER BY max(score) DESC, b) <= {NEIGHBOURS_MAX})
        SELECT a::INTEGER AS doc_id, list(b::INTEGER ORDER BY b) AS doc_ids, list(s::FLOAT ORDER BY b) AS scores
        FROM best GROUP BY a""")
    try:
        con.execute("DELETE FROM search_neighbours WHERE doc_id IN (SELECT doc_id FROM _lk_n)")
        con.execute("INSERT INTO search_neighbours SELECT * FROM _lk_n")
    finally:
        con.execute("DROP TABLE IF EXISTS _lk_n")


def _plans(plans: set[str] | None) -> list[str] | None:
    return None if plans is None else sorted(plans)
