"""Property tests: on any text, the segmenter either raises SegmentationError or returns plans
whose every span lies inside the text, in order, on the characters it claims to hold."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.decoding import decode_bytes
from extractors.errors import SegmentationError
from extractors.segment import segment_document
from tests.conftest import corpus_files

# The normaliser's one-to-one rewrites (full-width digits, ％, decimal and item points); everything
# else in a provision's text is a character of the source as it stands.
_FOLD = str.maketrans("０１２３４５６７８９％．。·\r", "0123456789%...\n")


def fold(s: str) -> str:
    return regex.sub(r"\s", "", s.translate(_FOLD))


def is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def check(text: str) -> None:
    try:
        plans = segment_document(text)
    except SegmentationError:
        return
    assert plans
    prev_end = 0
    for plan in plans:
        assert prev_end <= plan.char_start < plan.char_end <= len(text)
        prev_end = plan.char_end
        assert plan.structure_complete == (plan.structure_notes == ())
        last = plan.char_start
        for p in plan.provisions:  # sorted, disjoint, inside the plan
            assert last <= p.char_start < p.char_end <= plan.char_end, (p.kind, p.ordinal)
            last = p.char_end
            if p.kind == "table_row":
                assert all(text[c.char_start:c.char_end] == c.text for c in p.cells)
                continue
            assert len(p.text_origin) == len(p.text)
            assert list(p.text_origin) == sorted(p.text_origin)
            assert p.text_origin[0] == p.char_start and p.text_origin[-1] == p.char_end - 1
            assert "".join(text[o] for o in p.text_origin).translate(_FOLD) == p.text.translate(_FOLD)
            assert is_subsequence(fold(p.text), fold(text[p.char_start:p.char_end]))
        last = plan.char_start
        for d in plan.domains:
            assert last <= d.char_start < d.char_end <= plan.char_end
            last = d.char_end
            assert is_subsequence(fold(d.title), fold(text[d.char_start:d.char_end]))
        for s in plan.sections:
            assert plan.char_start <= s.char_start < s.char_end <= plan.char_end
            assert is_subsequence(fold(s.text), fold(text[s.char_start:s.char_end]))


# Pieces of the genre's skeleton, so random text often looks like a plan.
MARKERS = ["", "", "一、", "二、", "三、", "（一）", "(二)", "（三）", "1.", "2.", "3．", "5.3", "（1）", "(2)", "1）",
           "①", "②", "⑴", "❶", "第一章", "第二章 ", "第一节", "第二节", "第一部分", "第一条", "一是", "二是", "\t", "- ",
           "[bookmark: _GoBack]", "**", "２．", "　"]
BODIES = ["儿童与健康", "儿童与安全。", "妇女参与决策和管理", "主要目标：", "策略措施", "【主要目标】", "主要措施。",
          "指导思想", "基本原则", "总体目标。到2030年", "发展领域、主要目标和策略措施", "组织实施", "监测评估",
          "重点实事项目", "主要统计指标表", "某县儿童发展规划（2021-2030年）", "抄送：县委", "前  言", "目录",
          "加强儿童保健。一是开展筛查；二是推进救治。", "婴儿死亡率控制在4.5‰以下，", "（牵头单位：县卫健局。",
          "责任单位：县教育局）", "3岁以下儿童", "2025年", "。", "；", ""]
LINE = st.one_of(
    st.tuples(st.sampled_from(MARKERS), st.sampled_from(BODIES)).map("".join),
    st.tuples(st.sampled_from(MARKERS), st.text(max_size=12)).map("".join),
    st.text(max_size=30),
)
NEWLINES = st.sampled_from(["\n", "\n", "\r\n", "\n\n", "\r"])


@given(st.lists(st.tuples(LINE, NEWLINES), max_size=60).map(lambda ls: "".join(a + b for a, b in ls)))
def test_any_plan_like_text(text):
    check(text)


@given(st.text())
def test_any_text(text):
    check(text)


_CORPUS = [decode_bytes(p.read_bytes()).text for p in corpus_files()]
_CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] + ["十" + d for d in "一二三四五六七八九"]
_NUMBER = regex.compile(r"^(\s*[（(]?)(\d{1,2}|[一二三四五六七八九十]{1,3})")


@settings(max_examples=40)
@given(st.data())
def test_corpus_text_with_lines_deleted_duplicated_or_renumbered(data):
    lines = data.draw(st.sampled_from(_CORPUS)).split("\n")
    ops = data.draw(st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "renumber"]),
                                       st.integers(0, 10**6), st.integers(1, 30)), min_size=1, max_size=25))
    for op, i, n in ops:
        if not lines:
            break
        i %= len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        else:
            lines[i] = _NUMBER.sub(lambda m: m.group(1) + (str(n) if m.group(2).isdigit() else _CN[n % 19]), lines[i])
    check("\n".join(lines))
