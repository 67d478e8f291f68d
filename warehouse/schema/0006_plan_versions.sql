-- Plan versions (issue 8): what changed in the targets when a revised plan superseded an earlier one.
-- One row per target that differs between a version and the one it superseded: changed (same
-- indicator, year and kind; another value, bound or unit), added (only in the new version) or
-- removed (only in the old). Targets are matched on their indicator code (else their printed
-- indicator), year (printed, else the end of the plan's period), kind and whether they state a
-- level, a change or a range; several targets under one key pair up in printed order.
CREATE VIEW plan_versions AS
WITH pairs AS (
    SELECT n.family_id, o.plan_id AS old_plan_id, n.plan_id AS new_plan_id, o.version AS old_version,
           n.version AS new_version
    FROM plans n JOIN plans o ON o.plan_id = n.supersedes
), keyed AS (
    SELECT t.plan_id, t.target_id, t.indicator, t.indicator_code, t.comparator, t.value, t.value_high, t.unit,
           t.per_year, t.kind, t.value_text, t.evidence, t.value_start,
           coalesce(t.target_year, CASE WHEN t.kind = 'target' THEN p.period_end END) AS year,
           coalesce(t.indicator_code, regexp_replace(coalesce(t.indicator, ''), '\s', '', 'g')) AS ikey,
           CASE WHEN t.comparator IN ('=', '<=', '>=') THEN 'level' ELSE t.comparator END AS measure
    FROM targets t JOIN plans p USING (plan_id)
), numbered AS (
    SELECT *, row_number() OVER (PARTITION BY plan_id, ikey, year, kind, measure ORDER BY value_start) AS k
    FROM keyed
), old_t AS (
    SELECT p.*, n.* EXCLUDE (plan_id) FROM pairs p JOIN numbered n ON n.plan_id = p.old_plan_id
), new_t AS (
    SELECT p.*, n.* EXCLUDE (plan_id) FROM pairs p JOIN numbered n ON n.plan_id = p.new_plan_id
)
SELECT coalesce(n.family_id, o.family_id) AS family_id,
       coalesce(n.old_plan_id, o.old_plan_id) AS old_plan_id, coalesce(n.new_plan_id, o.new_plan_id) AS new_plan_id,
       coalesce(n.indicator_code, o.indicator_code) AS indicator_code,
       coalesce(n.indicator, o.indicator) AS indicator,
       coalesce(n.year, o.year) AS year, coalesce(n.kind, o.kind) AS kind,
       CASE WHEN o.target_id IS NULL THEN 'added' WHEN n.target_id IS NULL THEN 'removed' ELSE 'changed' END AS change,
       o.comparator AS old_comparator, o.value AS old_value, o.value_high AS old_value_high, o.unit AS old_unit,
       n.comparator AS new_comparator, n.value AS new_value, n.value_high AS new_value_high, n.unit AS new_unit,
       coalesce(n.unit, o.unit) AS unit, o.value_text AS old_value_text, n.value_text AS new_value_text,
       o.target_id AS old_target_id, n.target_id AS new_target_id, o.evidence AS old_evidence, n.evidence AS new_evidence
FROM old_t o FULL JOIN new_t n
  ON n.old_plan_id = o.old_plan_id AND n.new_plan_id = o.new_plan_id AND n.ikey = o.ikey
 AND n.year IS NOT DISTINCT FROM o.year AND n.kind = o.kind AND n.measure = o.measure AND n.k = o.k
WHERE o.target_id IS NULL OR n.target_id IS NULL
   OR o.value IS DISTINCT FROM n.value OR o.value_high IS DISTINCT FROM n.value_high
   OR o.unit IS DISTINCT FROM n.unit OR o.comparator IS DISTINCT FROM n.comparator
   OR o.per_year IS DISTINCT FROM n.per_year;
