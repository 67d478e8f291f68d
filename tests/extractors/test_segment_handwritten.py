"""Short plans written for these tests in the genre's voice (tests/extractors/plans/), each in a
printed style the corpus lacks, and truncated copies of them. Expectations are written by hand
from the plan texts."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.segment import segment_document
from tests.extractors.test_segment import canon

PLANS = Path(__file__).parent / "plans"
CHILDREN = ["儿童与健康", "儿童与安全", "儿童与教育", "儿童与福利", "儿童与家庭", "儿童与环境", "儿童与法律保护"]
CHILDREN_CODES = ["health", "safety", "education", "welfare", "family", "environment", "law"]


def read(name: str) -> str:
    return (PLANS / name).read_text(encoding="utf-8")


def one_plan(text: str):
    plans = segment_document(text)
    assert len(plans) == 1
    plan = plans[0]
    for p in plan.provisions:  # every provision is grounded where its content is
        assert canon(text[p.char_start:p.char_end]) == canon(p.text)
    return plan


def outline(plan) -> list[tuple]:
    """(ordinal, title, code, goals, measures) of each domain."""
    return [(d.ordinal, d.title, d.code,
             sum(p.kind == "goal" and p.domain_ordinal == d.ordinal for p in plan.provisions),
             sum(p.kind == "measure" and p.domain_ordinal == d.ordinal for p in plan.provisions))
            for d in plan.domains]


def texts(plan, kind: str, domain: int | None = None) -> list[tuple[int, str]]:
    return [(p.ordinal, p.text) for p in plan.provisions if p.kind == kind and p.domain_ordinal == domain]


def children(counts: list[tuple[int, int]]) -> list[tuple]:
    return [(i + 1, t, c, g, m) for i, (t, c, (g, m)) in enumerate(zip(CHILDREN, CHILDREN_CODES, counts))]


def test_circled_items():
    plan = one_plan(read("circled_children.txt"))
    assert (plan.structure_complete, plan.structure_notes) == (True, ())
    assert outline(plan) == children([(3, 2)] + [(2, 2)] * 6)
    assert texts(plan, "goal", 1) == [
        (1, "婴儿死亡率和5岁以下儿童死亡率分别控制在5‰和7‰以下。"),
        (2, "3岁以下儿童系统管理率保持在90%以上。"),
        (3, "儿童近视率每年下降0.5个百分点，中小学生视力不良率明显降低。")]  # a hard break joined
    # A sub-list in another style stays inside its item.
    assert texts(plan, "measure", 1) == [
        (1, "完善儿童健康服务体系。每个乡镇卫生院配备儿科医生。"),
        (2, "加强儿童保健服务。主要包括：（1）开展新生儿访视；（2）推进儿童眼保健。")]
    assert texts(plan, "measure", 7) == [(1, "健全未成年人司法保护工作机制。"), (2, "加强法治宣传教育。")]
    assert texts(plan, "principle") == [(1, "坚持党的全面领导。"), (2, "坚持儿童利益最大化。")]
    assert [(p.kind, p.ordinal, p.heading) for p in plan.provisions if p.domain_ordinal is None][-4:] == [
        ("implementation", 1, "加强组织领导"), ("implementation", 2, "保障经费投入"),
        ("monitoring", 1, "开展年度监测"), ("monitoring", 2, "开展中期和终期评估")]


def test_chapters_sections_and_articles_in_a_womens_plan():
    """第一章 parts, 第一节 domains and sub-sections, 一、 list heads, 1、 items, 第一条 chapter items."""
    plan = one_plan(read("chapters_women.txt"))
    assert (plan.structure_complete, plan.structure_notes) == (True, ())
    assert outline(plan) == [
        (1, "妇女与健康", "health", 2, 2), (2, "妇女与教育", "education", 1, 1), (3, "妇女与经济", "economy", 1, 1),
        (4, "妇女参与决策和管理", "decision_making", 1, 1), (5, "妇女与社会保障", "social_security", 1, 1),
        (6, "妇女与家庭建设", "family", 1, 1), (7, "妇女与环境", "environment", 1, 1), (8, "妇女与法律", "law", 1, 1)]
    assert texts(plan, "goal", 1) == [(1, "孕产妇死亡率控制在12/10万以下。"), (2, "妇女宫颈癌和乳腺癌筛查率达到70%以上。")]
    assert texts(plan, "measure", 8) == [(1, "加大反家庭暴力工作力度。")]
    assert [(s.kind, s.title) for s in plan.sections] == [
        ("preamble", None), ("general", "总体要求"), ("guiding_thought", "指导思想"), ("principles", "基本原则"),
        ("overall_goal", "总体目标"), ("domains", "发展领域、主要目标和策略措施"), ("implementation", "组织实施"),
        ("monitoring", "监测评估")]
    assert texts(plan, "implementation") == [(1, "市政府负责规划的组织实施，市妇儿工委负责协调推动。"),
                                             (2, "各成员单位制定实施方案，落实目标任务。")]
    assert texts(plan, "principle") == [(1, "坚持党的全面领导。"), (2, "坚持男女平等。")]


def test_parts_with_cn_comma_domains_and_bracketed_digits():
    """第一部分 parts, 一、 domains, （一）主要目标 and （二）策略措施 / 主要措施 / 工作措施 / 具体措施 heads,
    ⑴ goals and ❶ measures."""
    plan = one_plan(read("parts_children.txt"))
    assert (plan.structure_complete, plan.structure_notes) == (True, ())
    assert outline(plan) == children([(2, 2)] + [(1, 1)] * 6)
    assert texts(plan, "goal", 1) == [(1, "新生儿死亡率控制在3‰以下。"), (2, "儿童健康素养水平明显提升。")]
    assert texts(plan, "measure", 1) == [(1, "强化儿童健康服务。"), (2, "加强儿童营养改善。")]
    assert [texts(plan, "measure", d) for d in (4, 5, 6)] == [
        [(1, "提高困境儿童保障水平。")], [(1, "开展家庭教育指导。")], [(1, "建设城乡儿童活动阵地。")]]
    assert texts(plan, "principle") == [(1, "坚持依法保护。"), (2, "坚持全面发展。")]
    assert texts(plan, "implementation") == [(1, "加强组织领导。市政府统筹规划实施。"), (2, "加强督促检查。定期通报实施进展。")]


def test_domains_numbered_like_their_items_and_bracketed_heads():
    """1.儿童与健康 domains over 1. items: "2.儿童与家长共同参与健康教育" is measure 2, not domain 2;
    【主要目标】 heads; 主要目标：text on the head's line."""
    plan = one_plan(read("arabic_domains.txt"))
    assert (plan.structure_complete, plan.structure_notes) == (True, ())
    assert outline(plan) == children([(3, 2)] + [(1, 1)] * 6)
    assert texts(plan, "measure", 1) == [(1, "加强儿科医生培养。"), (2, "儿童与家长共同参与健康教育。")]
    assert texts(plan, "goal", 1)[1] == (2, "5岁以下儿童生长迟缓率控制在5%以下。")
    assert texts(plan, "goal", 2) == [(1, "儿童伤害死亡率下降20%。")]
    assert texts(plan, "measure", 2) == [(1, "开展安全教育进校园活动。")]


