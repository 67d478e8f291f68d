-- Numeric targets (issue 3) and the canonical indicator registry (issue 4).
CREATE TABLE indicators (
    code     VARCHAR PRIMARY KEY,
    name_zh  VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL,
    unit     VARCHAR,
    better   VARCHAR CHECK (better IN ('lower', 'higher')),
    domain   VARCHAR,
    aliases  VARCHAR[] NOT NULL
);

CREATE TABLE targets (
    target_id           VARCHAR PRIMARY KEY,
    plan_id             VARCHAR NOT NULL REFERENCES plans (plan_id),
    provision_id        VARCHAR NOT NULL REFERENCES provisions (provision_id),
    indicator           VARCHAR,
    indicator_code      VARCHAR,
    indicator_confidence DOUBLE,
    indicator_method    VARCHAR,          -- alias, fuzzy or NULL
    comparator          VARCHAR NOT NULL CHECK (comparator IN ('<=', '>=', '=', 'range', 'decrease', 'increase')),
    strict              BOOLEAN NOT NULL, -- a strict bound: '>=' with strict is > (超过, 高于, 大于, 余), '<=' is < (低于, 不足)
    value               DOUBLE NOT NULL,
    value_high          DOUBLE,
    unit                VARCHAR,
    per_year            BOOLEAN NOT NULL,
    target_year         INTEGER,
    baseline_year       INTEGER,
    baseline_value      DOUBLE,
    kind                VARCHAR NOT NULL CHECK (kind IN ('target', 'achieved')),
    value_text          VARCHAR NOT NULL, -- the source text at [value_start, value_end)
    value_start         INTEGER NOT NULL,
    value_end           INTEGER NOT NULL,
    evidence_start      INTEGER NOT NULL,
    evidence_end        INTEGER NOT NULL,
    evidence            VARCHAR NOT NULL, -- exactly documents.text[evidence_start:evidence_end]
    evidence_clean      VARCHAR NOT NULL, -- the same clause cleaned for reading (PDF breaks and stray spaces joined)
    extractor_version   VARCHAR NOT NULL,
    CHECK (0 <= value_start AND value_start < value_end),
    CHECK (evidence_start <= value_start AND value_end <= evidence_end)
);
