-- Precedent search at scale (issue 12): champion lists. For a term held by more than
-- warehouse.search_champions.CHAMPIONS provisions, the postings with the highest BM25 saturated tf
-- (in rank order) and the term's document frequency; ranking reads these instead of the term's
-- segments, so a query's cost does not grow with the corpus. Terms below the cap have no row.
CREATE TABLE search_champions (
    term     VARCHAR PRIMARY KEY,
    df       INTEGER NOT NULL,      -- postings of the term in search_terms (all segments)
    doc_ids  INTEGER[] NOT NULL,    -- best first
    tfn      FLOAT[] NOT NULL,
    CHECK (len(doc_ids) = len(tfn))
);
