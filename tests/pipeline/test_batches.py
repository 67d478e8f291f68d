"""How the flow cuts a run into batches for the task runner, and what each batch carries."""
from pipeline.steps import metadata_for


def test_a_batch_carries_the_metadata_rows_of_its_files_and_those_naming_no_file_of_the_run():
    rows = [{"source_file": "a.txt", "plan_index": "0"}, {"source_file": "a.txt", "plan_index": "1"},
            {"source_file": "b.txt", "plan_index": "0"}, {"source_file": "c.txt", "plan_index": "0"},
            {"source_file": "renamed-away.txt", "plan_index": "0"}]
    run = {"a.txt", "b.txt", "c.txt"}
    assert metadata_for({"a.txt", "c.txt"}, rows, run) == [rows[0], rows[1], rows[3], rows[4]]
    assert metadata_for({"b.txt"}, rows, run) == [rows[2], rows[4]]
    # every row goes to some batch, and a row no file of the run is named by goes to each
    batches = [{"a.txt"}, {"b.txt"}, {"c.txt"}]
    given = [metadata_for(b, rows, run) for b in batches]
    assert all(r in sum(given, []) for r in rows) and all(rows[4] in g for g in given)
