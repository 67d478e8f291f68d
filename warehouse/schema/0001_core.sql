-- Core structure: documents, plans, their sections, domains and provisions.
-- Offsets (char_start, char_end) index the ORIGINAL decoded source text, BOM excluded,
-- line endings as they were: original[char_start:char_end] is the row's source.

-- Every file PlanAtlas has seen, one row per (content, name): loaded, a duplicate of another,
-- superseded by a revision, or quarantined with the reason. `text` is the exact text that every
-- offset of the document's rows indexes (for .txt the decoded file without BOM, line endings kept;
-- for .docx/.pdf/.html the text the reader extracted), so the warehouse is self-contained.
-- The raw bytes are kept content-addressed beside the warehouse (see warehouse/raw_store.py).
CREATE TABLE documents (
    source_sha256     VARCHAR NOT NULL,     -- sha256 of the raw file bytes
    original_name     VARCHAR NOT NULL,     -- file name as found (or the URL's last path segment)
    source_path       VARCHAR,              -- where it was read from: absolute path or URL
    size_bytes        BIGINT NOT NULL,
    media_type        VARCHAR,              -- text/plain, application/pdf, ... (NULL when unknown)
    encoding          VARCHAR,              -- charset of text and html files
    had_bom           BOOLEAN,
    status            VARCHAR NOT NULL CHECK (status IN ('loaded', 'unchanged', 'duplicate', 'superseded', 'quarantined')),
    reason            VARCHAR,              -- why quarantined / what it duplicates / notes on a loaded file
    duplicate_of      VARCHAR,              -- source_sha256 of the document this one repeats
    text              VARCHAR,              -- what the offsets index (NULL for duplicates and quarantined files)
    text_key          VARCHAR,              -- sha256 of the text without whitespace: the same plan in another encoding or format
    n_chars           INTEGER,
    n_plans           INTEGER NOT NULL,
    pages             STRUCT(number INTEGER, char_start INTEGER, char_end INTEGER)[],  -- PDF pages in text
    raw_stored        BOOLEAN NOT NULL,     -- the bytes are in the raw store (not when over the size cap)
    extractor_version VARCHAR,
    seq               INTEGER NOT NULL,     -- the order documents were first seen; rebuild replays it
    first_seen_at     TIMESTAMP NOT NULL,
    run_id            VARCHAR NOT NULL,     -- the run that first saw it
    PRIMARY KEY (source_sha256, original_name)
);

-- The files that could not be read as plans, with the reason.
CREATE VIEW quarantine AS
SELECT source_path, original_name, source_sha256, reason, first_seen_at FROM documents WHERE status = 'quarantined';

CREATE TABLE plans (
    plan_id          VARCHAR PRIMARY KEY,
    jurisdiction     VARCHAR NOT NULL,     -- Chinese name with its level: 盘山县, 杭州市
    jurisdiction_en  VARCHAR,
    province         VARCHAR,
    parent           VARCHAR,
    admin_level      VARCHAR,
    subject          VARCHAR NOT NULL CHECK (subject IN ('children', 'women')),
    title            VARCHAR,
    title_printed    BOOLEAN NOT NULL,     -- false when the title comes from metadata
    period_start     INTEGER,
    period_end       INTEGER,
    issuer           VARCHAR,
    issue_date       DATE,
    doc_number       VARCHAR,
    source_path      VARCHAR NOT NULL,
    source_file      VARCHAR NOT NULL,
    source_sha256    VARCHAR NOT NULL,     -- the loaded documents row whose text the offsets index
    plan_index       INTEGER NOT NULL,     -- position of the plan inside its document, from 0
    metadata_source  VARCHAR NOT NULL CHECK (metadata_source IN ('metadata', 'inferred')),
    content_key      VARCHAR NOT NULL,     -- fingerprint of its domains and provisions (same plan, other format)
    family_id        VARCHAR NOT NULL,     -- shared by every version of one plan (the first version's id)
    version          INTEGER NOT NULL,     -- 1, 2, ... in the order revisions were published
    is_current       BOOLEAN NOT NULL,     -- the version in force; earlier versions stay queryable
    supersedes       VARCHAR,              -- plan_id of the version this one replaced
    superseded_by    VARCHAR,
    structure_complete BOOLEAN NOT NULL,   -- false: domains without goals or measures, text cut short, ...
    structure_notes  VARCHAR[] NOT NULL,   -- what is missing, in words
    loaded_at        TIMESTAMP NOT NULL,
    run_id           VARCHAR NOT NULL,
    char_start       INTEGER NOT NULL,
    char_end         INTEGER NOT NULL,
    CHECK (0 <= char_start AND char_start < char_end)
);

CREATE TABLE sections (
    section_id   VARCHAR PRIMARY KEY,
    plan_id      VARCHAR NOT NULL REFERENCES plans (plan_id),
    ordinal      INTEGER NOT NULL,
    kind         VARCHAR NOT NULL,  -- preamble, general, guiding_thought, principles, overall_goal, indicator_table, domains, projects, implementation, monitoring, other
    title        VARCHAR,
    text         VARCHAR NOT NULL,
    char_start   INTEGER NOT NULL,
    char_end     INTEGER NOT NULL,
    CHECK (0 <= char_start AND char_start < char_end)
);

CREATE TABLE domains (
    domain_id          VARCHAR PRIMARY KEY,
    plan_id            VARCHAR NOT NULL REFERENCES plans (plan_id),
    ordinal            INTEGER NOT NULL,
    title              VARCHAR NOT NULL,
    code               VARCHAR,
    lead_units         VARCHAR[] NOT NULL,
    responsible_units  VARCHAR[] NOT NULL,
    char_start         INTEGER NOT NULL,
    char_end           INTEGER NOT NULL,
    UNIQUE (plan_id, ordinal),
    CHECK (0 <= char_start AND char_start < char_end)
);

CREATE TABLE provisions (
    provision_id  VARCHAR PRIMARY KEY,
    plan_id       VARCHAR NOT NULL REFERENCES plans (plan_id),
    domain_id     VARCHAR REFERENCES domains (domain_id),
    kind          VARCHAR NOT NULL CHECK (kind IN ('goal', 'measure', 'project', 'table_row', 'principle',
                                                   'overall_goal', 'implementation', 'monitoring', 'preamble')),
    ordinal       INTEGER NOT NULL,
    heading       VARCHAR,
    text          VARCHAR NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    fingerprint   VARCHAR NOT NULL,     -- of its text without whitespace: a plan in another format keeps it
    page_start    INTEGER,              -- PDF sources: the pages the provision is printed on
    page_end      INTEGER,
    CHECK (0 <= char_start AND char_start < char_end)
);

-- The cells of flattened indicator tables (002's 重点指标目标表), one row per cell.
CREATE TABLE table_cells (
    provision_id  VARCHAR NOT NULL REFERENCES provisions (provision_id),
    col           INTEGER NOT NULL,
    header        VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    PRIMARY KEY (provision_id, col)
);

CREATE TABLE build_info (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);

-- One row per build, ingest, rebuild or scheduled run that published this warehouse (or tried to).
CREATE TABLE runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    trigger      VARCHAR NOT NULL,   -- build, ingest, rebuild, schedule
    new          INTEGER NOT NULL,   -- files loaded
    unchanged    INTEGER NOT NULL,
    duplicate    INTEGER NOT NULL,
    superseded   INTEGER NOT NULL,
    quarantined  INTEGER NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('ok', 'quarantined', 'failed')),
    message      VARCHAR,
    extractor_version VARCHAR NOT NULL,
    flow_run_id  VARCHAR             -- the Prefect flow run, when it ran as one
);

-- What each run saw, one line per file (what `planatlas ingest` prints).
CREATE TABLE run_files (
    run_id         VARCHAR NOT NULL,
    n              INTEGER NOT NULL,
    source_path    VARCHAR NOT NULL,
    source_sha256  VARCHAR,
    outcome        VARCHAR NOT NULL CHECK (outcome IN ('loaded', 'unchanged', 'duplicate', 'superseded', 'quarantined')),
    detail         VARCHAR,
    PRIMARY KEY (run_id, n)
);

-- Web sources a scheduled run polls: what the server said last, for conditional requests.
CREATE TABLE sources (
    url             VARCHAR PRIMARY KEY,
    etag            VARCHAR,
    last_modified   VARCHAR,
    last_sha256     VARCHAR,
    last_status     INTEGER,
    last_checked_at TIMESTAMP,
    last_changed_at TIMESTAMP
);
