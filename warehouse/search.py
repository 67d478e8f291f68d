"""Precedent search: the BM25 index over provisions, provision_links, and their read queries.

Built by warehouse.search_index inside each run's atomic publish (in full, or a segment per run);
tokenisation, similarity and diffing are pure code in extractors.search_text, extractors.alignment
and extractors.diffing.

The index is a token table: one row per term and segment with its postings as lists (doc_ids and
BM25 saturated term frequencies). A query reads only its own terms' rows, sums their document
frequencies over segments for idf, unnests their postings and sums the weights per document, so its
cost grows with the postings of its terms, not with the size of the warehouse.

Where the warehouse has links, ranking then uses them (search_neighbours: provision_links by doc
id, both ways): plans repeat one another's commitments, so the counterparts of a query's best hits
are likely answers too, even where the drafter's words differ from theirs. The best few hits that
pass the filters (PROPAGATION_SOURCES, scoring at least PROPAGATION_MIN_SHARE of the best) lend each
counterpart PROPAGATION_WEIGHT x their score x the link score; a hit lends itself its own score, so
the hits keep their order and a counterpart cannot overtake the hit that lends to it. A provision's
score is its own BM25 score plus the most it is lent. Without links (the 1,000-plan benchmark
builds none) ranking is BM25 alone.

A query that names an indicator (search_text.Query.codes) also matches the provisions holding a
target with that code, read from `targets` as if the code were a term they hold once. A preamble's
score is weighed down (PREAMBLE_WEIGHT). Before ranking, the query's substrings are looked up in
search_vocab, so that it is cut without loading jieba's dictionary, and its words in search_terms,
so that a word no provision holds is read through its parts. Features turns each component on or
off (benchmarks/eval_search.py --ablate).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import duckdb

from extractors import search_text
from warehouse.errors import WarehouseError
from warehouse.search_champions import CHAMPIONS


def __getattr__(name: str):
    """build_search and update_search, re-exported from warehouse.search_index on first use: it loads
    pyarrow and numpy, which a search does not need."""
    if name in ("build_search", "update_search"):
        from warehouse import search_index
        return getattr(search_index, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

KINDS = ("goal", "measure", "project", "table_row", "principle", "overall_goal", "implementation",
         "monitoring", "preamble")


class SearchError(WarehouseError):
    """A search or similar request that cannot be answered as asked."""


def _readable(fn):
    """A DuckDB error while reading becomes a SearchError that says what to do (the CLI prints it, no
    traceback): the warehouse is damaged, or older than this code's search index."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except duckdb.Error as e:
            raise SearchError(f"the warehouse could not be searched ({str(e).splitlines()[0]}); if an older "
                              "PlanAtlas built it, rebuild it with `planatlas build --replace`") from e
    return wrapper


# ---------------------------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchHit:
    rank: int
    score: float
    plan_id: str
    jurisdiction: str
    plan_title: str | None
    subject: str
    provision_id: str
    domain_code: str | None
    domain_title: str | None
    kind: str
    ordinal: int
    heading: str | None
    text: str
    char_start: int
    char_end: int
    matched_terms: tuple[str, ...]
    highlights: tuple[tuple[int, int], ...] = field(default=())
    # the stretches or characters of the query read as the genre's words (_unread_fallback, a mistyped
    # word; _character_fallback, a query that found nothing), with those words
    through: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    def as_dict(self) -> dict:
        return {"rank": self.rank, "score": round(self.score, 4), "plan_id": self.plan_id,
                "jurisdiction": self.jurisdiction, "plan_title": self.plan_title, "subject": self.subject,
                "provision_id": self.provision_id, "domain": self.domain_code, "domain_title": self.domain_title,
                "kind": self.kind, "ordinal": self.ordinal, "heading": self.heading, "text": self.text,
                "char_start": self.char_start, "char_end": self.char_end,
                "matched_terms": list(self.matched_terms), "highlights": [list(h) for h in self.highlights]}


def index_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        info = dict(con.execute("SELECT key, value FROM search_info").fetchall())
    except duckdb.CatalogException:
        raise SearchError("this warehouse has no search index (built before issue 5): rebuild it with "
                          "`planatlas build`") from None
    if not info:
        raise SearchError("this warehouse's search index is empty: rebuild it with `planatlas build`")
    return info


def check_filters(con: duckdb.DuckDBPyConnection, jurisdiction: str | None, domain: str | None,
                  kind: str | None) -> str | None:
    """Validate filter values against the warehouse; return the jurisdiction as stored."""
    if kind is not None and kind not in KINDS:
        raise SearchError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
    if domain is not None:
        codes = [r[0] for r in con.execute(
            "SELECT DISTINCT code FROM domains WHERE code IS NOT NULL ORDER BY code").fetchall()]
        if domain not in codes:
            raise SearchError(f"unknown domain code {domain!r}; codes are: {', '.join(codes)}")
    if jurisdiction is None:
        return None
    plans = con.execute("SELECT DISTINCT jurisdiction, jurisdiction_en FROM plans ORDER BY 1").fetchall()
    wanted = search_text.normalise(jurisdiction.strip())
    for zh, en in plans:
        en = (en or "").lower()
        if wanted in (zh, en) or (len(wanted) >= 2 and zh.startswith(wanted)) \
                or (len(wanted) >= 3 and en.startswith(wanted)):
            return zh
    raise SearchError(f"no plan for jurisdiction {jurisdiction!r}; jurisdictions are: "
                      + ", ".join(f"{zh} ({en})" if en else zh for zh, en in plans))


def _vocabulary(con, info: dict[str, str], query: str) -> search_text.Vocabulary | None:
    """The dictionary words among the query's substrings, from search_vocab: the query is then cut
    without loading jieba's dictionary. None (the whole dictionary is used) when the warehouse has no
    vocabulary of this tokenizer (built before it, or by another version), or when this process has
    loaded the whole dictionary already."""
    if info.get("vocab_version") != search_text.TOKENIZER_VERSION or search_text.dictionary_loaded():
        return None  # (a process that built an index, or a server, has the whole dictionary: same terms)
    strings = search_text.lookup_strings(query, int(info["vocab_max_len"]))
    rows = con.execute("SELECT word, freq FROM search_vocab SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS word) USING (word)",
                       [strings]).fetchall()
    return search_text.Vocabulary(dict(rows), int(info["vocab_total"]))


