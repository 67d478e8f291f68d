-- Precedent search (issue 5): a BM25 index over every provision, and each provision's best
-- counterpart in every other plan. Built by warehouse.search.build_search inside the atomic build.
-- Derived tables, rebuilt as a whole: no foreign keys (DuckDB cannot delete a referenced row in the
-- transaction that deletes its referrers); checks.sql keeps them consistent.

-- One row per indexed provision; doc_id is the postings' compact key.
-- Plan, jurisdiction, kind and domain are copied here so that filtering and ranking never touch
-- the wide provisions table; only the final top results are joined to it.
CREATE TABLE search_docs (
    doc_id        INTEGER PRIMARY KEY,
    provision_id  VARCHAR NOT NULL UNIQUE,
    plan_id       VARCHAR NOT NULL,
    jurisdiction  VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    domain_code   VARCHAR,
    n_terms       INTEGER NOT NULL   -- document length in terms, for BM25's length normalisation
);

-- The token table: one row per term (jieba word, Han bigram, number or Latin word), with its
-- postings. weights[i] is the term's BM25 weight in doc_ids[i]: idf * tf (k1 + 1) /
-- (tf + k1 (1 - b + b dl / avgdl)), so a query is a sum over its terms' postings; weights[i] / idf
-- is the saturated tf, which synonym groups combine. Looked up by term through the primary key.
CREATE TABLE search_terms (
    term      VARCHAR PRIMARY KEY,
    df        INTEGER NOT NULL,
    idf       DOUBLE NOT NULL,          -- ln(1 + (N - df + 0.5) / (df + 0.5))
    doc_ids   INTEGER[] NOT NULL,       -- ascending
    weights   FLOAT[] NOT NULL,
    CHECK (len(doc_ids) = df AND len(weights) = df)
);

-- How the index was built: tokenizer version, BM25 parameters, document count, average length.
CREATE TABLE search_info (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);

-- For every provision, its best counterpart in each other plan (cosine similarity of tf-idf
-- term vectors, numbers left out), and what kind of pair it is:
--   near_identical      the same wording (numbers masked, similarity >= 0.9) and the same numbers
--   same_indicator_different_target  the same indicator (named by both, or near-identical
--                       wording), with target numbers that differ
--   same_indicator_same_target       the same indicator and target numbers, worded differently
--   related             similar (score >= 0.2) but no shared indicator with targets on both sides
--   weak                the best the other plan has, but little in common
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
    PRIMARY KEY (provision_id, other_plan_id),
    CHECK (plan_id <> other_plan_id)
);
