"""The search index and provision_links built with the warehouse, searching it, and the relevance gate."""

import json

import pytest

from tests.conftest import GOLD
from warehouse import search as search_module
from warehouse.search import SearchError, build_search, links, provision, search
from warehouse.search_eval import evaluate, load_gold, plan_recall_at_1, resolve_quote, unique_quote
from warehouse.synthetic import write_corpus

# Achieved on the judged set (tests/gold/search_relevance.jsonl: 36 dev queries + 10 held out), see
# README: recall@10 0.956, MRR 0.970 with the 736- and 1,018-entry lexicons (0.970 / 0.978 with 178 entries; before the
# lay lexicon 0.964 / 0.972). The gates sit a little below.
MIN_RECALL_AT_10 = 0.94
MIN_MRR = 0.95
MIN_HOLDOUT = 0.90
# Achieved on the paraphrased draft sentences (tests/gold/search_drafts.jsonl, 25 queries written to
# tune counterpart propagation and the thesaurus): recall@10 0.942, MRR 0.933 (before the lay lexicon
# 0.882 / 0.896; before counterparts and thesaurus 0.749 / 0.873).
MIN_DRAFTS_RECALL = 0.85
MIN_DRAFTS_MRR = 0.85
# Lay wording (README, Precedent search). The lay dev set (tests/gold/search_lay_dev.jsonl, 66 queries
# in everyday words, 52 written before the lexicon, 14 after) reaches plan-recall@1 0.896 (259 of 289
# query x plan pairs; the first 52: 0.357 before, 0.900 now); the indicator-wording set (registry names and aliases, relevant = provisions
# holding that indicator's target) 1.000 (0.976 before). The held-out blind lay set is reported in the
# README, never gated: it is scored once per change and must not be tuned on.
MIN_LAY_DEV_PLAN_RECALL = 0.87
MIN_INDICATOR_PLAN_RECALL = 0.98
# Lay sentences (tests/gold/search_lay_sentences_dev.jsonl: 45 complaints and questions in everyday
# words, written and judged by someone who never saw the search code, then tuned on): 0.562 before the
# entries they prompted, 0.693 after, 0.733 with the 736 lexicon, 0.767 with story weighting. Its held-out
# twins, search_lay_blind2.jsonl and search_lay_blind3.jsonl (and the phrases of blind4), are never gated.
MIN_LAY_SENTENCES_PLAN_RECALL = 0.67


def test_the_build_indexes_every_provision(con):
    n = con.execute("SELECT count(*) FROM provisions").fetchall()[0][0]
    assert con.execute("SELECT count(*) FROM search_docs").fetchall()[0][0] == n
    info = dict(con.execute("SELECT key, value FROM search_info").fetchall())
    assert info["n_docs"] == str(n) and info["tokenizer_version"] == search_module.search_text.TOKENIZER_VERSION
    df, doc_ids = con.execute("""SELECT sum(len(doc_ids)), flatten(list(doc_ids)) FROM search_terms
                                 WHERE term = '婴儿死亡率'""").fetchall()[0]
    assert df == 2 and len(doc_ids) == 2  # 常宁's goal and measure; the others write 婴儿和5岁以下儿童死亡率
    assert info["segments"] == "1"


