-- Precedent search (issue 5): a BM25 index over every provision, and each provision's best
-- counterpart in every other plan. Built by warehouse.search.build_search inside the atomic build.
-- Derived tables, rebuilt as a whole: no foreign keys (DuckDB cannot delete a referenced row in the
-- transaction that deletes its referrers); checks.sql keeps them consistent.

-- One row per indexed provision; doc_id is the postings' compact key.
-- Plan, jurisdiction, kind and domain are copied here so that filtering and ranking never touch
-- the wide provisions table; only the final top results are joined to it. A superseded plan's
-- provisions stay until the segments are merged, with is_current false (never ranked).
CREATE TABLE search_docs (
    doc_id        INTEGER PRIMARY KEY,
    provision_id  VARCHAR NOT NULL UNIQUE,
    plan_id       VARCHAR NOT NULL,
    jurisdiction  VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    domain_code   VARCHAR,
    n_terms       INTEGER NOT NULL,  -- document length in terms, for BM25's length normalisation
    is_current    BOOLEAN NOT NULL,
    wording       UBIGINT NOT NULL   -- hash of the text without numbers, punctuation and spaces: provisions
                                     -- worded alike share it (candidate generation for links at scale)
);

-- The token table, in segments (a full build writes one; each run that adds plans one more, with just
-- their provisions): one row per term and segment (jieba word, Han bigram, number or Latin word) with
-- the segment's postings as lists in doc id order. tfn[i] is BM25's saturated term frequency of the term
-- in doc_ids[i], tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)) with the average length when the segment
-- was written; the query multiplies it by idf = ln(1 + (N - df + 0.5) / (df + 0.5)), df summed over
-- segments. tfs[i] is the raw frequency (capped at 255), for the links' tf-idf vectors.
CREATE TABLE search_terms (
    term      VARCHAR NOT NULL,
    segment   INTEGER NOT NULL,
    doc_ids   INTEGER[] NOT NULL,       -- ascending
    tfn       FLOAT[] NOT NULL,
    tfs       UTINYINT[] NOT NULL,
    PRIMARY KEY (term, segment),
    CHECK (len(doc_ids) = len(tfn) AND len(doc_ids) = len(tfs))
);

-- How the index was built: tokenizer version, BM25 parameters, document count (N), average length,
-- segments.
CREATE TABLE search_info (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);

-- For every provision, its best counterpart in each other plan (cosine similarity of tf-idf
-- term vectors, numbers left out), and what kind of pair it is. Up to LINKS_MAX_PLANS current plans
-- every plan is paired with every other, exactly; above, each provision keeps its best counterparts
-- in at most LINKS_PER_PROVISION other plans, found through candidate wordings
-- (warehouse.link_candidates), so the table grows with the corpus, not with its square.
--   near_identical      the same wording (numbers masked, similarity >= 0.9) and the same numbers
--   same_indicator_different_target  the same indicator (named by both, or near-identical
--                       wording), with target numbers that differ
--   same_indicator_same_target       the same indicator and target numbers, worded differently
--   related             similar (score >= 0.2) but no shared indicator with targets on both sides
--   weak                the best the other plan has, but little in common
-- One row per (provision_id, other_plan_id): checked by checks.sql (a primary key here would cost
-- an index of tens of millions of keys at scale).
CREATE TABLE provision_links (
    provision_id        VARCHAR NOT NULL,
    plan_id             VARCHAR NOT NULL,
    other_provision_id  VARCHAR NOT NULL,
    other_plan_id       VARCHAR NOT NULL,
    score               DOUBLE NOT NULL CHECK (score >= 0 AND score <= 1.000001),
    relation            VARCHAR NOT NULL CHECK (relation IN ('near_identical', 'same_indicator_different_target',
                                                'same_indicator_same_target', 'related', 'weak')),
    wording_similarity  DOUBLE NOT NULL,   -- character-level ratio of the two texts, numbers masked
    shared_indicators   VARCHAR[] NOT NULL, -- indicator codes both provisions mention
    CHECK (plan_id <> other_plan_id)
);