@dataclass(frozen=True)
class IndexFacts:
    """What a search asks of the index that stays the same while the warehouse file does: search_info,
    the terms with a champion list and their df, and every indexed term with its df. A reader of a
    published file (the web page, one per opened file) reads them once and passes them to search(),
    which otherwise asks for them with each query (three statements, 3-5 ms of a draft sentence at
    1,000 plans) and computes the query's idf in its ranking statement (windows and joins over the
    postings' rows: 2-4 ms). Never for a connection that writes the index: they would go stale."""
    info: dict[str, str]
    champion_df: dict[str, int]
    terms: frozenset[str]
    df: dict[str, int]       # every term's postings over all segments, and each "#code"'s provisions

    def query_weights(self, n: int, terms, groups, weights, alternative, champions: set[str]):
        """What the ranking statement's first steps compute from the index (_ranking_sql: found,
        dfs, t), from these facts: the query rows whose term some provision holds (a word's thesaurus
        alternatives only where the word is in none), each with its group and its weight x idf, where
        a term alone has its own idf and a group's members the idf of its most common member; and the
        alternatives used. Returns ((terms, groups, weights x idf, alone), alternatives)."""
        def df(t: str) -> int | None:
            return self.champion_df.get(t) if t in champions else self.df.get(t)
        found = [i for i, t in enumerate(terms) if df(t) is not None]
        own_word = {groups[i] for i in found if not alternative[i]}
        kept = [i for i in found if not alternative[i] or groups[i] not in own_word]
        members: dict[int, int] = {}
        gdf: dict[int, int] = {}
        found_max: dict[int, float] = {}
        nominal: dict[int, float] = {}
        for i, g in enumerate(groups):
            nominal[g] = max(nominal.get(g, 0.0), weights[i])
        for i in kept:
            members[groups[i]] = members.get(groups[i], 0) + 1
            gdf[groups[i]] = max(gdf.get(groups[i], 0), df(terms[i]))
            found_max[groups[i]] = max(found_max.get(groups[i], 0.0), weights[i])
        rows: tuple[list, list, list, list] = ([], [], [], [])  # term, group, weight x idf, alone
        for i in kept:
            alone = members[groups[i]] == 1
            d = df(terms[i]) if alone else gdf[groups[i]]
            # the statement's arithmetic, in the same order: ln(1 + (N - df + 0.5) / (df + 0.5)), times the
            # weight (a group member's relative to the heaviest member found, times the group's weight)
            idf = math.log(1 + (n - d + 0.5) / (d + 0.5))
            weight = weights[i] if alone else weights[i] * nominal[groups[i]] / found_max[groups[i]]
            for column, value in zip(rows, (terms[i], groups[i], weight * idf, alone)):
                column.append(value)
        return rows, [terms[i] for i in kept if alternative[i]]


@_readable
def index_facts(con: duckdb.DuckDBPyConnection) -> IndexFacts:
    info = index_info(con)
    champion_df = dict(con.execute("SELECT term, df FROM search_champions").fetchall()) if "champions" in info else {}
    df = dict(con.execute("SELECT term, sum(len(doc_ids))::BIGINT FROM search_terms GROUP BY term").fetchall())
    terms = frozenset(df)
    # the indicator codes' postings, as the ranking statement reads them (_STORED_CODES_SQL, _CODES_SQL)
    df.update(con.execute("SELECT term, len(doc_ids) FROM search_codes").fetchall() if "codes" in info else
              con.execute(f"""SELECT '{search_text.CODE_PREFIX}' || t.indicator_code, count(DISTINCT sd.doc_id)
                              FROM targets t JOIN search_docs sd ON sd.provision_id = t.provision_id
                              WHERE t.kind = 'target' AND t.indicator_code IS NOT NULL
                              GROUP BY t.indicator_code""").fetchall())
    return IndexFacts(info=info, champion_df=champion_df, terms=terms, df=df)


def _champion_terms(con, info: dict[str, str], terms: list[str], facts: IndexFacts | None = None) -> set[str]:
    """The query terms that have a champion list (none in a warehouse built before them)."""
    if "champions" not in info:
        return set()
    if facts is not None:
        return {t for t in terms if t in facts.champion_df}
    return {r[0] for r in con.execute("SELECT term FROM search_champions WHERE term = ANY(?::VARCHAR[])",
                                      [terms]).fetchall()}


def _indexed(con, words: set[str], facts: IndexFacts | None = None) -> set[str]:
    """Which of these words some provision holds (a term of the index)."""
    if not words:
        return set()
    if facts is not None:
        return {w for w in words if w in facts.terms}
    return {r[0] for r in con.execute("SELECT DISTINCT term FROM search_terms WHERE term = ANY(?::VARCHAR[])",
                                      [sorted(words)]).fetchall()}


LONG_QUERY_TERMS = 12     # a query with more terms than this is a draft sentence or paragraph ...
COMMON_TERM_SHARE = 0.1   # ... whose terms found in more than this share of provisions are left out


PROPAGATION_SOURCES = 5     # the best hits (after filters) that lend score to their counterparts ...
PROPAGATION_MIN_SHARE = 0.5  # ... if they score at least this share of the best hit
PROPAGATION_WEIGHT = 0.7     # a counterpart gains this x the hit's score x the link score
PREAMBLE_WEIGHT = 0.5        # a preamble's score is multiplied by this (achievements, not commitments)
# ... and a goal's, for a query that tells a story (search_text.Query.story): a parent's or deputy's
# complaint asks what will be done, and a short goal naming its topic once beat the measure doing it
# (短视频里净是打打杀杀…能不能管管: the network-protection goal first in five plans). Measured, plan-recall@1
# pairs pooled: lay sentences dev +2, blind 16 (held out) +1, every other set unchanged; 0.7: blind 12 -3.
# For every query (README: goals weighing less where no indicator is named) it lost pooled pairs.
STORY_GOAL_WEIGHT = 0.85


def _drop_common_terms(con, info: dict[str, str], n, terms, groups, weights, alternative,
                       facts: IndexFacts | None = None):
    """For a long query, leave out terms that occur in more than COMMON_TERM_SHARE of all provisions
    (儿童, 加强, 发展): with idf near its floor they barely move the ranking of a query that has a
    dozen rarer terms, but their postings are most of the work. Synonym groups are kept whole; a word
    goes with its thesaurus alternatives (which are searched only when it is in no provision)."""
    own = [t for t, a in zip(terms, alternative) if not a]
    df = _document_frequencies(con, info, own, COMMON_TERM_SHARE * n, facts)
    members: dict[int, int] = {}
    for g, a in zip(groups, alternative):
        members[g] = members.get(g, 0) + (not a)
    common = {g for t, g, a in zip(terms, groups, alternative)
              if not a and members[g] == 1 and df.get(t, 0) > COMMON_TERM_SHARE * n}
    keep = [i for i, g in enumerate(groups) if g not in common]
    if len({groups[i] for i in keep}) < LONG_QUERY_TERMS // 2:
        return terms, groups, weights, alternative  # nearly all common words: keep them all
    return ([terms[i] for i in keep], [groups[i] for i in keep], [weights[i] for i in keep],
            [alternative[i] for i in keep])


