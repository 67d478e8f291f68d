-- What a run warned about without refusing anything: problems in a plans.csv (a binary or
-- malformed file, a bad row, a row naming a file that is not there). Unattended runs keep them here
-- as well as printing them.
ALTER TABLE runs ADD COLUMN warnings VARCHAR[];