def test_yishi_chains():
    """A 一是…二是… chain that opens a goal or measure list is the list: one provision per clause.
    A chain after a lead (加强儿童保健。一是… or 到2025年，一是…) elaborates one provision and stays in it."""
    plan = one_plan(read("yishi_children.txt"))
    assert (plan.structure_complete, plan.structure_notes) == (True, ())
    assert outline(plan) == children([(3, 2), (3, 3), (1, 2), (2, 1), (1, 1), (1, 1), (1, 1)])
    assert texts(plan, "goal", 1) == [(1, "婴儿死亡率控制在4‰以下"), (2, "儿童贫血率控制在8%以下"),
                                      (3, "儿童肥胖率上升势头得到遏制。")]
    assert texts(plan, "measure", 1) == [
        (1, "加强儿童保健服务。一是开展0—6岁儿童健康管理；二是推进儿童眼保健和视力检查；三是加强儿童口腔保健。"),
        (2, "强化儿童疾病防治。落实国家免疫规划，做好儿童常见病防治。")]
    # A chain running over two lines.
    assert texts(plan, "goal", 2) == [(1, "儿童伤害死亡率持续下降"), (2, "儿童溺水死亡率下降20%"),
                                      (3, "儿童道路交通伤害死亡率下降。")]
    assert texts(plan, "measure", 2) == [(1, "开展安全宣传教育"), (2, "消除溺水隐患"), (3, "推广使用儿童安全座椅。")]
    assert texts(plan, "goal", 3) == [(1, "到2025年，一是学前三年毛入园率达到92%，二是义务教育巩固率保持在98%以上。")]
    # Unnumbered paragraphs: one paragraph, one item.
    assert texts(plan, "measure", 3) == [(1, "推进学前教育普及普惠。"), (2, "提高义务教育质量。")]
    # Offsets of a clause cover the clause only.
    g = texts(plan, "goal", 2)
    p = next(p for p in plan.provisions if p.kind == "goal" and p.domain_ordinal == 2 and p.ordinal == 2)
    assert read("yishi_children.txt")[p.char_start:p.char_end] == g[1][1]