def _document_frequencies(con, info: dict[str, str], terms: list[str], above: float,
                          facts: IndexFacts | None = None) -> dict[str, int]:
    """How many postings each term has, where that may be more than `above`: from its champion list's
    df where it has one (its whole postings are what a common term costs to read), else from its
    segments. Every term in more than CHAMPIONS provisions has a champion list, so when `above` is at
    least that, the lists say all (reading the other terms' postings to count them cost 15 ms of an
    80 ms draft sentence at 1,000 plans)."""
    has_lists = "champions" in info  # (the index's search_info, read once per search)
    if not has_lists:
        listed = {}
    elif facts is not None:
        listed = {t: facts.champion_df[t] for t in terms if t in facts.champion_df}
    else:
        listed = dict(con.execute("SELECT term, df FROM search_champions WHERE term = ANY(?::VARCHAR[])",
                                  [terms]).fetchall())
    if has_lists and above >= CHAMPIONS:
        return listed
    rest = [t for t in terms if t not in listed]
    return listed | dict(con.execute("""SELECT term, sum(len(doc_ids)) FROM search_terms WHERE term = ANY(?::VARCHAR[])
                                        GROUP BY term""", [rest]).fetchall())


_WHERE = """sd.is_current AND (?::VARCHAR IS NULL OR sd.jurisdiction = ?) AND (?::VARCHAR IS NULL OR sd.domain_code = ?)
           AND (?::VARCHAR IS NULL OR sd.kind = ?) AND (?::VARCHAR IS NULL OR sd.plan_id <> ?)"""


def _prior(alias: str, on: bool, goal: float = 1.0) -> str:
    """A provision's weight by kind: a preamble (前言) reports what was achieved, not a commitment; a
    goal weighs `goal`."""
    return (f"(CASE WHEN {alias}.kind = 'preamble' THEN {PREAMBLE_WEIGHT} WHEN {alias}.kind = 'goal' "
            f"THEN {float(goal)} ELSE 1.0 END)") if on else "1.0"


# Where the query names an indicator (Query.codes: "#code" rows), the provisions holding a target with
# that code are its postings, as if "#code" were a term each of them holds once (saturated tf
# CODE_TF); the code's idf comes from how many provisions hold such a target.
CODE_TF = 1.0
_CODES_SQL = f"""
        code_postings AS (SELECT '{search_text.CODE_PREFIX}' || t.indicator_code AS term, list(DISTINCT sd.doc_id) AS doc_ids
                          FROM targets t JOIN search_docs sd ON sd.provision_id = t.provision_id
                          WHERE t.kind = 'target'
                            AND '{search_text.CODE_PREFIX}' || t.indicator_code IN (SELECT term FROM q)
                          GROUP BY t.indicator_code),"""
# ... read from search_codes where the index wrote it (the same rows, without the join)
_STORED_CODES_SQL = """
        code_postings AS (SELECT term, doc_ids FROM search_codes WHERE term IN (SELECT term FROM q)),"""


# A query with more whole terms than this (a draft sentence) reads them in one scan: each equality is a
# scan of its own, about 0.5 ms even on six plans (a 40-term sentence: 39 ms, in one scan 28 ms).
EQUALITY_TERMS = 8
# From this many indexed provisions on, that one scan finds the rows by their terms first and fetches
# their lists by row id (measured, seven draft sentences: 1,000 plans, median 58.6 -> 50.1 ms; six
# plans, where the lists are short, 31.1 -> 32.5 ms: the plain scan kept there).
ROWID_FETCH_DOCS = 20_000


def _whole_terms_sql(n_terms: int, by_rowid: bool = False) -> list[str]:
    """The segments of n_terms terms (one parameter each), read by one equality a term: DuckDB prunes
    search_terms (stored in term order) by a constant equality and fetches the lists of the matching
    rows alone, where `term = ANY(list)` fetched every row between the smallest and the largest query
    term, common terms' long lists included (26 ms instead of 4 at 10,000 plans). Above
    EQUALITY_TERMS terms, one semi-join (by row id, see ROWID_FETCH_DOCS)."""
    if not n_terms:
        return ["SELECT NULL::VARCHAR AS term, NULL::INTEGER[] AS doc_ids, NULL::FLOAT[] AS tfn, NULL::BIGINT AS n WHERE false"]
    if n_terms > EQUALITY_TERMS:
        listed = "SELECT unnest(list_value(" + ", ".join(["?"] * n_terms) + "))"
        if by_rowid:  # a semi-join on the term fetches the lists of every row its scan touches (at
            # 1,000 plans 25 ms for a sentence's 23 terms; found by term, then fetched by row id, 6.6 ms)
            return ["SELECT term, doc_ids, tfn, len(doc_ids) AS n FROM search_terms "
                    f"WHERE rowid IN (SELECT rowid FROM search_terms WHERE term IN ({listed}))"]
        return [f"SELECT term, doc_ids, tfn, len(doc_ids) AS n FROM search_terms WHERE term IN ({listed})"]
    return ["SELECT term, doc_ids, tfn, len(doc_ids) AS n FROM search_terms WHERE term = ?"] * n_terms



def _postings_sql(codes: bool, champions: bool, n_whole: int, by_rowid: bool = False) -> str:
    """The query terms' postings (term, doc_ids, tfn, n: postings counted towards df): whole for the
    first n_whole parameters' terms, champion lists (warehouse.search_champions) for those of the
    list parameter after them; and the indicator codes' provisions."""
    parts = _whole_terms_sql(n_whole, by_rowid)
    if champions:
        parts.append("SELECT term, doc_ids, tfn, df FROM search_champions WHERE term = ANY(?::VARCHAR[])")
    if codes:
        parts.append(f"SELECT term, doc_ids, list_transform(doc_ids, lambda d: {CODE_TF}::FLOAT), len(doc_ids) "
                     "FROM code_postings")
    return f"""
        postings AS ({" UNION ALL ".join(parts)}),"""


