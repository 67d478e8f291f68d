"""A plan on a county portal page in a style the corpus pages lack: HTML5 <header>/<nav>/<aside>/
<footer>, a 您的位置 breadcrumb with », the title in a styled <div>, an info line in a <div>, and an
article container trafilatura does not know (div.wz_con), so it falls back to recovering text from
the whole page. The plan repeats 主要目标：/策略措施： in each of its three domains and repeats two
items word for word across domains; every one of them must survive, the site parts must not.
The expectations below were written by reading pages/women_plan_portal.html."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.readers.html_chrome import is_page_line
from extractors.segment import segment_document

PAGE = (Path(__file__).parent / "pages" / "women_plan_portal.html").read_text(encoding="utf-8")
MECHANISM = "健全工作机制。将本领域目标任务纳入部门年度工作计划，定期开展督导检查，确保各项措施落实到位。"

OUTLINE = {
    (1, "妇女与健康"): (["孕产妇死亡率控制在15/10万以下。", "妇女宫颈癌和乳腺癌筛查覆盖率达到80%以上。"],
                    ["完善妇幼健康服务体系。加强县妇幼保健院建设。", MECHANISM]),
    (2, "妇女与教育"): (["女性高中阶段毛入学率达到92%以上。"],
                    ["保障女童平等接受义务教育。", "加强部门协作。", "开展女性职业技能培训，每年培训1000人次以上。"]),
    (3, "妇女与经济"): (["女性就业人数占全社会就业人数的比例保持在45%左右。", "农村妇女技能培训覆盖面持续扩大。"],
                    ["促进妇女创业就业。", MECHANISM, "加强部门协作。"]),
}
CHROME = ("欢迎访问", "手机版", "网站首页", "政民互动", "您的位置", "信息公开", "信息来源", "发布时间", "浏览次数",
          "分享到", "微博", "打印本页", "关闭窗口", "相关文章", "妇女儿童工作会议", "主办：", "版权所有",
          "网站标识码", "ICP备", "dataLayer", "common.js")


def page(charset: str) -> bytes:
    return PAGE.replace("{charset}", charset).encode(charset, "xmlcharrefreplace")     # » as &#187; in GBK


def plain_page() -> bytes:
    """The same plan with nothing around it: the article container's paragraphs alone."""
    body = re.search(r'<div class="wz_con">(.*?)</div>', PAGE, re.S).group(1)
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()


@pytest.fixture(scope="module", params=["utf-8", "gbk"])
def doc(request):
    return read_document(page(request.param), f"portal-{request.param}.html")


def test_every_domain_keeps_its_goals_and_measures(doc):
    [plan] = segment_document(doc.text)
    assert plan.structure_complete and plan.structure_notes == ()
    outline = {(d.ordinal, d.title): ([p.text for p in plan.provisions if p.domain_ordinal == d.ordinal and p.kind == "goal"],
                                      [p.text for p in plan.provisions if p.domain_ordinal == d.ordinal and p.kind == "measure"])
               for d in plan.domains}
    assert outline == OUTLINE


def test_repeated_headings_and_items_are_all_in_the_text(doc):
    lines = doc.text.splitlines()
    assert lines.count("主要目标：") == 3 and lines.count("策略措施：") == 3
    assert lines.count("2．" + MECHANISM) == 2 and lines.count("3．加强部门协作。") == 1
    assert lines.count("2．加强部门协作。") == 1
    assert lines[0] == "青河县妇女发展规划（2021—2025年）" and doc.text.count("青河县妇女发展规划") == 1


def test_site_parts_are_dropped(doc):
    assert [word for word in CHROME if word in doc.text] == []
    assert "\U000F0000" not in doc.text and "\U000F0001" not in doc.text      # the repeat marks are gone


def test_the_note_names_what_was_dropped(doc):
    assert ("article body extracted with trafilatura; dropped: page navigation, share links, related links, "
            "info line, footer") in doc.notes


def test_a_bare_plan_page_says_nothing_was_dropped():
    doc = read_document(plain_page(), "plain.html")
    assert "article body extracted with trafilatura; nothing dropped" in doc.notes
    assert [(d.ordinal, d.title) for d in segment_document(doc.text)[0].domains] == list(OUTLINE)


@pytest.mark.parametrize("line, page_line", [
    ("当前位置：首页 > 政务公开 > 政府文件", True),
    ("您的位置：首页 » 信息公开 » 规划计划", True),
    ("索引号：11220600MB1234567X/2022-00123 发布机构：通榆县人民政府办公室 发布日期：2022-03-15", True),
    ("发布时间：2022-07-28 来源：县政府办 字号：大 中 小", True),
    ("数据来源：县统计局。", False),                                        # one label: a plan's note
    ("（一）儿童与健康。", False),
    ("当前位置偏远的乡村学校，要改善办学条件。", False),                      # no path after it
])
def test_breadcrumb_and_info_lines(line, page_line):
    assert is_page_line(line) is page_line