def test_infant_mortality_finds_the_goal_of_every_childrens_plan(con):
    hits = search(con, "婴儿死亡率")
    assert hits[0].provision_id == "changning-children/d1/goal/3"
    goals = {h.provision_id for h in hits}
    assert {"gaotai-children/d1/goal/3", "hangzhou-children/d2/goal/2", "panshan-children/d1/goal/3",
            "yushu-children/d1/goal/3"} <= goals
    h = hits[0]
    assert h.jurisdiction == "常宁市" and h.kind == "goal" and h.domain_code == "health" and h.ordinal == 3
    assert [h.text[a:b] for a, b in h.highlights] == ["死亡率", "婴儿死亡率", "死亡率"]
    assert h.char_end - h.char_start >= len(h.text) - 2
    assert [x.rank for x in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


def test_traditional_and_full_width_queries_find_the_same(con):
    ids = lambda q: [h.provision_id for h in search(con, q, limit=5)]  # noqa: E731
    assert ids("兒童溺水死亡率") == ids("儿童溺水死亡率")
    assert ids("５岁以下儿童贫血患病率控制在１０％以下") == ids("5岁以下儿童贫血患病率控制在10%以下")
    assert ids("  婴儿死亡率！！") == ids("婴儿死亡率")


def test_a_draft_paragraph_finds_its_counterparts(con):
    q = ("实施儿童眼健康行动，加强0-6岁儿童眼保健和视力检查工作，建立儿童视力电子档案。"
         "减轻学生学业负担，保障儿童每天接触户外自然光不少于1小时。")
    top5 = {h.provision_id for h in search(con, q, limit=5)}
    assert top5 == {"changning-children/d1/measure/9", "gaotai-children/d1/measure/11",
                    "hangzhou-children/d2/measure/9", "panshan-children/d1/measure/12", "yushu-children/d1/measure/11"}


def test_filters_and_per_plan(con):
    assert {h.plan_id for h in search(con, "家庭暴力", jurisdiction="高台县", limit=20)} == {"gaotai-children", "gaotai-women"}
    assert {h.plan_id for h in search(con, "家庭暴力", jurisdiction="Gaotai", limit=20)} == {"gaotai-children", "gaotai-women"}
    assert {h.kind for h in search(con, "溺水", kind="goal")} == {"goal"}
    assert {h.domain_code for h in search(con, "心理健康", domain="education", limit=20)} == {"education"}
    hits = search(con, "儿童", per_plan=1, limit=10)
    assert len(hits) == 6 and len({h.plan_id for h in hits}) == 6
    two = search(con, "溺水", per_plan=2, limit=10)
    assert max(sum(h.plan_id == p for h in two) for p in {h.plan_id for h in two}) == 2
    # the per-plan cap keeps the best of each plan: the same as filtering the uncapped list
    full = search(con, "溺水", limit=100)
    kept, seen = [], {}
    for h in full:
        seen[h.plan_id] = seen.get(h.plan_id, 0) + 1
        if seen[h.plan_id] <= 2:
            kept.append(h.provision_id)
    assert [h.provision_id for h in two] == kept[:10]


def test_bad_requests_say_what_is_allowed(con):
    with pytest.raises(SearchError, match="kinds are: goal, measure"):
        search(con, "溺水", kind="goals")
    with pytest.raises(SearchError, match="codes are: .*health"):
        search(con, "溺水", domain="heath")
    with pytest.raises(SearchError, match="jurisdictions are: .*高台县"):
        search(con, "溺水", jurisdiction="北京市")
    with pytest.raises(SearchError, match="no searchable words"):
        search(con, "，。！的")
    for bad, message in (({"limit": 0}, "--limit must be at least 1"),
                         ({"limit": 2**63}, "--limit must be at most 9223372036854775807"),
                         ({"per_plan": 0}, "--per-plan must be at least 1"),
                         ({"per_plan": 10**30}, "--per-plan must be at most 9223372036854775807")):
        with pytest.raises(SearchError, match=message):
            search(con, "溺水", **bad)
    with pytest.raises(SearchError, match="no provision 'changning-children/d1/goal/999'; e.g."):
        provision(con, "changning-children/d1/goal/999")


def test_links_pair_each_provision_with_every_other_plan(con):
    n_plans = con.execute("SELECT count(*) FROM plans").fetchall()[0][0]
    worst = con.execute("""SELECT max(c) FROM (SELECT count(*) AS c FROM provision_links GROUP BY provision_id)""").fetchall()[0][0]
    assert worst == n_plans - 1
    found = {l.other.plan_id: l for l in links(con, "changning-children/d1/goal/3")}
    assert found["panshan-children"].other.provision_id == "panshan-children/d1/goal/3"
    assert found["panshan-children"].relation == "same_indicator_different_target"
    # shared indicators: registry names found in both texts, and the targets' indicator codes
    assert set(found["panshan-children"].shared_indicators) & {"infant_mortality_rate", "under5_mortality_rate"}
    # 3.0‰, 5.0‰, 6.0‰ both, but 常宁's for 2025 (its plan's last year) and 高台's for 2030: no year in
    # common, so no target to compare (see test_relation_compares_targets_of_the_same_year_only)
    assert found["gaotai-children"].relation == "related"
    near = {l.other.provision_id: l.relation for l in links(con, "gaotai-children/d1/goal/2")}
    assert near["panshan-children/d1/goal/2"] == "near_identical"
    scores = [l.score for l in links(con, "changning-children/d1/goal/3")]
    assert scores == sorted(scores, reverse=True) and 0 < min(scores) and max(scores) <= 1


def test_relevance_gate(con):
    """recall@10 and MRR over the judged query set, with every relevant provision resolved by quote."""
    gold = load_gold(GOLD / "search_relevance.jsonl")
    assert len([g for g in gold if g.get("split", "dev") == "dev"]) >= 30
    assert {g["type"] for g in gold} >= {"phrase", "sentence", "paraphrase", "traditional", "fullwidth", "paragraph"}
    report = evaluate(con, gold)
    plans_with_relevant = {r["plan_id"] for g in gold for r in g["relevant"]}
    assert len(plans_with_relevant) == 6
    assert report.recall >= MIN_RECALL_AT_10, [(r.id, r.recall) for r in report.results if r.recall < 1]
    assert report.mrr >= MIN_MRR, [(r.id, r.reciprocal_rank) for r in report.results if r.reciprocal_rank < 1]
    n, recall, mrr = report.by("split")["holdout"]
    assert n >= 10 and recall >= MIN_HOLDOUT and mrr >= MIN_HOLDOUT


def test_a_query_with_nothing_relevant_is_left_out_of_recall_and_mrr(con):
    """Blind 17 keeps one query its writer found nothing relevant for: evaluate scores the others and
    leaves it out of both averages (it used to divide by zero)."""
    gold = load_gold(GOLD / "search_lay_blind17.jsonl")
    empty = [g["id"] for g in gold if not g["relevant"]]
    assert len(empty) == 1
    report = evaluate(con, gold[:3] + [g for g in gold if not g["relevant"]])
    assert [r.id for r in report.results] == [g["id"] for g in gold[:3]]


def test_relevance_gate_on_draft_paraphrases(con):
    gold = load_gold(GOLD / "search_drafts.jsonl")
    assert len(gold) >= 25 and {g["type"] for g in gold} == {"draft_paraphrase"}
    report = evaluate(con, gold)
    assert report.recall >= MIN_DRAFTS_RECALL, [(r.id, r.recall) for r in report.results if r.recall < 1]
    assert report.mrr >= MIN_DRAFTS_MRR, [(r.id, r.reciprocal_rank) for r in report.results if r.reciprocal_rank < 1]


def test_relevance_gate_on_lay_wording(con):
    """Each plan's first result (what a drafter reads with --per-plan 1) is relevant."""
    lay = load_gold(GOLD / "search_lay_dev.jsonl")
    assert len(lay) >= 40 and {g["type"] for g in lay} == {"phrase", "sentence", "traditional"}
    # every plan listed for a query has exactly one provision a drafter should see first
    for g in lay:
        plans = {r["plan_id"] for r in g["relevant"]}
        assert sorted(r["plan_id"] for r in g["relevant"] if r.get("best")) == sorted(plans), g["id"]
    firsts = plan_recall_at_1(con, lay)
    assert sum(f.hit for f in firsts) / len(firsts) >= MIN_LAY_DEV_PLAN_RECALL, \
        [(f.id, f.plan_id, f.first) for f in firsts if not f.hit]
    sentences = load_gold(GOLD / "search_lay_sentences_dev.jsonl")
    assert len(sentences) >= 40
    firsts = plan_recall_at_1(con, sentences)
    assert sum(f.hit for f in firsts) / len(firsts) >= MIN_LAY_SENTENCES_PLAN_RECALL, \
        [(f.id, f.plan_id, f.first) for f in firsts if not f.hit]
    wording = load_gold(GOLD / "search_indicator_wording.jsonl")
    assert len({g["indicator_code"] for g in wording}) >= 40
    firsts = plan_recall_at_1(con, wording)
    assert sum(f.hit for f in firsts) / len(firsts) >= MIN_INDICATOR_PLAN_RECALL, \
        [(f.id, f.plan_id, f.first) for f in firsts if not f.hit]


CULTURAL_PRODUCTS_GOALS = {  # 提供更多有益于儿童全面发展的高质量精神文化产品, as each plan words it
    "gaotai-children/d6/goal/2", "yushu-children/d6/goal/2", "panshan-children/d6/goal/2",
    "hangzhou-children/d7/goal/2", "changning-children/d6/goal/3"}


def test_a_paraphrase_finds_every_plans_counterpart_through_links(con, monkeypatch):
    """Without the lay lexicon the drafter's words (动画片, 好看的书) are in no goal; 高台 and 榆树 match on
    多 and 儿童, and their counterparts in the other three plans, worded differently, come with them.
    With the lexicon (动画片, 好看的书 → 精神文化产品) every plan's goal is found directly."""
    query = "多给孩子们拍好看的动画片、写好看的书"
    no_lexicon = search_module.Features(query=search_module.search_text.QueryOptions(lexicon=False))
    top5 = search(con, query, kind="goal", limit=5, features=no_lexicon)
    assert {h.provision_id for h in top5} == CULTURAL_PRODUCTS_GOALS
    assert all("精神文化产品" in h.text for h in top5)
    monkeypatch.setattr(search_module, "PROPAGATION_WEIGHT", 0.0)
    alone = {h.provision_id for h in search(con, query, kind="goal", limit=10, features=no_lexicon)}
    assert CULTURAL_PRODUCTS_GOALS - alone == {"panshan-children/d6/goal/2", "hangzhou-children/d7/goal/2",
                                              "changning-children/d6/goal/3"}
    lexicon = {h.provision_id for h in search(con, query, kind="goal", limit=5)}
    assert lexicon == CULTURAL_PRODUCTS_GOALS


def test_no_result_is_lent_from_a_plan_for_another_group(con):
    # 女干部 is printed only in 高台县's women's plan; its goals (至少各配备1名女干部) are linked by form to
    # children's provisions (每所卫生院至少配备1名全科医生), which were lent a score and listed with none
    # of the query's words. A children's plan may still list a provision that holds one (干部).
    hits = search(con, "女干部", limit=30, per_plan=3)
    assert [h.provision_id for h in hits[:3]] == ["gaotai-women/d4/measure/5", "gaotai-women/d4/goal/4",
                                                  "gaotai-women/d4/goal/5"]
    assert all(h.matched_terms for h in hits), [h.provision_id for h in hits if not h.matched_terms]


def test_a_word_no_plan_uses_is_searched_through_the_thesaurus_when_asked(con):
    """The thesaurus is off by default (measured: see QueryOptions); turned on, it bridges a word no plan
    prints to the one they do."""
    thesaurus = search_module.Features(query=search_module.search_text.QueryOptions(thesaurus=True))
    assert not any("探望" in h.matched_terms for h in search(con, "看望孩子", limit=3))
    hits = search(con, "看望孩子", limit=3, features=thesaurus)  # the plans write 探望 (父母离婚后未成年子女获得探望 ...)
    assert {h.provision_id for h in hits} == {"gaotai-children/d7/measure/7", "panshan-children/d7/measure/7",
                                              "yushu-children/d7/measure/7"}
    for h in hits:
        assert "探望" in h.matched_terms and "探望" in [h.text[a:b] for a, b in h.highlights]
    top = search(con, "不准使用童工", kind="goal", limit=5, features=thesaurus)  # 禁止使用童工
    assert all("禁止使用童工" in h.text for h in top[:4]) and "禁止" in top[0].matched_terms


SCHOOLING_OF_DISABLED_CHILDREN = {  # judged by reading the plans (tests/gold/search_lay_dev.jsonl, dev22)
    "changning-children": {"changning-children/d3/measure/6", "changning-children/d3/goal/6"},
    "gaotai-children": {"gaotai-children/d3/measure/7", "gaotai-children/d3/goal/5"},
    "hangzhou-children": {"hangzhou-children/d4/measure/4", "hangzhou-children/d4/goal/4", "hangzhou-children/project/3"},
    "panshan-children": {"panshan-children/d3/measure/7", "panshan-children/d3/goal/5"},
    "yushu-children": {"yushu-children/d3/measure/7", "yushu-children/d3/goal/5"}}
GIRLS_SCHOOLING = "gaotai-women/d2/measure/3"  # the women's plan: girls' schooling, disabled girls among them


def test_disabled_children_going_to_school_finds_schooling_not_rehabilitation(con):
    """上学 is in no plan: read through the lexicon (受教育/入学/就学), every plan's first result is
    about schooling; before, four plans put their rehabilitation measure (残疾儿童 five times) first."""
    hits = search(con, "残疾孩子上学", per_plan=1, limit=10)
    first = {h.plan_id: h.provision_id for h in hits}
    assert all(first[p] in ids for p, ids in SCHOOLING_OF_DISABLED_CHILDREN.items()), first
    # In the women's plan girls' schooling and the high-school enrolment goal are a hair apart (README,
    # Word seams: the one pair that change lost); either way the first result is schooling.
    women = next(h for h in hits if h.plan_id == "gaotai-women")
    assert women.provision_id == GIRLS_SCHOOLING or "入学" in women.text, women
    assert "康复" not in women.text
    rehab = {h.provision_id for h in search(con, "残疾孩子上学", per_plan=1, features=search_module.Features(
        query=search_module.search_text.QueryOptions(lexicon=False)))}
    assert {"gaotai-children/d4/measure/7", "yushu-children/d4/measure/7", "panshan-children/d4/measure/6"} <= rehab
    assert all("康复" in h.text for h in search(con, "残疾孩子康复", per_plan=1, limit=5))


def test_child_labour_is_not_found_in_childrens_work(con):
    """童工 across the seam of 儿童|工作 is no match: Hangzhou's principle of the Party's lead over
    儿童工作 (three times) came first in Hangzhou for a query about a 14-year-old waiting tables."""
    first = {h.plan_id: h.provision_id for h in search(con, "才十四五岁的娃就跟着亲戚去饭馆端盘子，老板这么干不犯法吗？",
                                                       per_plan=1)}
    assert first["hangzhou-children"] in {"hangzhou-children/d6/goal/5", "hangzhou-children/d6/measure/3"}
    assert "hangzhou-children/principle/1" not in {h.provision_id for h in search(con, "童工", limit=100)}


def test_a_query_naming_an_indicator_finds_the_provisions_holding_its_targets(con):
    """常宁 names 龋患率 in a goal (降低龋患率, no number) and sets 12岁儿童龋患率 in a measure: the
    measure comes first; 榆树 has no such target (龋患率得到有效控制), so its mention is its best."""
    first = {h.plan_id: h.provision_id for h in search(con, "儿童龋患率", per_plan=1)}
    assert first["changning-children"] == "changning-children/d1/measure/10"
    assert first["panshan-children"] == "panshan-children/d1/goal/12"
    assert first["gaotai-children"] == "gaotai-children/d1/measure/7"
    assert first["yushu-children"] == "yushu-children/d1/measure/7"
    off = search_module.Features(query=search_module.search_text.QueryOptions(codes=False))
    assert {h.plan_id: h.provision_id for h in search(con, "儿童龋患率", per_plan=1, features=off)}[
        "changning-children"] == "changning-children/d1/goal/10"


def test_the_warehouse_keeps_the_tokenizers_dictionary_for_queries(con, monkeypatch):
    """search_vocab holds the tokenizer's dictionary (jieba's words and the policy words), so a query is
    cut without loading it; the results are those of a query cut with the whole dictionary."""
    from extractors import search_text
    info = dict(con.execute("SELECT key, value FROM search_info").fetchall())
    assert info["vocab_version"] == search_text.TOKENIZER_VERSION and int(info["vocab_max_len"]) >= 16
    n, total = con.execute("SELECT count(*), sum(freq) FROM search_vocab").fetchall()[0]
    # (jieba's total counts a user word added over a dictionary word twice: it is what its route uses)
    assert n > 300_000 and 0 < total <= int(info["vocab_total"])
    assert con.execute("SELECT freq > 0 FROM search_vocab WHERE word = '龋患率'").fetchall() == [(True,)]
    queries = ("残疾孩子上学", "孩子心里有事想不开", "新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰、4.0‰和5.0‰以下", "兒童溺水",
               "看望孩子")
    # (this process has loaded the whole dictionary, which a search then uses: pretend it has not)
    monkeypatch.setattr(search_module.search_text, "dictionary_loaded", lambda: False)
    assert search_module._vocabulary(con, info, "残疾孩子上学") is not None
    with_vocab = [[(h.provision_id, round(h.score, 6), h.highlights) for h in search(con, q)] for q in queries]
    monkeypatch.setattr(search_module, "_vocabulary", lambda con, info, query: None)
    assert [[(h.provision_id, round(h.score, 6), h.highlights) for h in search(con, q)] for q in queries] == with_vocab


def test_a_warehouse_missing_part_of_its_index_says_to_rebuild(built_db, tmp_path):
    """Built before the vocabulary existed: the query is cut with the whole dictionary; an index table
    gone: an error that says to rebuild, not DuckDB's."""
    import shutil

    import duckdb
    copy = tmp_path / "old.duckdb"
    shutil.copy(built_db, copy)
    c = duckdb.connect(str(copy))
    c.execute("DELETE FROM search_info WHERE key LIKE 'vocab_%'")
    c.execute("DROP TABLE search_vocab")
    assert [h.provision_id for h in search(c, "残疾孩子上学", limit=3)] == \
        [h.provision_id for h in search(duckdb.connect(str(built_db), read_only=True), "残疾孩子上学", limit=3)]
    c.execute("DROP TABLE search_neighbours")
    with pytest.raises(SearchError, match="rebuild it with `planatlas build --replace`"):
        search(c, "残疾孩子上学")
    c.close()


def test_neighbours_are_the_links_both_ways(con):
    want, have, differ = _neighbours_against_links(con)
    assert want == have > 5000 and differ == 0


def test_a_superseded_plans_provisions_leave_the_neighbours_with_its_links(built_db, tmp_path):
    """A revised plan retires its previous version: the links to and from the old version go, and so
    do the neighbour entries naming its provisions (only the provisions it was linked to are rewritten)."""
    import shutil

    import duckdb

    from tests.plan_texts import ingest_plan
    db = tmp_path / "w.duckdb"
    shutil.copy(built_db, db)
    ingest_plan(db, tmp_path / "a", "德惠市")
    ingest_plan(db, tmp_path / "b", "德惠市", imr="4.0")
    c = duckdb.connect(str(db), read_only=True)
    try:
        linked_before = c.execute("""SELECT count(*) FROM provision_links WHERE plan_id = 'dehui-children-v2'
                                     OR other_plan_id = 'dehui-children-v2'""").fetchall()[0][0]
        assert c.execute("""SELECT count(*) FROM provision_links WHERE plan_id = 'dehui-children'
                            OR other_plan_id = 'dehui-children'""").fetchall() == [(0,)]
        assert c.execute("""SELECT count(*) FROM (SELECT unnest(doc_ids) AS d FROM search_neighbours)
                            WHERE d IN (SELECT doc_id FROM search_docs WHERE NOT is_current)""").fetchall() == [(0,)]
        want, have, differ = _neighbours_against_links(c)
    finally:
        c.close()
    assert linked_before > 100 and want == have > 5000 and differ == 0


def _neighbours_against_links(con) -> tuple[int, int, int]:
    """(pairs the links name both ways, neighbour entries, pairs of the links missing from them)."""
    return con.execute("""
        WITH l AS (SELECT a.doc_id AS x, b.doc_id AS y, pl.score FROM provision_links pl
                   JOIN search_docs a ON a.provision_id = pl.provision_id
                   JOIN search_docs b ON b.provision_id = pl.other_provision_id),
        want AS (SELECT x, y, max(score)::FLOAT AS s FROM (SELECT x, y, score FROM l UNION ALL SELECT y, x, score FROM l)
                 GROUP BY x, y),
        have AS (SELECT doc_id AS x, unnest(doc_ids) AS y, unnest(scores) AS s FROM search_neighbours)
        SELECT (SELECT count(*) FROM want), (SELECT count(*) FROM have),
               (SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT * FROM have))""").fetchall()[0]


def test_counterparts_of_the_best_hits_are_lent_part_of_their_score(tmp_path):
    texts = [("p1-children", "严厉打击拐卖儿童犯罪，完善反拐工作长效机制。"),
             ("p2-children", "完善反拐工作长效机制，做好被解救人员安置和康复。"),  # none of the query's words
             ("p2-children", "加强农村饮用水安全。")]
    con = _tiny_corpus(tmp_path, texts)
    build_search(con)
    hits = search(con, "拐卖儿童")
    assert [h.provision_id for h in hits] == ["p1-children/d1/goal/1", "p2-children/d1/goal/2"]
    assert hits[1].matched_terms == () and hits[1].highlights == ()
    link = con.execute("""SELECT max(score) FROM provision_links
                          WHERE provision_id = 'p1-children/d1/goal/1' AND other_provision_id = 'p2-children/d1/goal/2'
                             OR provision_id = 'p2-children/d1/goal/2' AND other_provision_id = 'p1-children/d1/goal/1'""").fetchall()[0][0]
    # the hit keeps its own score and lends itself as much (1 + w); the counterpart gets w x score x link
    w = search_module.PROPAGATION_WEIGHT
    assert 0.2 < link < 0.9
    assert hits[1].score == pytest.approx(hits[0].score / (1 + w) * w * link, rel=1e-5)
    for t in ("search_neighbours", "provision_links", "search_terms", "search_docs", "search_info"):
        con.execute(f"DELETE FROM {t}")
    build_search(con, links=False)  # without links (as on the 1,000-plan benchmark): BM25 alone
    assert [h.provision_id for h in search(con, "拐卖儿童")] == ["p1-children/d1/goal/1"]
    con.close()


# the blind lay query sets, each with its pooled judgements (tests/gold/search_lay_pool.md)
BLIND_SETS = ("search_lay_blind",) + tuple(f"search_lay_blind{i}" for i in range(2, 35))


def test_gold_quotes_resolve_to_one_provision_each(con):
    sets = ("search_relevance", "search_drafts", "search_lay_dev", "search_indicator_wording",
            "search_lay_sentences_dev") + BLIND_SETS
    for g in [g for name in sets for g in load_gold(GOLD / f"{name}.jsonl", pool=True)]:
        for r in g["relevant"]:
            resolve_quote(con, r["plan_id"], r["quote"], g.get("filters", {}).get("kind"))


def test_pooled_judgements_add_their_relevant_provisions_to_the_gold():
    for name in BLIND_SETS:
        plain, pooled = load_gold(GOLD / f"{name}.jsonl"), load_gold(GOLD / f"{name}.jsonl", pool=True)
        judged = [json.loads(line) for line in (GOLD / f"{name}.pool.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [g["id"] for g in plain] == [g["id"] for g in pooled]
        for before, after in zip(plain, pooled):
            added = [r for r in after["relevant"][len(before["relevant"]):]]
            assert after["relevant"][:len(before["relevant"])] == before["relevant"]
            assert [(r["plan_id"], r["quote"]) for r in added] == [
                (j["plan_id"], j["quote"]) for j in judged if j["id"] == before["id"] and j["relevant"]]
    # a pooled judgement names a plan the writer listed for that query (only scored pairs are pooled)
        listed = {(g["id"], r["plan_id"]) for g in plain for r in g["relevant"]}
        assert all((j["id"], j["plan_id"]) in listed for j in judged)


def test_a_quote_that_is_a_whole_provision_names_it_though_another_repeats_it(tmp_path):
    con = _tiny_corpus(tmp_path, [("p1-children", "减少儿童伤害。"), ("p1-children", "加强安全教育，减少儿童伤害。"),
                                  ("p2-children", "减少儿童伤害的措施。")])
    assert resolve_quote(con, "p1-children", "减少儿童伤害。") == "p1-children/d1/goal/1"
    assert unique_quote(con, "p1-children", "p1-children/d1/goal/2") == "加强安全教育，减少儿童伤害。"[:12]
    assert unique_quote(con, "p1-children", "p1-children/d1/goal/1") == "减少儿童伤害。"
    with pytest.raises(SearchError, match="matches 2 provisions"):
        resolve_quote(con, "p1-children", "儿童伤害")
    con.close()


def _tiny_corpus(tmp_path, texts):
    plans = [{"plan_id": "p1-children", "jurisdiction": "甲县", "jurisdiction_en": None, "subject": "children",
              "title": "甲县儿童发展规划"},
             {"plan_id": "p2-children", "jurisdiction": "乙市", "jurisdiction_en": None, "subject": "children",
              "title": "乙市儿童发展规划"}]
    domains = [{"domain_id": f"{p}/d1", "plan_id": p, "ordinal": 1, "title": "儿童与环境", "code": "environment"}
               for p in ("p1-children", "p2-children")]
    provisions = [{"provision_id": f"{p}/d1/goal/{i}", "plan_id": p, "domain_id": f"{p}/d1", "kind": "goal",
                   "ordinal": i, "heading": None, "text": t} for i, (p, t) in enumerate(texts, 1)]
    return write_corpus(tmp_path / "tiny.duckdb", plans, domains, provisions)


def test_a_word_part_query_finds_the_whole_word_end_to_end(tmp_path):
    con = _tiny_corpus(tmp_path, [("p1-children", "常住人口城镇化率达到65%，城乡儿童服务均等化。"),
                                  ("p2-children", "加强农村儿童之家建设。"),
                                  ("p2-children", "推进新型城镇化建设，完善儿童友好社区。")])
    stats = build_search(con)
    assert stats["docs"] == 3 and stats["links"] == 3
    hits = search(con, "城镇化")
    # the two provisions with the word come first; a counterpart without it may follow (lent score)
    assert {h.provision_id for h in hits[:2]} == {"p1-children/d1/goal/1", "p2-children/d1/goal/3"}
    assert all(h.matched_terms for h in hits[:2]) and not any(h.matched_terms for h in hits[2:])
    assert [h.provision_id for h in search(con, "城鎮化率")] [0] == "p1-children/d1/goal/1"
    con.close()


def test_rebuilding_the_index_gives_the_same_rows(built_db, tmp_path):
    """The index and links are a pure function of the provisions (timing lives in benchmarks/)."""
    import shutil

    import duckdb
    copy = tmp_path / "copy.duckdb"
    shutil.copy(built_db, copy)
    con = duckdb.connect(str(copy))
    tables = ("search_neighbours", "provision_links", "search_terms", "search_docs")
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    for t in tables + ("search_info",):
        con.execute(f"DELETE FROM {t}")
    build_search(con)
    after = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    con.close()
    assert all(before[t] for t in tables)
    assert after == before


def test_an_empty_warehouse_gets_an_empty_index(tmp_path):
    plans = [{"plan_id": "p1-children", "jurisdiction": "甲县", "jurisdiction_en": None, "subject": "children",
              "title": "甲县儿童发展规划"}]
    con = write_corpus(tmp_path / "empty.duckdb", plans, [], [])
    assert build_search(con)["docs"] == 0
    assert search(con, "儿童") == []
    con.close()


def test_an_index_grown_run_by_run_ranks_like_one_built_at_once(built_db, tmp_path):
    """Five plans built, the sixth ingested (a second segment and links for the new plan only): the
    same provisions are indexed, searches find the same provisions with scores within 3% (a segment
    keeps the average length of its day), and nearly every link is the same pair (older links keep
    their idf)."""
    import shutil

    import duckdb

    from pipeline.steps import build_plain, ingest_plain
    from tests.conftest import CORPUS
    part = tmp_path / "part"
    part.mkdir()
    for p in sorted(CORPUS.glob("00[0-3]*.txt")):
        shutil.copy(p, part / p.name)
    shutil.copy(CORPUS / "plans.csv", part / "plans.csv")
    db = tmp_path / "grown.duckdb"
    build_plain(part, db)
    ingest_plain([CORPUS], db)
    grown, whole = duckdb.connect(str(db), read_only=True), duckdb.connect(str(built_db), read_only=True)
    try:
        assert grown.execute("SELECT value FROM search_info WHERE key = 'segments'").fetchall() == [("2",)]
        ids = "SELECT provision_id FROM search_docs WHERE is_current ORDER BY 1"
        assert grown.execute(ids).fetchall() == whole.execute(ids).fetchall()
        no_lending = search_module.Features(lending=False)
        for q in ("婴儿死亡率", "校园欺凌", "留守儿童关爱服务", "近视", "妇女参与村委会", "残疾儿童康复", "家庭教育指导"):
            # the index alone (counterparts lend through links, compared below): each one's first five
            # are in the other's first six with scores within 3% (a near tie may swap fifth and sixth)
            a = [(h.provision_id, h.score) for h in search(grown, q, limit=6, features=no_lending)]
            b = [(h.provision_id, h.score) for h in search(whole, q, limit=6, features=no_lending)]
            for first, other in ((a, b), (b, a)):
                others = dict(other)
                assert all(k in others and abs(v - others[k]) <= 0.03 * others[k] for k, v in first[:5]), q
        pairs = "SELECT provision_id, other_provision_id FROM provision_links"
        a, b = set(grown.execute(pairs).fetchall()), set(whole.execute(pairs).fetchall())
        assert len(a) == len(b) and len(a & b) >= 0.97 * len(b)
    finally:
        grown.close()
        whole.close()


def test_pseudo_relevance_feedback_adds_the_first_hits_words(con):
    """Off by default (measured: README); on, the best hits' weightiest words join the query, each
    weighing at most PRF_WEIGHT, and the hit that found them stays first."""
    q = search_module.search_text.parse_query("婴儿死亡率")
    terms, groups, weights, alt = q.as_rows()
    t2, g2, w2, a2 = search_module._with_feedback(con, 1058, ["changning-children/d1/goal/3"], terms, groups,
                                                  weights, alt)
    added = t2[len(terms):]
    assert len(added) == search_module.PRF_TERMS and "新生儿死亡率" in added and not set(added) & set(terms)
    assert max(w2[len(terms):]) == search_module.PRF_WEIGHT and len(set(g2)) == len(set(groups)) + len(added)
    on = search_module.Features(prf=True)
    assert search(con, "婴儿死亡率", features=on)[0].provision_id == "changning-children/d1/goal/3"


def test_a_bigram_that_is_no_word_of_the_query_is_not_highlighted(con):
    # 婴儿死亡率 is searched with its bigrams too (儿死, 亡率 catch other cuts), but in 常宁's
    # 新生儿死亡评审 only 死亡 is a word a drafter would see marked, not 儿死
    (h,) = [h for h in search(con, "婴儿死亡率", limit=60, per_plan=10)
            if h.provision_id == "changning-children/d1/measure/3"]
    marked = {h.text[a:b] for a, b in h.highlights}
    assert "婴儿死亡率" in marked and "死亡" in marked
    assert not marked & {"儿死", "亡率"}


def test_a_query_no_provision_holds_is_read_through_words_sharing_its_characters(con):
    """打疫 holds no indexed word: it found nothing. Read again through the policy words that share its
    characters (疫 → 疫苗, 免疫规划), each children's plan's first result is its vaccination measure, and
    the readings say what was searched."""
    hits = search(con, "打疫", limit=12, per_plan=1)
    first = {h.plan_id: h for h in hits}
    for plan in ("panshan-children", "changning-children", "hangzhou-children", "yushu-children", "gaotai-children"):
        assert "疫苗" in first[plan].matched_terms and "接种" in first[plan].text
    parsed = search_module.parse(con, "打疫")
    readings = {r.said: r.searched for r in search_module.readings_shown(parsed, hits)}
    assert {"疫苗", "免疫规划"} <= set(readings["疫"])
    # the genre's words only: jieba's own dictionary holds names of antiquity (子产, 子游)
    from extractors.search_text import policy_words
    assert all(w in policy_words() for ws in readings.values() for w in ws)
    # a noun suffix is no topic: 瘫子 finds nothing rather than parent-child provisions through 子
    assert search(con, "瘫子") == [] or all("亲子" not in h.matched_terms for h in search(con, "瘫子"))
    # a query that finds something is searched as it is; one whose characters no word holds finds nothing
    assert all("疫苗" in h.matched_terms for h in search(con, "打疫苗", limit=5))
    assert search(con, "打疫苗", features=search_module.Features(fallback=False), limit=3)
    assert search(con, "打疫", features=search_module.Features(fallback=False)) == []
    assert search(con, "嗰嘢") == []


def test_a_provision_naming_more_of_a_readings_words_ranks_above_one_repeating_one(con, monkeypatch):
    """小孩看病花的钱能报销: 报销 reads 医疗保险/医疗保障/医疗救助/医疗费用/大病保险, 看病 reads 儿科 and the
    like. By the most frequent member alone, 常宁's health-service measure (儿童医院, 儿科, 医疗保障 once)
    and 杭州's (儿童医疗卫生服务, 儿科) came first; with a share of the other members (GROUP_COVERAGE),
    the medical-insurance provisions naming five and two of 报销's words do."""
    def firsts():
        return {h.plan_id: h.provision_id for h in search(con, "小孩看病花的钱能报销", limit=12, per_plan=1)}
    first = firsts()
    assert first["changning-children"] == "changning-children/d4/measure/3"   # 提高儿童医疗保障水平
    assert first["hangzhou-children"] == "hangzhou-children/d5/goal/3"        # 提高儿童基本医疗保障服务，…医疗救助
    monkeypatch.setattr(search_module, "_group_tf", lambda x: f"max({x})")
    before = firsts()
    assert before["changning-children"] == "changning-children/d1/measure/1"
    assert before["hangzhou-children"] == "hangzhou-children/d2/measure/5"


def test_a_word_the_query_says_keeps_its_own_weight_beside_a_reading_holding_it(con):
    """离婚了娃判给谁: 判给谁 reads 抚养/探望/离婚, and 离婚, said too, is searched on its own as well. In the
    group alone it weighed as 抚养 (every 事实无人抚养儿童), and the orphans' measures came first; now each
    children's plan's first result is its custody clause (父母离婚后未成年子女获得探望…)."""
    q = search_module.parse(con, "离婚了娃判给谁")
    assert "离婚" in q.terms and any({"抚养", "探望", "离婚"} <= set(g) for g in q.groups)
    first = {h.plan_id: h for h in search(con, "离婚了娃判给谁", limit=12, per_plan=1)}
    for plan in ("panshan-children", "changning-children", "yushu-children", "gaotai-children"):
        assert "父母离婚后未成年子女获得探望" in first[plan].text, plan


def test_a_mistyped_lay_word_is_read_as_the_lexicon_reads_the_word_meant(con):
    """娃住院能报消多少 (消 for 销: both xiao): 报消 is no word and no genre word is one character off it, but
    the lay word 报销 is, and the lexicon reads it as medical insurance. Every plan's first result is its
    medical-insurance provision; without the reading, no plan's is."""
    # (read with the lexicon's gapped phrases off: 能报消多少 also says the lay phrase 能报多少 with 消 inside
    # it, and that reading puts each plan's medical-insurance provisions first too, as the last assertion shows)
    ungapped = search_module.Features(query=search_module.search_text.QueryOptions(gapped=False))

    def firsts(features=ungapped):
        return {h.plan_id: h for h in search(con, "娃住院能报消多少", limit=12, per_plan=1, features=features)}
    first = firsts()
    assert set(first) == {"panshan-children", "changning-children", "yushu-children", "gaotai-children",
                          "hangzhou-children", "gaotai-women"}
    assert all("医疗保障" in h.text and "医疗保障" in h.matched_terms for h in first.values())
    assert next(iter(first.values())).through == (("报消", ("医疗保险", "医疗保障", "医疗救助", "医疗费用", "大病保险")),)
    off = search_module.Features(fallback=False, query=search_module.search_text.QueryOptions(gapped=False))
    assert not any("医疗保障" in h.matched_terms for h in firsts(off).values())
    gapped = firsts(search_module.Features())
    assert set(gapped) == set(first) and all("医疗保险" in h.text and "医疗保障" in h.text for h in gapped.values())
    # a stretch inside an everyday word (黑乎 of 黑乎乎, not 黑户) or sounding like a lay word the genre's
    # dictionary added (杯奶, not 背奶) is no typo
    info = search_module.index_info(con)
    for story in ("小孩一口牙全是虫牙，黑乎乎的", "给山里学校的娃中午加个鸡蛋加杯奶"):
        assert search_module._unread_fallback(con, info, search_module.parse(con, story), None) == [], story


def test_a_mistyped_lay_phrase_is_read_through_the_dictionary_word_around_its_wrong_character(con):
    """井水有铁秀味 (秀 for 锈: both xiu): the lay phrase 铁锈味 is no dictionary word, but 铁锈 is, and an
    input method offers it whole, so the phrase is read as the lexicon reads it (drinking-water safety).
    The phrase written right is read by the lexicon itself, with nothing left to mend."""
    info = search_module.index_info(con)
    assert search_module._unread_fallback(con, info, search_module.parse(con, "井水有铁秀味"), None) == [
        ("铁秀味", ["饮水安全"])]
    assert search_module._unread_fallback(con, info, search_module.parse(con, "井水有铁锈味"), None) == []
    assert search_module._offered_as("铁秀味", "铁锈味") == ("铁锈味", "铁锈", "锈味")
    assert search_module._offered_as("报消", "报销") == ("报销",)


def test_a_mistyped_character_is_read_as_the_genre_words_one_character_off(con):
    """孩子打疫苖 (苖 for 苗): 孩子 is read (儿童), 疫苖 is no word, and 儿童 alone ranked principles first.
    苖 is a rare character no genre word holds: 疫苖 is read as the genre's words one character off it
    (疫苗), and each children's plan's first result is its vaccination measure; the readings say so."""
    hits = search(con, "孩子打疫苖", limit=12, per_plan=1)
    first = {h.plan_id: h for h in hits}
    for plan in ("panshan-children", "changning-children", "yushu-children", "gaotai-children"):
        assert "疫苗" in first[plan].matched_terms and "接种" in first[plan].text, plan
    readings = {r.said: r.searched for r in search_module.readings_shown(search_module.parse(con, "孩子打疫苖"), hits)}
    # and 打疫苖 as the lay phrase 打疫苗 (the dictionary word 疫苗 around the wrong character) reads
    assert readings == {"孩子": ("儿童",), "疫苖": ("疫苗",), "打疫苖": ("疫苗", "预防接种", "免疫规划", "疫苗接种")}
    without = search(con, "孩子打疫苖", features=search_module.Features(fallback=False), limit=12, per_plan=1)
    assert not any("疫苗" in h.matched_terms for h in without)
    # everyday words no plan prints are no typos (冬天, 亲戚, 俺): searched as they are, nothing added
    for story in ("娃十岁就住校，宿舍冬天冻得慌", "才十四五岁的娃就跟着亲戚去饭馆端盘子", "俺男人打俺"):
        assert search_module._unread_fallback(con, search_module.index_info(con), search_module.parse(con, story), None) == []


def test_a_mistyped_word_ending_in_a_stop_word_is_read_as_the_word_meant(con):
    """哪有收一岁娃的拖儿所 (拖 for 托: both tuo): 所 is a stop word, and a run of unread characters cut at
    it (拖儿) was one character off no genre word. Kept whole, 拖儿所 is 托儿所, read as childcare, and every
    plan's first result is its childcare provision; without the reading, none is."""
    query = "哪有收一岁娃的拖儿所"
    info = search_module.index_info(con)
    assert search_module._unread_fallback(con, info, search_module.parse(con, query), None) == [
        ("拖儿所", ["托育", "托位", "婴幼儿照护", "托育机构"])]
    first = {h.plan_id: h for h in search(con, query, limit=12, per_plan=1)}
    assert len(first) == 6 and all("托育" in h.text or "照护服务" in h.text for h in first.values())
    without = search(con, query, features=search_module.Features(fallback=False), limit=12, per_plan=1)
    assert not any("托育" in h.matched_terms for h in without)


def test_a_said_synonym_lifts_the_provisions_holding_it_and_only_when_one_does(con, monkeypatch):
    """性骚扰 shares a group with 性侵害: at SAID_OVER_OTHERS < 1 the provisions saying 性骚扰 keep their
    score (when they hold no other member: GROUP_COVERAGE counts those too) and those holding only 性侵害
    fall. No provision says 霸凌: its group's members found (欺凌,
    校园暴力...) weigh in full, as if the query had said one of them (the ranking divides by the heaviest
    member found)."""
    factor = search_module.search_text.SAID_OVER_OTHERS
    assert factor < 1

    def scores(text, said_over_others):
        monkeypatch.setattr(search_module.search_text, "SAID_OVER_OTHERS", said_over_others)
        return {h.provision_id: (h.score, h.matched_terms) for h in search(con, text, limit=40, per_plan=10)}
    plain, said = scores("性骚扰", 1.0), scores("性骚扰", factor)
    saying = [p for p, (_, terms) in plain.items() if "性骚扰" in terms and set(terms) <= {"性骚扰", "性骚", "骚扰"}]
    others = [p for p, (_, terms) in plain.items() if "性骚扰" not in terms and "性侵害" in terms and p in said]
    assert "gaotai-women/d8/measure/8" in saying and len(others) > 5
    assert all(said[p][0] == pytest.approx(plain[p][0]) for p in saying)
    assert all(said[p][0] < plain[p][0] - 1e-6 for p in others)
    weights = dict(zip(*[search_module.parse(con, "霸凌").as_rows()[k] for k in (0, 2)]))
    assert weights["欺凌"] == pytest.approx(factor * weights["霸凌"])  # the query's rows say it...
    unheld_plain, unheld = scores("霸凌", 1.0), scores("霸凌", factor)
    assert unheld.keys() == unheld_plain.keys() and len(unheld) > 5  # ...the ranking finds no 霸凌
    assert all(unheld[p][0] == pytest.approx(unheld_plain[p][0]) for p in unheld)


def test_a_story_asking_for_action_finds_the_measures_before_the_goal_naming_its_topic(con, monkeypatch):
    """A complaint told as a story (not a query from any gold set) asks what will be done: with goals
    weighing STORY_GOAL_WEIGHT there, each children's plan's first result is its measure on online
    content or child protection online, where at full weight the short network-protection goals came
    first. A search-box phrase is no story: its goals keep their weight."""
    story = "网上净是打打杀杀乱七八糟的视频，孩子看了学着骂人，平台到底能不能管管"
    assert search_module.parse(con, story).story and not search_module.parse(con, "网上不良信息").story

    def firsts():
        hits = search(con, story, limit=6, per_plan=1)
        return {h.plan_id: h.provision_id for h in hits if h.plan_id != "gaotai-women"}
    assert firsts() == {"changning-children": "changning-children/d2/measure/11",
                        "hangzhou-children": "hangzhou-children/d7/measure/3",
                        "panshan-children": "panshan-children/d2/measure/10",
                        "gaotai-children": "gaotai-children/d7/measure/13",
                        "yushu-children": "yushu-children/d7/measure/13"}
    monkeypatch.setattr(search_module, "STORY_GOAL_WEIGHT", 1.0)
    assert all("/goal/" in p for p in firsts().values())
    phrase = {h.provision_id: h.score for h in search(con, "网上不良信息", limit=20)}
    monkeypatch.setattr(search_module, "STORY_GOAL_WEIGHT", 0.5)
    assert {h.provision_id: h.score for h in search(con, "网上不良信息", limit=20)} == pytest.approx(phrase)
