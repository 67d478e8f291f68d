-- Precedent search: each provision's counterparts in the other plans, keyed by search doc id, for
-- ranking. provision_links holds every provision's best counterpart in each other plan; a pair is
-- here in both directions (q is p's counterpart or p is q's), with the higher of its link scores.
-- A query's best hits lend part of their score to their counterparts (warehouse.search.search).
-- Built with provision_links by warehouse.search.build_search; empty when links are not built.
CREATE TABLE search_neighbours (
    doc_id   INTEGER PRIMARY KEY,
    doc_ids  INTEGER[] NOT NULL,   -- counterparts' doc ids, ascending
    scores   FLOAT[] NOT NULL,     -- their link scores (cosine of tf-idf vectors, numbers left out)
    CHECK (len(doc_ids) = len(scores))
);
