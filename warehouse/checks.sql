-- Zero-row data checks: every query must return no rows. Each is headed by a "name:" comment line.
-- {scope:EXPR} marks what an ingest needs to check of a check that reads every row (warehouse.checks):
-- the rows whose plan EXPR the run added; a full build checks every row.
-- name: provision_outside_plan
SELECT p.provision_id FROM provisions p JOIN plans l USING (plan_id)
WHERE p.char_start < l.char_start OR p.char_end > l.char_end;
-- name: domain_outside_plan
SELECT d.domain_id FROM domains d JOIN plans l USING (plan_id)
WHERE d.char_start < l.char_start OR d.char_end > l.char_end;
-- name: provision_outside_domain
SELECT p.provision_id FROM provisions p JOIN domains d USING (domain_id)
WHERE p.char_start < d.char_start OR p.char_end > d.char_end;
-- name: domain_provision_without_domain
SELECT provision_id FROM provisions WHERE kind IN ('goal', 'measure') AND domain_id IS NULL;
-- name: duplicate_provision_ordinal
SELECT plan_id, domain_id, kind, ordinal FROM provisions WHERE {scope:plan_id}
GROUP BY ALL HAVING count(*) > 1;
-- name: domain_code_not_in_vocabulary
SELECT d.domain_id FROM domains d JOIN plans p USING (plan_id)
WHERE d.code IS NOT NULL AND NOT (
    (p.subject = 'children' AND d.code IN ('health', 'safety', 'education', 'welfare', 'family', 'environment', 'law'))
 OR (p.subject = 'women' AND d.code IN ('health', 'education', 'economy', 'decision_making', 'social_security', 'family', 'environment', 'law')));
-- name: empty_provision_text
SELECT provision_id FROM provisions WHERE {scope:plan_id} AND length(trim(text)) = 0;
-- name: plan_without_domains
SELECT plan_id FROM plans WHERE plan_id NOT IN (SELECT plan_id FROM domains);
-- name: target_outside_its_provision
SELECT t.target_id FROM targets t JOIN provisions v USING (provision_id)
WHERE t.value_start < v.char_start OR t.value_end > v.char_end;
-- name: target_plan_mismatch
SELECT t.target_id FROM targets t JOIN provisions v USING (provision_id) WHERE t.plan_id <> v.plan_id;
-- name: range_without_high_value
SELECT target_id FROM targets WHERE (comparator = 'range') <> (value_high IS NOT NULL);
-- name: target_without_extractor_version
SELECT target_id FROM targets WHERE extractor_version IS NULL OR extractor_version = '';
-- name: target_indicator_not_in_registry
SELECT target_id FROM targets WHERE indicator_code IS NOT NULL AND indicator_code NOT IN (SELECT code FROM indicators);
-- name: target_indicator_mapping_incomplete
SELECT target_id FROM targets
WHERE (indicator_code IS NULL) <> (indicator_method IS NULL) OR (indicator_code IS NULL) <> (indicator_confidence IS NULL)
   OR indicator_method NOT IN ('alias', 'fuzzy') OR indicator_confidence NOT BETWEEN 0 AND 1;
-- name: comparison_not_one_row_per_indicator_plan_year_kind
SELECT indicator_code, plan_id, year, kind FROM target_comparison WHERE {scope:plan_id} GROUP BY ALL HAVING count(*) > 1;
-- name: plan_without_its_document_text
SELECT p.plan_id FROM plans p
WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.source_sha256 = p.source_sha256 AND d.text IS NOT NULL);
-- name: offsets_beyond_document_text
SELECT v.provision_id FROM provisions v JOIN plans p USING (plan_id)
JOIN (SELECT DISTINCT source_sha256, length(text) AS n FROM documents WHERE text IS NOT NULL
      AND source_sha256 IN (SELECT source_sha256 FROM plans WHERE {scope:plan_id})) d USING (source_sha256)
WHERE {scope:v.plan_id} AND (v.char_end > d.n OR p.char_end > d.n);
-- name: family_without_exactly_one_current_version
SELECT family_id FROM plans GROUP BY family_id HAVING count(*) FILTER (WHERE is_current) <> 1;
-- name: duplicate_without_original
SELECT source_sha256, original_name FROM documents
WHERE status = 'duplicate' AND duplicate_of IS NULL;
-- name: quarantined_without_reason
SELECT source_sha256, original_name FROM documents WHERE status = 'quarantined' AND coalesce(reason, '') = '';
-- name: loaded_document_without_plans
SELECT source_sha256, original_name FROM documents
WHERE status IN ('loaded', 'superseded') AND source_sha256 NOT IN (SELECT source_sha256 FROM plans);
-- name: search_doc_without_provision
SELECT doc_id FROM search_docs WHERE {scope:plan_id} AND provision_id NOT IN (SELECT provision_id FROM provisions);
-- name: link_without_provisions
SELECT provision_id, other_provision_id FROM provision_links WHERE ({scope:plan_id} OR {scope:other_plan_id})
AND (provision_id NOT IN (SELECT provision_id FROM provisions) OR other_provision_id NOT IN (SELECT provision_id FROM provisions));
-- name: links_not_one_per_provision_and_other_plan
-- (a run's links are those of its plans' provisions and those to its plans: a pair repeated would be two of them)
SELECT provision_id, other_plan_id FROM provision_links WHERE {scope:plan_id} OR {scope:other_plan_id}
GROUP BY ALL HAVING count(*) > 1;
-- name: evidence_not_the_source_text
SELECT t.target_id FROM targets t JOIN plans p USING (plan_id)
JOIN (SELECT DISTINCT source_sha256, text FROM documents WHERE text IS NOT NULL
      AND source_sha256 IN (SELECT source_sha256 FROM plans WHERE {scope:plan_id})) d USING (source_sha256)
WHERE {scope:t.plan_id} AND (t.evidence <> substr(d.text, t.evidence_start + 1, t.evidence_end - t.evidence_start)
   OR t.value_text <> substr(d.text, t.value_start + 1, t.value_end - t.value_start));