# A synonym group or lay reading scores by its most frequent member in a provision, and a share of its
# other members there (GROUP_COVERAGE): a provision naming more of a concept's words is more about it.
# 判给谁 reads 探望/抚养/离婚; with the most frequent member alone, the orphans' measure, printing 无人抚养
# three times, ranked above the custody measure printing all three once. Measured (plan-recall@1 pairs,
# pooled, ten blind sets): 0 → 1,372; 0.1 → 1,384; 0.15 → 1,390, no set lost, lay sentences dev 146 → 151,
# drafts 110 → 112; 0.2 → 1,382; 0.25 → 1,377 (three sets lost); 0.5 → 1,360.
GROUP_COVERAGE = 0.15


def _group_tf(x: str) -> str:
    """A group's score in a provision from its members' weighted tf x: the best member's, and
    GROUP_COVERAGE of the others'."""
    return f"(max({x}) + {GROUP_COVERAGE} * (sum({x}) - max({x})))"


def _ranking_sql(n: int, limit: int, per_plan: int | None, lending: bool, prior: bool = True,
                 codes: bool = False, champions: bool = False, stored_codes: bool = False,
                 n_whole: int = 0, by_rowid: bool = False, known: bool = False,
                 goal: float = 1.0) -> tuple[str, list]:
    """The ranking statement and its parameters after (terms, groups, weights, alternatives), the
    n_whole terms read whole (one parameter each) and (with champions) the list of those read from
    their champion lists, and the filters (twice when lending). It returns (provision_id, score,
    thesaurus alternatives used). `known`: the query rows come with their idf and the alternatives
    used (IndexFacts.query_weights: terms, groups, weights x idf, alone; alternatives), and the
    statement only reads and sums their postings."""
    known_scoring = f"""
        WITH q AS (SELECT unnest(?::VARCHAR[]) AS term, unnest(?::INTEGER[]) AS grp, unnest(?::DOUBLE[]) AS qi,
                          unnest(?::BOOLEAN[]) AS alone),
        used AS (SELECT ?::VARCHAR[] AS alts),
{(_STORED_CODES_SQL if stored_codes else _CODES_SQL) if codes else ""}{_postings_sql(codes, champions, n_whole, by_rowid)}
        t AS MATERIALIZED (SELECT q.grp, q.qi, q.alone, p.doc_ids, p.tfn FROM postings p JOIN q USING (term)),
        single AS (SELECT qi, unnest(doc_ids) AS doc_id, unnest(tfn) AS n FROM t WHERE alone),
        multi AS (SELECT grp, qi, unnest(doc_ids) AS doc_id, unnest(tfn) AS n FROM t WHERE NOT alone),
        grouped AS (SELECT doc_id, {_group_tf("qi * n")} AS w FROM multi GROUP BY grp, doc_id),"""
    scoring = f"""
        WITH q0 AS (SELECT unnest(?::VARCHAR[]) AS term, unnest(?::INTEGER[]) AS grp, unnest(?::DOUBLE[]) AS qw,
                           unnest(?::BOOLEAN[]) AS alt),
        q AS (SELECT *, max(qw) OVER (PARTITION BY grp) AS nominal FROM q0),
{(_STORED_CODES_SQL if stored_codes else _CODES_SQL) if codes else ""}{_postings_sql(codes, champions, n_whole, by_rowid)}
        found AS (SELECT *, count(*) OVER (PARTITION BY grp) AS members,
                         max(qw) OVER (PARTITION BY grp) AS found_max FROM (
                      SELECT q.* FROM q SEMI JOIN postings t USING (term)
                      QUALIFY NOT alt OR NOT bool_or(NOT alt) OVER (PARTITION BY grp))),
        seg AS (SELECT t.term, t.doc_ids, t.tfn, t.n FROM postings t SEMI JOIN found USING (term)),
        dfs AS (SELECT term, sum(n) AS df FROM seg GROUP BY term),
        t AS (SELECT f.grp, f.qw, f.nominal, f.found_max, f.members, ln(1 + ({n} - d.df + 0.5) / (d.df + 0.5)) AS idf,
                     s.doc_ids, s.tfn, max(d.df) OVER (PARTITION BY f.grp) AS gdf
              FROM seg s JOIN dfs d USING (term) JOIN found f USING (term)),
        single AS (SELECT qw * idf AS qi, unnest(doc_ids) AS doc_id, unnest(tfn) AS n FROM t WHERE members = 1),
        multi AS (SELECT grp, qw * nominal / found_max * ln(1 + ({n} - gdf + 0.5) / (gdf + 0.5)) AS qi,
                         unnest(doc_ids) AS doc_id, unnest(tfn) AS n FROM t WHERE members > 1),
        grouped AS (SELECT doc_id, {_group_tf("qi * n")} AS w FROM multi GROUP BY grp, doc_id),"""
    if known:
        scoring = known_scoring
    scoring += f"""
        hits AS (SELECT doc_id, qi * n AS w FROM single UNION ALL SELECT doc_id, w FROM grouped),
        bm25 AS {"MATERIALIZED " if lending else ""}(SELECT doc_id, sum(w) AS score FROM hits GROUP BY doc_id),
        own AS (SELECT b.doc_id, sd.provision_id, sd.plan_id, b.score * {_prior('sd', prior, goal)} AS score
                FROM bm25 b JOIN search_docs sd USING (doc_id) WHERE {_WHERE}),"""
    alts = "(SELECT alts FROM used)" if known else "(SELECT list(term) FROM found WHERE alt)"
    # At most per_plan results from one plan. The limit-th best of the plans' best scores is a floor:
    # that many plans each offer one result at least that good, so nothing below it can make the
    # list; only the provisions above it go through the per-plan window.
    capped = f"""
        best AS (SELECT max(score) AS m FROM scored GROUP BY plan_id),
        floor AS (SELECT CASE WHEN count(*) >= ? THEN min(m) ELSE -1 END AS f
                  FROM (SELECT m FROM best ORDER BY m DESC LIMIT ?))
        SELECT provision_id, score, {alts} FROM scored, floor WHERE score >= f
        QUALIFY row_number() OVER (PARTITION BY plan_id ORDER BY score DESC, provision_id) <= ?
        ORDER BY score DESC, provision_id LIMIT ?"""
    if not lending:
        if per_plan is None:
            return scoring.rstrip(",") + f"""
        SELECT provision_id, score, {alts} FROM own ORDER BY score DESC, provision_id LIMIT ?""", [limit]
        return scoring + f"""
        scored AS MATERIALIZED (SELECT * FROM own),{capped}""", [limit, limit, per_plan, limit]
    k, w = PROPAGATION_SOURCES, PROPAGATION_WEIGHT
    lent = f"""
        src AS (SELECT doc_id, score FROM src0 WHERE score >= {PROPAGATION_MIN_SHARE} * (SELECT max(score) FROM src0)),
        lent AS (SELECT doc_id, max(p) AS p FROM (
                     SELECT x.doc_id, x.p FROM (
                       SELECT src.doc_id AS s, unnest(nb.doc_ids) AS doc_id, src.score * unnest(nb.scores) AS p
                       FROM src JOIN search_neighbours nb USING (doc_id)) x
                     JOIN search_docs d1 ON d1.doc_id = x.s JOIN plans p1 ON p1.plan_id = d1.plan_id
                     JOIN search_docs d2 ON d2.doc_id = x.doc_id JOIN plans p2 ON p2.plan_id = d2.plan_id
                     -- a counterpart in a plan for another group (women's, children's) holds none of
                     -- the query's words: its link is a likeness of form (至少配备1名女干部 ~ 至少配备1名全科医生)
                     WHERE p1.subject = p2.subject OR x.doc_id IN (SELECT doc_id FROM bm25)
                     UNION ALL SELECT doc_id, score AS p FROM src) GROUP BY doc_id),
        lent_rows AS MATERIALIZED (SELECT l.doc_id, sd.provision_id, sd.plan_id,
                                          coalesce(b.score, 0) * {_prior('sd', prior, goal)} AS score, l.p * {_prior('sd', prior, goal)} AS p
                                   FROM lent l JOIN search_docs sd USING (doc_id) LEFT JOIN bm25 b USING (doc_id)
                                   WHERE {_WHERE}),"""
    if per_plan is None:
        # Only a lent provision can gain: the list is drawn from the `limit` best by their own score
        # and the lent ones.
        return scoring + f"""
        top_own AS MATERIALIZED (SELECT * FROM own ORDER BY score DESC, provision_id LIMIT {max(limit, k)}),
        src0 AS (SELECT doc_id, score FROM top_own ORDER BY score DESC, provision_id LIMIT {k}),{lent}
        scored AS (SELECT provision_id, score + {w} * p AS score FROM lent_rows
                   UNION ALL SELECT provision_id, score FROM top_own WHERE doc_id NOT IN (SELECT doc_id FROM lent_rows))
        SELECT provision_id, score, {alts} FROM scored ORDER BY score DESC, provision_id LIMIT ?""", [limit]
    return scoring + f"""
        own_m AS MATERIALIZED (SELECT * FROM own),
        src0 AS (SELECT doc_id, score FROM own_m ORDER BY score DESC, provision_id LIMIT {k}),{lent}
        scored AS (SELECT o.provision_id, o.plan_id, o.score + {w} * coalesce(l.p, 0) AS score
                   FROM own_m o LEFT JOIN lent_rows l USING (doc_id)
                   UNION ALL SELECT provision_id, plan_id, {w} * p AS score FROM lent_rows WHERE score = 0),{capped}""", \
        [limit, limit, per_plan, limit]