def test_each_domain_a_chapter_with_a_table_of_contents():
    """第二章 儿童与健康 … 第八章 儿童与法律保护: chapters that are domains, with 一、主要目标 heads,
    （1） goals and 1） measures; the 目录 is not the plan."""
    plan = one_plan(read("chapter_domains_toc.txt"))
    assert (plan.structure_complete, plan.structure_notes) == (True, ())
    assert outline(plan) == children([(1, 1)] * 7)
    assert [(s.kind, s.title) for s in plan.sections] == [
        ("preamble", None), ("general", "总则"), ("guiding_thought", "指导思想"), ("overall_goal", "总体目标"),
        ("domains", None), ("implementation", "组织实施和监测评估")]
    assert texts(plan, "goal", 7) == [(1, "未成年人法律援助应援尽援。")]
    assert texts(plan, "measure", 1) == [(1, "加强新生儿救治能力建设。")]
    assert texts(plan, "implementation") == [(1, "加强组织领导。县政府建立规划实施工作机制。"),
                                             (2, "开展监测评估。县妇儿工委每年组织监测。")]


@pytest.mark.parametrize("cut,domains,notes", [
    ("after domain 3", children([(3, 2), (2, 2), (2, 2)]),
     ("text ends in domain 3 of 7; no implementation or monitoring part",)),
    ("inside domain 3, before its measures", children([(3, 2), (2, 2), (2, 0)]),
     ("domain 3 儿童与教育 has no measures", "text ends in domain 3 of 7; no implementation or monitoring part")),
    ("mid-word in domain 5", children([(3, 2), (2, 2), (2, 2), (2, 2), (2, 1)]),
     (
      "text ends in domain 5 of 7; no implementation or monitoring part", "text ends mid-sentence: …建设家长")),
    ("mid-sentence in the monitoring part", children([(3, 2)] + [(2, 2)] * 6),
     ("text ends mid-sentence: …中期和终期评估。评估结果",)),
])
def test_truncated_plans_load_what_they_have_and_say_what_is_missing(cut, domains, notes):
    text = read("circled_children.txt")
    end = {"after domain 3": text.index("（四）儿童与福利"),
           "inside domain 3, before its measures": text.index("策略措施：\n①扩大"),
           "mid-word in domain 5": text.index("①建设家长学校") + 5,
           "mid-sentence in the monitoring part": text.index("评估结果向社会") + 4}[cut]
    plan = one_plan(text[:end])
    assert outline(plan) == domains
    assert (plan.structure_complete, plan.structure_notes) == (False, notes)


def test_numbering_gaps_are_reported():
    text = read("circled_children.txt")
    no_domain_3 = text[:text.index("（三）儿童与教育")] + text[text.index("（四）儿童与福利"):]
    plan = one_plan(no_domain_3.replace("②九年义务教育", "③九年义务教育").replace("②儿童溺水", "③儿童溺水"))
    assert [d.ordinal for d in plan.domains] == [1, 2, 4, 5, 6, 7]
    assert texts(plan, "goal", 2) == [(1, "儿童伤害死亡率以2020年为基数下降20%。"), (3, "儿童溺水死亡率持续下降。")]
    assert plan.structure_notes == (
        "domain numbering skips 3", "domain 2 儿童与安全: goal numbering skips 2",)


