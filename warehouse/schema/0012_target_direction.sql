-- targets.direction: which way a change target moves its indicator. The contract's comparator for
-- 每年下降0.5-1个百分点 is 'range', which cannot say that the range is one of a decrease; the display
-- showed "0.5–1个百分点/yr", read as a rise. Now "−(0.5–1)个百分点/yr", and such a range is compared only
-- with ranges of the same direction (comparable_as "range of decrease 个百分点 per year").
-- Rows loaded before this migration: decrease/increase targets get their comparator; ranges stay
-- NULL until `planatlas rebuild` re-reads them. The view is 0004's, restated here with the direction
-- (a migration replaces a view whole; 0004 stays as applied, its digest recorded in older warehouses).
ALTER TABLE targets ADD COLUMN direction VARCHAR;
UPDATE targets SET direction = comparator WHERE comparator IN ('decrease', 'increase');

CREATE OR REPLACE MACRO pa_display(comparator, value, value_high, unit, per_year, value_text, direction) AS
    CASE WHEN comparator IN ('<=', '>=') THEN CASE comparator WHEN '<=' THEN '≤' ELSE '≥' END
         WHEN coalesce(direction, comparator) = 'decrease' THEN '−'
         WHEN coalesce(direction, comparator) = 'increase' THEN '+' ELSE '' END
    || CASE WHEN comparator = 'range' AND direction IS NOT NULL  -- −(0.5–1): both ends are falls
            THEN '(' || pa_number(value, value_text) || '–' || pa_number(value_high, value_text) || ')'
            WHEN comparator = 'range' THEN pa_number(value, value_text) || '–' || pa_number(value_high, value_text)
            ELSE pa_number(value, value_text) END
    || CASE WHEN unit = '1/10万' THEN '/10万' ELSE coalesce(unit, '') END
    || CASE WHEN per_year THEN '/yr' ELSE '' END;

-- One row per indicator x plan x year x kind. The year of a target is the year the text ties it
-- to, else the end of the plan's period (year_stated says which). When a plan states the same
-- indicator for the same year more than once, the row comes from its indicator table, then its
-- main goals (主要目标), then measures, then projects, then the earliest in the text; the others
-- are kept in other_values so a disagreement inside a plan stays visible.
CREATE OR REPLACE VIEW target_comparison AS
WITH mapped AS (
    SELECT t.*, p.jurisdiction, p.jurisdiction_en, p.subject, p.period_start, p.period_end,
           p.source_file, p.plan_index, v.kind AS provision_kind,
           CASE WHEN t.kind = 'target' THEN coalesce(t.target_year, p.period_end) ELSE t.target_year END AS year,
           t.target_year IS NOT NULL AS year_stated,
           pa_display(t.comparator, t.value, t.value_high, t.unit, t.per_year, t.value_text, t.direction)
               || CASE WHEN t.comparator IN ('decrease', 'increase') AND t.baseline_year IS NOT NULL
                       THEN ' vs ' || t.baseline_year ELSE '' END AS display
    FROM targets t JOIN plans p USING (plan_id) JOIN provisions v USING (provision_id)
    WHERE t.indicator_code IS NOT NULL AND p.is_current  -- superseded versions: see plan_versions
), ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY indicator_code, plan_id, year, kind
                              ORDER BY CASE provision_kind WHEN 'table_row' THEN 0 WHEN 'goal' THEN 1
                                           WHEN 'overall_goal' THEN 2 WHEN 'measure' THEN 3 WHEN 'project' THEN 4
                                           ELSE 5 END,
                                       value_start) AS pick,
           count(*) OVER (PARTITION BY indicator_code, plan_id, year, kind) AS mentions
    FROM mapped
), others AS (
    SELECT r.target_id, list(m.display || ' [' || m.target_id || ']' ORDER BY m.value_start) AS other_values
    FROM ranked r JOIN ranked m
      ON m.indicator_code = r.indicator_code AND m.plan_id = r.plan_id AND m.kind = r.kind
     AND m.year IS NOT DISTINCT FROM r.year AND m.pick > 1
    WHERE r.pick = 1
    GROUP BY r.target_id
), chosen AS (
    SELECT r.*, o.other_values FROM ranked r LEFT JOIN others o USING (target_id) WHERE r.pick = 1
), achieved AS (
    SELECT plan_id, indicator_code, year, value, unit FROM chosen WHERE kind = 'achieved' AND year IS NOT NULL
)
SELECT c.indicator_code, i.name_zh, i.name_en, i.domain AS indicator_domain, i.better, i.unit AS indicator_unit,
       c.plan_id, c.jurisdiction, c.jurisdiction_en, c.subject, c.year, c.year_stated, c.kind,
       c.comparator, c.value, c.value_high, c.unit, c.per_year, c.display, c.direction,
       CASE WHEN c.comparator IN ('=', '<=', '>=') THEN 'level' ELSE c.comparator END
           || CASE WHEN c.comparator = 'range' AND c.direction IS NOT NULL THEN ' of ' || c.direction ELSE '' END
           || ' ' || coalesce(pa_unit(c.unit), '') || CASE WHEN c.per_year THEN ' per year' ELSE '' END
           AS comparable_as,
       coalesce(c.baseline_value, a.value) AS baseline_value,
       coalesce(c.baseline_year, a.year) AS baseline_year,
       CASE WHEN c.baseline_value IS NOT NULL THEN 'stated' WHEN a.value IS NOT NULL THEN 'achieved' END AS baseline_source,
       CASE WHEN c.baseline_value IS NOT NULL THEN c.unit ELSE a.unit END AS baseline_unit,
       c.indicator AS indicator_printed, c.value_text, c.evidence, c.target_id, c.provision_id, c.provision_kind,
       c.indicator_confidence, c.indicator_method, c.mentions, coalesce(c.other_values, []) AS other_values,
       c.source_file, c.value_start, c.value_end, c.evidence_start, c.evidence_end
FROM chosen c
JOIN indicators i ON i.code = c.indicator_code
LEFT JOIN LATERAL (
    -- no baseline printed with the target: the plan's own achieved figure for the indicator, of the
    -- baseline year the target names, else the latest before the target's year
    SELECT a.value, a.year, a.unit FROM achieved a
    WHERE c.kind = 'target' AND c.baseline_value IS NULL AND a.plan_id = c.plan_id
      AND a.indicator_code = c.indicator_code AND a.year < c.year
      AND (c.baseline_year IS NULL OR a.year = c.baseline_year)
    ORDER BY a.year DESC LIMIT 1
) a ON true;