PRF_DOCS = 5      # pseudo-relevance feedback (RM3-like): the best hits whose words join the query ...
PRF_TERMS = 10    # ... this many of their words (two or more characters, by tf x idf summed over them) ...
PRF_WEIGHT = 0.3  # ... each weighing at most this (its share of the best feedback word's weight)


def _with_feedback(con, n: int, provision_ids: list[str], terms, groups, weights, alternative):
    """The query's rows with the words that weigh most in the first hits added, each a term of its own."""
    if not provision_ids:
        return terms, groups, weights, alternative
    rows = con.execute(f"""
        WITH fb AS (SELECT doc_id FROM search_docs WHERE provision_id = ANY(?::VARCHAR[])),
        p AS (SELECT term, unnest(doc_ids) AS doc_id, unnest(tfn) AS tf, sum(len(doc_ids)) OVER (PARTITION BY term) AS df
              FROM search_terms WHERE list_has_any(doc_ids, (SELECT list(doc_id) FROM fb)))
        SELECT term, sum(tf * ln(1 + ({n} - df + 0.5) / (df + 0.5))) AS w FROM p SEMI JOIN fb USING (doc_id)
        WHERE length(term) >= 2 AND NOT regexp_matches(term, '^[0-9.]+$') AND NOT starts_with(term, ?)
              AND term <> ALL(?::VARCHAR[])
        GROUP BY term ORDER BY w DESC, term LIMIT {PRF_TERMS}""", [provision_ids, search_text.SEAM_PREFIX, terms]).fetchall()
    if not rows:
        return terms, groups, weights, alternative
    top, first = rows[0][1], max(groups) + 1
    return (terms + [t for t, _ in rows], groups + list(range(first, first + len(rows))),
            weights + [PRF_WEIGHT * w / top for _, w in rows], alternative + [False] * len(rows))


@dataclass(frozen=True)
class Features:
    """The components of ranking, all on by default; benchmarks/eval_search.py measures each off."""
    query: search_text.QueryOptions = search_text.QueryOptions()
    lending: bool = True       # counterparts of the best hits are lent part of their score
    kind_prior: bool = True    # a preamble weighs PREAMBLE_WEIGHT
    # pseudo-relevance feedback: off, measured (README): it gains recall on the draft paraphrases and
    # loses MRR, for a second query
    prf: bool = False
    # a query that finds nothing is read again through the genre's indexed words sharing its characters
    fallback: bool = True
    # common terms ranked from their champion lists (warehouse.search_champions): off is exhaustive
    champions: bool = True


DEFAULT_FEATURES = Features()


SQL_BIGINT_MAX = 2**63 - 1  # what a SQL LIMIT holds


# A query whose words no provision holds (a typo, 打疫苖 for 打疫苗; a character no plan prints beside
# the others) found nothing. It is read again through the words of the genre's dictionary (the policy
# words, synonym members and lexicon plan words the tokenizer adds to jieba's: 疫 → 疫苗, 免疫规划) that
# share its characters and that the index holds, at most FALLBACK_WORDS of the most frequent for each
# character, each character's words one group: a few near results, shown with what was searched, rather
# than none. (jieba's own dictionary was tried first: its rare entries, 子产 and 子游, are names of
# antiquity, and showed as "the plans' words" for 产检 and 瘫子: a blind tester's finding.)
FALLBACK_WORDS = 40
# colloquial noun suffixes and a measure word (瘫子, 伢儿, 丫头, 娃们, 一个): no topic of their own
FALLBACK_SKIP = frozenset("子儿头们个")


