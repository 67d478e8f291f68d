"""Hypothesis strategies for inputs that reach past the readers into the segmenter and the target
grammar: plan-shaped texts (real skeletons, lines dropped, repeated, cut and spliced with the
genre's markers, numbers and units), in the encodings and formats plans come in, sometimes with
damaged bytes."""
from __future__ import annotations

from hypothesis import strategies as st

from tests.plan_texts import plan_text

PLACES = ("德惠市", "农安县", "九台区", "榆树市", "集安市")
# Pieces the segmenter and the grammar react to: markers, heads, numbers with units, years, ranges.
PIECES = ("一、", "二、", "三、", "（一）", "（二）", "（十一）", "1.", "2.", "3、", "①", "②", "⑴", "第一条", "第二章",
          "第三部分", "主要目标：", "策略措施：", "主要目标", "策略措施", "一是", "二是", "三是", "儿童与健康", "儿童与安全",
          "妇女与经济", "组织实施", "监测评估", "到2025年，", "到2030年", "2020年", "以2020年为基数", "下降", "达到",
          "控制在", "以上", "以下", "不低于", "95%", "4.5‰", "１２％", "百分之六十", "三分之一", "八成", "3至5所",
          "60%—70%", "0.5-1个百分点", "10/10万", "1,200人", "一百五十二所", "100余所", "≥90%", "≤6", "5.3岁以下",
          "，", "。", "；", "：", "\n", "\n\n", "\t", " ", "　", "\r\n", "儿童", "婴儿死亡率", "覆盖率", "（牵头单位：卫健局）",
          "抄送：", "县人民政府", "儿童发展规划（2021—2030年）")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-32")


@st.composite
def plan_like_text(draw) -> str:
    lines = plan_text(draw(st.sampled_from(PLACES)), imr=draw(st.sampled_from(["4.5", "3", "12.75"])),
                      domains=draw(st.integers(1, 7)), title=draw(st.booleans())).split("\n")
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["drop", "repeat", "insert", "cut", "splice"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if op == "drop" and lines:
            del lines[i]
        elif op == "repeat" and lines:
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, "".join(draw(st.lists(st.sampled_from(PIECES), max_size=8))))
        elif op == "cut" and lines and lines[i]:
            lines[i] = lines[i][:draw(st.integers(0, len(lines[i])))]
        elif op == "splice" and lines:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + "".join(draw(st.lists(st.sampled_from(PIECES), max_size=4))) + lines[i][at:]
    return "\n".join(lines)


@st.composite
def plan_like_bytes(draw) -> tuple[bytes, str]:
    """(bytes, file name): a plan-like text as .txt in some encoding, as .docx or as an HTML page,
    sometimes with a few bytes damaged."""
    text = draw(plan_like_text())
    kind = draw(st.sampled_from(["txt", "txt", "txt", "docx", "html"]))
    if kind == "docx":
        from tests.reliability.bad_inputs import small_docx
        raw, name = small_docx(text.replace("\r", "")), "plan.docx"
    elif kind == "html":
        from tests.readers.corpus_model import plan_blocks
        from tests.readers.make_html import write_html
        raw, name = write_html(plan_blocks(text.replace("\r", "")), "某市儿童发展规划", "某市人民政府"), "plan.html"
    else:
        enc = draw(st.sampled_from(ENCODINGS))
        raw, name = text.encode(enc, errors="replace"), "plan.txt"
    if draw(st.integers(0, 4)) == 0 and raw:
        data = bytearray(raw)
        for _ in range(draw(st.integers(1, 3))):
            pos = draw(st.integers(0, len(data) - 1))
            data[pos] = draw(st.integers(0, 255))
        raw = bytes(data)
    return raw, name
