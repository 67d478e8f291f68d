"""Links at scale (warehouse.link_candidates): candidate wordings instead of all pairs.

The regime starts above LINKS_MAX_PLANS current plans; here it is forced on small warehouses
(LINKS_MAX_PLANS = 0) so that it can be set against the exact all-pairs links of the same corpus.
"""
import shutil

import duckdb
import pytest

import warehouse.search_index as search_index
from pipeline.steps import ingest_plain
from tests.plan_texts import ingest_plan, plan_text
from warehouse import link_candidates


@pytest.fixture()
def at_scale(monkeypatch):
    monkeypatch.setattr(search_index, "LINKS_MAX_PLANS", 0)


def _best(con) -> dict[str, tuple[str, float]]:
    return {r[0]: (r[1], r[2]) for r in con.execute("""
        SELECT provision_id, other_provision_id, score FROM provision_links
        QUALIFY row_number() OVER (PARTITION BY provision_id ORDER BY score DESC, other_plan_id) = 1""").fetchall()}


def test_candidates_recover_the_exact_links_of_the_corpus(built_db, tmp_path, at_scale):
    """On the six real plans: every strong exact pair (score >= 0.5) is found, the best exact
    counterpart is among a provision's links for at least 95%, and the links found are the exact
    best of their plan with the exact score (rounding aside)."""
    scaled = tmp_path / "scaled.duckdb"
    shutil.copyfile(built_db, scaled)
    con = duckdb.connect(str(scaled))
    try:
        search_index.build_search(con)
        links = con.execute("SELECT provision_id, other_provision_id, other_plan_id, score FROM provision_links").fetchall()
    finally:
        con.close()
    exact_con = duckdb.connect(str(built_db), read_only=True)
    try:
        exact = {(r[0], r[1]): r[2] for r in exact_con.execute(
            "SELECT provision_id, other_provision_id, score FROM provision_links").fetchall()}
        best = _best(exact_con)
    finally:
        exact_con.close()
    found: dict[str, set[str]] = {}
    for pid, other, _, _ in links:
        found.setdefault(pid, set()).add(other)
    strong = [p for p, (_, s) in best.items() if s >= 0.5]
    assert len(strong) > 500
    assert all(best[p][0] in found.get(p, ()) for p in strong)
    assert sum(best[p][0] in found.get(p, ()) for p in best) / len(best) >= 0.95
    agreeing = [(p, o, s) for p, o, _, s in links if (p, o) in exact]
    assert len(agreeing) / len(links) >= 0.99
    assert all(abs(s - exact[(p, o)]) <= 0.05 for p, o, s in agreeing)
    per_plan = {}
    for pid, _, other_plan, _ in links:
        per_plan[(pid, other_plan)] = per_plan.get((pid, other_plan), 0) + 1
    assert set(per_plan.values()) == {1}
    assert max(len(v) for v in found.values()) <= link_candidates.LINKS_PER_PROVISION


def test_same_wording_other_numbers_and_the_bound_on_plans(tmp_path, at_scale):
    """Eight plans of one template with different figures: the infant-mortality goal of each links
    to that goal in LINKS_PER_PROVISION other plans, with score 1, as the same indicator with another
    target where the figures differ and as near-identical where they agree."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    places = ["德惠市", "农安县", "榆树市", "梨树县", "伊通县", "东丰县", "辉南县", "柳河县"]
    for i, place in enumerate(places):
        imr = "4.5" if i < 4 else f"{5 + i}.0"
        (inbox / f"{i}.txt").write_text(plan_text(place, imr=imr), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest_plain([inbox], db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        goal = con.execute("""SELECT provision_id FROM provisions WHERE plan_id = 'dehui-children'
                              AND text LIKE '%婴儿死亡率%' AND kind = 'goal'""").fetchall()[0][0]
        rows = con.execute("""SELECT l.other_plan_id, l.score, l.relation, o.text LIKE '%4.5‰%'
                              FROM provision_links l JOIN provisions o ON o.provision_id = l.other_provision_id
                              WHERE l.provision_id = ?""", [goal]).fetchall()
        neighbours = con.execute("""SELECT len(doc_ids) FROM search_neighbours n JOIN search_docs d USING (doc_id)
                                    WHERE d.provision_id = ?""", [goal]).fetchall()
    finally:
        con.close()
    assert len(rows) == link_candidates.LINKS_PER_PROVISION
    assert len({r[0] for r in rows}) == len(rows) and "dehui-children" not in {r[0] for r in rows}
    for _, score, relation, same_figure in rows:
        assert score == 1.0
        assert relation == ("near_identical" if same_figure else "same_indicator_different_target")
    assert neighbours and neighbours[0][0] >= link_candidates.LINKS_PER_PROVISION


def test_an_ingest_links_the_new_plan_only(built_db, tmp_path, at_scale):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(built_db, db)
    con = duckdb.connect(str(db))
    try:
        search_index.build_search(con)
        before = con.execute("SELECT * FROM provision_links ORDER BY ALL").fetchall()
    finally:
        con.close()
    ingest_plan(db, tmp_path / "in", "新安县")
    con = duckdb.connect(str(db), read_only=True)
    try:
        after = con.execute("SELECT * FROM provision_links WHERE plan_id <> 'xinan-children' ORDER BY ALL").fetchall()
        new = con.execute("""SELECT count(DISTINCT provision_id), count(*) FILTER (WHERE score >= 0.5)
                             FROM provision_links WHERE plan_id = 'xinan-children'""").fetchall()[0]
        n_new = con.execute("SELECT count(*) FROM provisions WHERE plan_id = 'xinan-children'").fetchall()[0][0]
    finally:
        con.close()
    assert after == before
    assert new[0] >= 0.9 * n_new and new[1] > 0
