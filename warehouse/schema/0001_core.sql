-- Core structure: documents, plans, their sections, domains and provisions.
-- Offsets (char_start, char_end) index the ORIGINAL decoded source text, BOM excluded,
-- line endings as they were: original[char_start:char_end] is the row's source.

CREATE TABLE documents (
    source_sha256   VARCHAR PRIMARY KEY,  -- sha256 of the raw file bytes
    source_path     VARCHAR NOT NULL,     -- absolute path at build time
    source_file     VARCHAR NOT NULL,     -- file name inside the corpus directory
    encoding        VARCHAR NOT NULL,     -- how the bytes were decoded
    had_bom         BOOLEAN NOT NULL,
    n_chars         INTEGER NOT NULL,
    n_plans         INTEGER NOT NULL
);

CREATE TABLE quarantine (
    source_path     VARCHAR NOT NULL,
    source_sha256   VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL
);

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
    source_sha256    VARCHAR NOT NULL REFERENCES documents (source_sha256),
    plan_index       INTEGER NOT NULL,     -- position of the plan inside its document, from 0
    metadata_source  VARCHAR NOT NULL CHECK (metadata_source IN ('metadata', 'inferred')),
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