def test_a_domain_without_goals_or_measures_is_flagged():
    text = read("circled_children.txt")
    start, end = text.index("主要目标：\n①孤儿"), text.index("（五）儿童与家庭")
    plan = one_plan(text[:start] + "坚持普惠加重点的儿童福利制度。\n" + text[end:])
    assert outline(plan)[3] == (4, "儿童与福利", "welfare", 0, 0)
    assert plan.structure_notes == ("domain 4 儿童与福利 has no goals", "domain 4 儿童与福利 has no measures")


def test_the_table_of_contents_says_which_parts_are_missing():
    text = read("chapter_domains_toc.txt")
    plan = one_plan(text[:text.index("第五章  儿童与福利\n一、")])
    assert [d.title for d in plan.domains] == CHILDREN[:3]
    assert plan.structure_notes == (
        "text ends in domain 3 of 7; no implementation or monitoring part",
        "the table of contents announces 9 parts, 4 found; missing 儿童与福利, 儿童与家庭, 儿童与环境, 儿童与法律保护, "
        "组织实施和监测评估")


def test_a_stray_part_number_inside_a_measure_is_text():
    """二、 printed inside domain 1 does not continue 一、二、 (the domains part is 二), so it is text."""
    text = read("circled_children.txt").replace("（1）开展新生儿访视；", "一、开展新生儿访视；\n二、推进新生儿疾病筛查；")
    plan = one_plan(text)
    assert (plan.structure_complete, len(plan.domains)) == (True, 7)
    assert texts(plan, "measure", 1)[1] == (
        2, "加强儿童保健服务。主要包括：一、开展新生儿访视；二、推进新生儿疾病筛查；（2）推进儿童眼保健。")


def test_a_stray_part_number_that_continues_the_parts_is_text_when_the_real_part_follows():
    """三、 inside domain 1 continues 一、二、, but 三、组织实施 comes later: the stray one is text."""
    text = read("circled_children.txt").replace("（1）开展新生儿访视；\n（2）推进儿童眼保健。",
                                                "一、开展新生儿访视；\n二、推进新生儿疾病筛查；\n三、推进儿童眼保健。")
    plan = one_plan(text)
    assert (plan.structure_complete, outline(plan)) == (True, children([(3, 2)] + [(2, 2)] * 6))
    assert texts(plan, "measure", 1)[1] == (
        2, "加强儿童保健服务。主要包括：一、开展新生儿访视；二、推进新生儿疾病筛查；三、推进儿童眼保健。")
    assert [s.kind for s in plan.sections][-2:] == ["implementation", "monitoring"]


def test_a_numbered_first_item_on_the_heads_line():
    text = read("arabic_domains.txt").replace("主要目标：\n1.学前教育毛入园率达到93%。", "主要目标：1.学前教育毛入园率达到93%。\n2.特殊教育普及水平提高。")
    plan = one_plan(text)
    assert texts(plan, "goal", 3) == [(1, "学前教育毛入园率达到93%。"), (2, "特殊教育普及水平提高。")]
    assert plan.structure_complete


def test_a_domains_part_titled_otherwise_is_known_by_its_lists():
    plan = one_plan(read("circled_children.txt").replace("二、发展领域、主要目标和策略措施", "二、主要任务"))
    assert (plan.structure_complete, outline(plan)) == (True, children([(3, 2)] + [(2, 2)] * 6))
    assert [(s.kind, s.title) for s in plan.sections][5] == ("domains", "主要任务")


def test_domains_numbered_as_parts():
    """一、指导思想… 二、儿童与健康 … 八、儿童与法律保护 九、组织实施 十、监测评估: one flat numbering."""
    text = read("circled_children.txt").replace("二、发展领域、主要目标和策略措施\n", "")
    for n, (old, new) in enumerate(zip("一二三四五六七", "二三四五六七八")):
        text = text.replace(f"（{old}）{CHILDREN[n]}\n", f"{new}、{CHILDREN[n]}\n")
    text = text.replace("三、组织实施", "九、组织实施").replace("四、监测评估", "十、监测评估")
    plan = one_plan(text)
    assert (plan.structure_complete, outline(plan)) == (True, children([(3, 2)] + [(2, 2)] * 6))
    assert [s.kind for s in plan.sections] == ["preamble", "general", "guiding_thought", "principles", "overall_goal",
                                               "domains", "implementation", "monitoring"]
    health = plan.domains[0]
    assert text[health.char_start:].startswith("儿童与健康\n主要目标")