def _character_fallback(con, text: str) -> list[tuple[str, list[str]]]:
    """(character, the indexed policy words holding it, most frequent first) for each Han character
    of `text` (the query, or its unread runs) that is no stop word."""
    stop = search_text.rules().stopwords
    chars = [c for c in dict.fromkeys(text) if search_text.is_han(c) and c not in stop
             and c not in FALLBACK_SKIP]
    words = [w for w in search_text.policy_words() if any(c in w for c in chars)]
    if not words:
        return []
    rows = con.execute("""
        SELECT term, sum(len(doc_ids)) AS df FROM search_terms WHERE term = ANY(?::VARCHAR[])
        GROUP BY term ORDER BY df DESC, term""", [words]).fetchall()
    out = []
    for c in chars:
        found = [t for t, _ in rows if c in t][:FALLBACK_WORDS]
        if found:
            out.append((c, found))
    return out


def _fallback_rows(fallback: list[tuple[str, list[str]]], first: int = 0, weight: float = search_text.WEAK_WEIGHT
                   ) -> tuple[list[str], list[int], list[float], list[bool]]:
    """The ranking's (term, group, weight, alternative) rows: one group a character or stretch read
    (weak, by default), numbered from `first`."""
    rows = [(w, i, weight, False) for i, (_, words) in enumerate(fallback, first) for w in words]
    return tuple(map(list, zip(*rows)))  # type: ignore[return-value]


def _dictionary_counts(con, info: dict[str, str], words: set[str]) -> Callable[[str], int]:
    """Each word's count in the tokenizer's dictionary (0 for none): from the warehouse's copy
    (search_vocab), or the dictionary itself where this process has loaded it or the copy is of
    another tokenizer."""
    if search_text.dictionary_loaded() or info.get("vocab_version") != search_text.TOKENIZER_VERSION:
        counts = search_text.dictionary_counts()
        return lambda w: counts.get(w, 0)
    found = dict(con.execute("SELECT word, freq FROM search_vocab WHERE word = ANY(?::VARCHAR[])",
                             [sorted(words)]).fetchall()) if words else {}
    return lambda w: found.get(w, 0)


# A search with a mistyped word beside read ones (孩子打疫苖) found the read words alone. A stretch of
# its unread runs is read as the genre's words one character off it (search_text.one_character_off: a
# mistyped character, 疫苖 → 疫苗, or one sounding the same, 坐椅 → 座椅), those the index holds.
# (Reading such runs through each of their characters, as a query that finds nothing is, lost 13 pairs
# of the lay sentences set: there the unread runs are a story's words, 俺七十多, 好几年, and their
# characters lead anywhere.)
EVERYDAY_WORD = 10  # a dictionary count from which a word is one an input method offers whole


def _unread_fallback(con, info: dict[str, str], q: search_text.Query, facts: IndexFacts | None,
                     features: Features = DEFAULT_FEATURES) -> list[tuple[str, list[str]]]:
    """(stretch, the indexed genre words one character off it, or what the lay word one character off
    it reads) for the query's unread runs."""
    held = _indexed(con, {t for t in q.terms if len(t) > 1}, facts)
    # (with their stop words: 拖儿所, typed for 托儿所, ends in the stop word 所. Measured, plan-recall@1
    # pairs pooled: +12, blinds 16 and 23 among them, none lost)
    runs = search_text.unread_runs(q, held, stops=False)
    if not runs:
        return []
    freq = _dictionary_counts(con, info, {run[a:b] for run in runs for a in range(len(run))
                                    for b in range(a + 1, min(len(run), a + 4) + 1)})
    mistyped = {run: search_text.mistyped_characters(run, freq) for run in runs}
    near = [c for run in runs for c in search_text.one_character_off(run, mistyped[run])]
    indexed = _indexed(con, {w for _, words in near for w in words}, facts)
    out = [(stretch, found) for stretch, words in near if (found := [w for w in words if w in indexed])]
    read = {stretch for stretch, _ in out}
    # A mistyped lay word (娃住院能报消多少: 报消 for 报销) is read as the lexicon reads the word meant, in
    # the query so corrected (its `with` words apply). The lexicon's 17,000 lay words sound like many
    # stretches, so only a stretch no dictionary word is or overlaps (not 黑乎 of 黑乎乎, 才一 of 一岁), for a
    # lay word jieba's dictionary counts (an input method offers it whole: 报销 232; not 背奶 for 杯奶 or 咋教
    # for 咋交, words the genre's dictionary added, counted 1), or whose two-character word around the
    # wrong character it counts (铁锈 of 铁锈味, typed 铁秀味; _offered_as).
    lay = [(stretch, words) for run in runs
           for stretch, words in search_text.one_character_off(run, mistyped[run], lay=True)
           if stretch not in read and not _in_a_word(run, stretch, freq)]
    whole = _dictionary_counts(con, info, {p for stretch, words in lay for w in words
                                           for p in _offered_as(stretch, w)}) if lay else (lambda w: 0)
    for stretch, words in lay:
        if stretch in read:  # (the same stretch in two runs)
            continue
        words = tuple(w for w in words if any(whole(p) >= EVERYDAY_WORD for p in _offered_as(stretch, w)))
        found = list(dict.fromkeys(w for word in words for w in _lay_reading(con, q, stretch, word, features, facts)))
        if found := [w for w in found if w in _indexed(con, set(found), facts)]:
            out.append((stretch, found))
            read.add(stretch)
    return out


def _offered_as(stretch: str, word: str) -> tuple[str, ...]:
    """What an input method offers whole that holds the character `stretch` has wrong in lay `word`:
    the word, and for a phrase of three or four characters its two-character words around that
    character (铁锈 of 铁锈味 typed 铁秀味: the phrase is no dictionary word, its part is one)."""
    at = next(i for i, (a, b) in enumerate(zip(stretch, word)) if a != b)
    parts = [word[a:a + 2] for a in (at - 1, at) if len(word) > 2 and 0 <= a and a + 2 <= len(word)]
    return (word, *parts)


def _in_a_word(run: str, stretch: str, freq: Callable[[str], int]) -> bool:
    """A dictionary word of `run` overlaps `stretch` (at its first place in the run)."""
    at = run.find(stretch)
    return search_text.in_a_word(run, at, at + len(stretch), freq)


def _lay_reading(con, q: search_text.Query, stretch: str, word: str, features: Features,
                 facts: IndexFacts | None) -> tuple[str, ...]:
    """The plan words the lexicon reads for lay `word` in the query with `stretch` written as it."""
    corrected = parse(con, q.normalised.replace(stretch, word), features, facts)
    return tuple(w for r in corrected.readings if word in search_text.normalise(r.said) for w in r.searched)


