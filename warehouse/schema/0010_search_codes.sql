-- Precedent search at scale (issue 12): the provisions holding a target of each indicator code, as
-- the postings of the query term '#code' (written with the index; a query that names an indicator
-- read them by joining targets to search_docs, 35 ms at 10,000 plans).
CREATE TABLE search_codes (
    term     VARCHAR PRIMARY KEY,   -- '#' || indicator_code
    doc_ids  INTEGER[] NOT NULL     -- ascending
);