def test_a_part_titled_as_one_general_section_is_that_section():
    text = read("chapters_women.txt")
    text = text[:text.index("第一章 总体要求")] + "第一章 总体目标\n" + text[text.index("妇女平等享有发展权利"):]
    plan = one_plan(text)
    assert texts(plan, "overall_goal") == [(1, "妇女平等享有发展权利，妇女发展环境更加优化。")]
    assert [(s.kind, s.title) for s in plan.sections][:2] == [("preamble", None), ("overall_goal", "总体目标")]  # a chapter of one section is that section
    assert plan.structure_complete


def test_a_numbered_item_that_starts_with_a_head_word_is_an_item():
    plan = one_plan(read("circled_children.txt").replace("②加强校车安全管理。", "②具体措施：加强校车安全管理。"))
    assert texts(plan, "measure", 2) == [(1, "开展防溺水安全教育。"), (2, "具体措施：加强校车安全管理。")]
    assert plan.structure_complete


def test_a_numbered_head_with_its_first_text_on_its_line():
    text = read("parts_children.txt").replace("（一）主要目标\n⑴儿童伤害死亡率持续下降。", "（一）主要目标：儿童伤害死亡率持续下降。")
    plan = one_plan(text)
    assert texts(plan, "goal", 2) == [(1, "儿童伤害死亡率持续下降。")]
    assert plan.structure_complete


def test_domain_titles_without_yu():
    # 四、儿童福利 (no 与) is a domain too: read as part of 儿童与教育, its 主要目标 numbered from 1 again
    # once gave two provisions one id
    text = "\n".join([
        "示例县儿童发展规划（2021—2030年）",
        "一、儿童与健康", "（一）主要目标", "1.婴儿死亡率控制在5‰以下。", "（二）策略措施", "1.完善儿童健康服务体系。",
        "二、儿童与安全", "（一）主要目标", "1.儿童伤害死亡率下降20%。", "（二）策略措施", "1.加强儿童安全教育。",
        "三、儿童与教育", "（一）主要目标", "1.学前教育毛入园率达到95%。", "（二）策略措施", "1.推进学前教育普及。",
        "四、儿童福利", "（一）主要目标", "1.孤儿基本生活保障水平逐步提高。", "2.儿童之家覆盖所有村（社区）。",
        "（二）策略措施", "1.健全儿童福利制度。",
        "五、儿童与家庭", "（一）主要目标", "1.家庭教育指导服务体系基本建立。", "（二）策略措施", "1.加强家庭教育。",
        "六、儿童与环境", "（一）主要目标", "1.儿童友好城市建设扎实推进。", "（二）策略措施", "1.建设儿童友好社区。",
        "七、儿童与法律保护", "（一）主要目标", "1.未成年人保护法律体系更加完善。", "（二）策略措施", "1.加强司法保护。",
    ]) + "\n"
    plan = one_plan(text)
    assert [(d.ordinal, d.title, d.code) for d in plan.domains] == [
        (1, "儿童与健康", "health"), (2, "儿童与安全", "safety"), (3, "儿童与教育", "education"),
        (4, "儿童福利", "welfare"), (5, "儿童与家庭", "family"), (6, "儿童与环境", "environment"),
        (7, "儿童与法律保护", "law")]
    assert [g for _, _, _, g, _ in outline(plan)] == [1, 1, 1, 2, 1, 1, 1]


def test_a_document_number_under_the_title_is_metadata_not_preamble_text():
    text = read("circled_children.txt").replace("前  言\n", "清政发〔2022〕5号\n\n前  言\n", 1)
    plan = one_plan(text)
    assert plan.inferred.doc_number == "清政发〔2022〕5号"
    first = texts(plan, "preamble")[0][1]
    assert first.startswith("儿童是国家的未来") and "号" not in first and "前言" not in first
    assert plan.structure_complete
