-- search_terms' postings stored uncompressed (the same rows and values as 0003's table).
-- A query reads a few dozen rows' lists. Compressed (DuckDB's choice: bit-packed doc ids, ALP-RD
-- floats), a row's lists cost about as much to fetch whatever their length, 0.3-0.5 ms: a draft
-- sentence's 41 terms (68 rows) took 24 ms at 1,000 plans, 8 ms uncompressed. The index grows by
-- about a half (1,000 generated plans: 81 -> 125 MB), the warehouse by a quarter.
-- tfs is read only when links are computed, in one scan: it stays compressed. A warehouse built
-- before this migration gets it (a copy of its index, in term order) on its next run.
CREATE TABLE search_terms_0011 (
    term      VARCHAR NOT NULL,
    segment   INTEGER NOT NULL,
    doc_ids   INTEGER[] NOT NULL USING COMPRESSION uncompressed,   -- ascending
    tfn       FLOAT[] NOT NULL USING COMPRESSION uncompressed,
    tfs       UTINYINT[] NOT NULL,
    PRIMARY KEY (term, segment),
    CHECK (len(doc_ids) = len(tfn) AND len(doc_ids) = len(tfs))
);
INSERT INTO search_terms_0011 SELECT * FROM search_terms ORDER BY term, segment;
DROP TABLE search_terms;
ALTER TABLE search_terms_0011 RENAME TO search_terms;