@_readable
def parse(con: duckdb.DuckDBPyConnection, query: str, features: Features = DEFAULT_FEATURES,
          facts: IndexFacts | None = None) -> search_text.Query:
    """The query as search() reads it against this warehouse: its words (cut with the warehouse's
    vocabulary), synonym groups, lay words' plan words and indicators, and its `readings` (what is
    searched besides its own words, for showing). Pass it on as search(parsed=...)."""
    info = facts.info if facts is not None else index_info(con)
    return search_text.parse_query(query, features.query, indexed=lambda words: _indexed(con, words, facts),
                                   vocabulary=_vocabulary(con, info, query))


@_readable
def search(con: duckdb.DuckDBPyConnection, query: str, jurisdiction: str | None = None,
           domain: str | None = None, kind: str | None = None, limit: int = 10,
           per_plan: int | None = None, exclude_plan: str | None = None,
           features: Features = DEFAULT_FEATURES, facts: IndexFacts | None = None,
           parsed: search_text.Query | None = None) -> list[SearchHit]:
    """The provisions closest to `query`, best first (BM25 over the token table). `facts`: the
    index's constants read once by index_facts (a published file's reader), else read here.
    `parsed`: the query as parse() read it with the same features, else read here."""
    for name, value in (("--limit", limit), ("--per-plan", per_plan)):
        if value is not None and value < 1:
            raise SearchError(f"{name} must be at least 1")
        if value is not None and value > SQL_BIGINT_MAX:
            raise SearchError(f"{name} must be at most {SQL_BIGINT_MAX}")
    jurisdiction = check_filters(con, jurisdiction, domain, kind)
    info = facts.info if facts is not None else index_info(con)
    q = parsed if parsed is not None else parse(con, query, features, facts)
    if not q.terms and not q.groups:
        raise SearchError(f"the query {query!r} has no searchable words (only punctuation or function words)")
    n = int(info["n_docs"])
    terms, groups, weights, alternative = q.as_rows()
    if len(set(groups)) > LONG_QUERY_TERMS:
        terms, groups, weights, alternative = _drop_common_terms(con, info, n, terms, groups, weights,
                                                                 alternative, facts)
    # A term alone scores with its precomputed BM25 weights. A synonym group scores as one term:
    # per provision the saturated tf of its most frequent member (weight / idf of that member)
    # times the idf of the group's most common member. A word's thesaurus alternatives join its
    # group only when the index has no such word. Then, where the warehouse has links, the best
    # hits that pass the filters lend score to their counterparts in other plans (see the module
    # doc). Ranking reads only search_terms, search_neighbours and the narrow search_docs; the
    # wide provisions rows are fetched for the final results alone.
    lending = features.lending and int(info.get("neighbours", "0")) > 0
    filters = [jurisdiction, jurisdiction, domain, domain, kind, kind, exclude_plan, exclude_plan]
    codes = bool(q.codes)

    def rank(k: int, per: int | None, champions: set[str]) -> list[tuple]:
        rows = [terms, groups, weights, alternative]
        if facts is not None:  # which terms the index holds and their idf are known: read their postings alone
            rows, used = facts.query_weights(n, terms, groups, weights, alternative, champions)
            rows = list(rows) + [used or None]
            champions = champions & set(rows[0])
        whole = list(dict.fromkeys(t for t in rows[0] if t not in champions
                                   and not (facts is not None and t.startswith(search_text.CODE_PREFIX))))
        sql, params = _ranking_sql(n, k, per, lending, features.kind_prior, codes=codes, champions=bool(champions),
                                   stored_codes="codes" in info, n_whole=len(whole), by_rowid=n >= ROWID_FETCH_DOCS,
                                   known=facts is not None, goal=STORY_GOAL_WEIGHT if q.story else 1.0)
        lists = whole + ([sorted(champions)] if champions else [])
        return con.execute(sql, rows + lists + filters * (2 if lending else 1) + params).fetchall()

    # A jurisdiction narrows the candidates below what champion lists hold: ranked exhaustively.
    listed = features.champions and jurisdiction is None
    champions = _champion_terms(con, info, terms, facts) if listed else set()
    if features.prf:  # a first ranking, whose best hits' words join the query (measured, off by default)
        fb = rank(PRF_DOCS, None, champions)
        terms, groups, weights, alternative = _with_feedback(con, n, [r[0] for r in fb], terms, groups, weights,
                                                             alternative)
        champions = _champion_terms(con, info, terms, facts) if listed else set()
    top = rank(limit, per_plan, champions)
    if champions and len(top) < limit:  # fewer than asked: the lists may have held back some
        top = rank(limit, per_plan, set())
    # a mistyped word is read as the words it was meant for; a query that found nothing else, through
    # its characters
    fallback: list[tuple[str, list[str]]] = (_unread_fallback(con, info, q, facts, features)
                                                   if features.fallback else [])
    if fallback:
        more = _fallback_rows(fallback, max(groups) + 1, weight=1.0)  # the words meant: a word's weight
        terms, groups, weights, alternative = (a + b for a, b in zip((terms, groups, weights, alternative), more))
        top = rank(limit, per_plan, champions & set(terms)) or top
    if not top and features.fallback and (fallback := _character_fallback(con, q.normalised)):
        terms, groups, weights, alternative = _fallback_rows(fallback)
        top = rank(limit, per_plan, set())
    scores = {r[0]: r[1] for r in top}
    # (the provisions key lookup first: joined in one step, the provisions table would be scanned)
    details = {r[5]: r for r in con.execute("""
        WITH v AS MATERIALIZED (SELECT * FROM provisions WHERE provision_id = ANY(?::VARCHAR[]))
        SELECT 0, p.plan_id, p.jurisdiction, p.title, p.subject, v.provision_id, d.code, d.title,
               v.kind, v.ordinal, v.heading, v.text, v.char_start, v.char_end
        FROM v JOIN plans p ON p.plan_id = v.plan_id LEFT JOIN domains d ON d.domain_id = v.domain_id""",
        [list(scores)]).fetchall()}
    query_terms = set(q.all_terms) | set(top[0][2] or () if top else ()) | {w for _, ws in fallback for w in ws}
    rows = []
    for pid, score, _ in top:
        r = details[pid]
        matched = search_text.terms_in(r[11], query_terms)
        rows.append((score,) + tuple(r[1:]) + (sorted(matched, key=lambda t: (-len(t), t)),))
    hits = []
    for i, r in enumerate(rows, 1):
        matched = tuple(r[14])
        # single characters (到, 年) matched too, and bigrams that are no word of the query (儿死 of
        # 婴儿死亡率 in 新生儿死亡评审), but highlighting them is noise next to real words
        shown = [t for t in matched if (len(t) > 1 and t not in q.bigrams) or search_text.is_number(t)] or \
            [t for t in matched if len(t) > 1 or search_text.is_number(t)] or list(matched)
        hits.append(SearchHit(i, float(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                              r[11], r[12], r[13], matched, tuple(search_text.highlight_spans(r[11], shown)),
                              tuple((c, tuple(ws)) for c, ws in fallback)))
    return hits


# ---------------------------------------------------------------------------------- similar


@dataclass(frozen=True)
class ProvisionRow:
    provision_id: str
    plan_id: str
    jurisdiction: str
    plan_title: str | None
    subject: str
    domain_code: str | None
    domain_title: str | None
    kind: str
    ordinal: int
    heading: str | None
    text: str
    char_start: int
    char_end: int

    def as_dict(self) -> dict:
        return {"provision_id": self.provision_id, "plan_id": self.plan_id, "jurisdiction": self.jurisdiction,
                "plan_title": self.plan_title, "subject": self.subject, "domain": self.domain_code,
                "domain_title": self.domain_title, "kind": self.kind, "ordinal": self.ordinal,
                "heading": self.heading, "text": self.text, "char_start": self.char_start, "char_end": self.char_end}


@dataclass(frozen=True)
class Link:
    other: ProvisionRow
    score: float
    relation: str
    wording_similarity: float
    shared_indicators: tuple[str, ...]


_PROVISION_SQL = """
    SELECT v.provision_id, v.plan_id, p.jurisdiction, p.title, p.subject, d.code, d.title, v.kind, v.ordinal,
           v.heading, v.text, v.char_start, v.char_end
    FROM v JOIN plans p ON p.plan_id = v.plan_id LEFT JOIN domains d ON d.domain_id = v.domain_id"""


@_readable
def provision(con: duckdb.DuckDBPyConnection, provision_id: str) -> ProvisionRow:
    """One provision with its plan and domain; an error that suggests ids when it is unknown."""
    rows = con.execute("WITH v AS MATERIALIZED (SELECT * FROM provisions WHERE provision_id = ?)" + _PROVISION_SQL,
                       [provision_id]).fetchall()
    if rows:
        return ProvisionRow(*rows[0])
    prefix = provision_id.split("/")[0]
    near = [r[0] for r in con.execute("""SELECT provision_id FROM provisions WHERE provision_id LIKE ? || '%'
                                         ORDER BY provision_id LIMIT 5""", [prefix]).fetchall()]
    hint = f"; e.g. {', '.join(near)}" if near else "; ids look like changning-children/d1/goal/3"
    raise SearchError(f"no provision {provision_id!r}{hint}")


@_readable
def links(con: duckdb.DuckDBPyConnection, provision_id: str, min_score: float = 0.0,
          other_plan: str | None = None) -> list[Link]:
    """The provision's best counterpart in each other plan, most similar first."""
    index_info(con)
    rows = con.execute("""
        SELECT l.other_provision_id, l.score, l.relation, l.wording_similarity, l.shared_indicators
        FROM provision_links l
        WHERE l.provision_id = ? AND l.score >= ? AND (?::VARCHAR IS NULL OR l.other_plan_id = ?)
        ORDER BY l.score DESC, l.other_plan_id""", [provision_id, min_score, other_plan, other_plan]).fetchall()
    if not rows:
        return []
    others = {r[0]: ProvisionRow(*r) for r in con.execute(
        "WITH v AS MATERIALIZED (SELECT * FROM provisions WHERE provision_id = ANY(?::VARCHAR[]))" + _PROVISION_SQL,
        [[r[0] for r in rows]]).fetchall()}
    return [Link(others[r[0]], float(r[1]), r[2], float(r[3]), tuple(r[4])) for r in rows]


@dataclass(frozen=True)
class ProvisionTarget:
    """A target a provision sets, with the year it is for: the printed year, or the plan's last year."""
    value_text: str
    year: int | None
    year_stated: bool
    indicator_code: str | None
    value: float | None
    unit: str | None


@_readable
def provision_targets(con: duckdb.DuckDBPyConnection, provision_id: str) -> list[ProvisionTarget]:
    """The targets (not achieved figures) a provision sets, in text order."""
    rows = con.execute("""
        SELECT t.value_text, coalesce(t.target_year, p.period_end), t.target_year IS NOT NULL, t.indicator_code,
               t.value, t.unit
        FROM targets t JOIN plans p USING (plan_id)
        WHERE t.provision_id = ? AND t.kind = 'target' ORDER BY t.value_start, t.target_id""", [provision_id]).fetchall()
    return [ProvisionTarget(value_text=r[0], year=r[1], year_stated=r[2], indicator_code=r[3], value=r[4], unit=r[5])
            for r in rows]


def readings_shown(parsed, hits) -> tuple:
    """The query's readings (lay words, numerals) and, for a word a synonym group holds (家暴), the
    group's words the results were found by (家庭暴力): else a highlight the drafter never typed comes
    with no reason."""
    shown = list(parsed.readings)
    explained = {w for r in shown for w in (r.said, *r.searched)}
    marked = {t for h in hits for t in h.matched_terms}
    # the words the query's mistyped stretches or, where it found nothing, its characters were read
    # as, that the results hold
    through = hits[0].through if hits else ()
    shown += [search_text.Reading(said=c, searched=found) for c, words in through
              if (found := tuple(w for w in words if w in marked))]
    for group in parsed.groups:
        said = [m for m in group if m in parsed.normalised]
        found = [m for m in group if m in marked and m not in parsed.normalised and m not in explained]
        # (a word the lexicon read in one sense, 读书 → 受教育, whose results came by its other, 阅读)
        if said and found:
            shown.append(search_text.Reading(said="、".join(said), searched=tuple(found)))
    return tuple(replace(r, said=_as_typed(parsed, r.said)) for r in shown)


def _as_typed(parsed, said: str) -> str:
    """A reading's words as the query typed them (打電動, not the folded 打电动): normalising keeps a
    text's length, so each word's place in the normalised query is its place in the query."""
    def typed(word: str) -> str:
        at = parsed.normalised.find(word)
        return parsed.text[at:at + len(word)] if at >= 0 else word
    return "、".join(typed(w) for w in said.split("、"))
