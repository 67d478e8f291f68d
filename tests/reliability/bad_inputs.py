"""Bad and awkward inputs for `planatlas ingest`, written at test time (no committed binaries).

Each Case writes its file(s) into an inbox folder and says exactly what ingest must report for
it: the outcome word of its line (loaded / duplicate / quarantined) and the detail, as an exact
string or a regex. Plans that should load each name their own jurisdiction, so that no case is a
revision or a duplicate of another unless it is meant to be one (the `same_*` cases).

The expectations were written from what the genre and the README promise (reasons as the
readers word them), not read off a run.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tests.plan_texts import plan_text

# The plan already in the warehouse every test starts from.
BASE_JURISDICTION = "长春市"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
SHELL_NAME = "25_$(touch pwned); rm -rf x `id`.txt"
NEWS = ("县融媒体中心讯 11月28日上午，我县召开2026年冬季安全生产工作部署会议。会议传达学习了上级有关会议精神，"
        "通报了近期全县安全生产形势，安排部署了今冬明春安全生产重点工作。\n"
        "会议强调，各乡镇、各部门要坚持人民至上、生命至上，切实把安全生产责任落到实处，"
        "深入开展隐患排查整治，坚决遏制重特大事故发生。\n"
        "会议要求，要加强值班值守，严格落实领导带班制度，确保信息畅通、处置及时。\n"
        "县直有关部门主要负责同志参加会议。\n")
NAV_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政务公开_某县人民政府</title></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxq/">走进县情</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<div class="leftnav"><ul><li><a href="/zwgk/zcwj/">政策文件</a></li><li><a href="/zwgk/ghjh/">规划计划</a></li></ul></div>
<div class="footer"><p><a href="/about/">关于我们</a> | <a href="/map/">网站地图</a></p><p>主办单位：某县人民政府办公室</p></div>
</body></html>"""


def _txt(jurisdiction: str, encoding: str = "utf-8", **kw) -> bytes:
    return plan_text(jurisdiction, **kw).encode(encoding)


def numbered_plan(jurisdiction: str, style: str) -> str:
    """plan_text with the goal and measure items numbered in another style: ① ② (circled), 1、
    (Chinese enumeration comma) or 第一条 (articles)."""
    def mark(k: int) -> str:
        return {"circled": "①②③④⑤"[k - 1], "comma": f"{k}、", "article": f"第{'一二三四五'[k - 1]}条 "}[style]
    out = []
    for line in plan_text(jurisdiction).split("\n"):
        m = re.match(r"^([12])\.(?=\S)", line)
        out.append(mark(int(m.group(1))) + line[m.end():] if m and not line.startswith(("1.坚持", "2.坚持")) else line)
    return "\n".join(out)


def big5_plan(jurisdiction: str) -> bytes:
    """The plan in traditional characters, Big5-encoded (as a Hong Kong or Taiwan copy would be)."""
    from opencc import OpenCC
    # Big5 has no ‰: Taiwan and Hong Kong texts write 千分之
    text = OpenCC("s2tw").convert(plan_text(jurisdiction).replace("4.5‰", "千分之4.5"))
    return text.encode("big5")


def small_docx(text: str) -> bytes:
    import docx
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def rezip(raw: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, data in (add or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    return rezip(small_docx(plan_text("双阳区")), add={"word/media/image1.bin": b"\x00" * (20 * 1024 * 1024)})


def billion_laughs_docx() -> bytes:
    lol = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                      for i in range(1, 10))
           + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    return rezip(small_docx(plan_text("舒兰市")), replace={"word/document.xml": lol})


def _plan_pdf() -> bytes:
    from tests.readers.tiny_pdf import text_pdf
    lines = plan_text("磐石市").split("\n")[:12]
    return text_pdf([[(72, 60 + 24 * i, ln[:30]) for i, ln in enumerate(lines) if ln]])


def plan_pdf(jurisdiction: str) -> bytes:
    """The whole plan as a PDF: paragraphs wrapped at 36 characters, first lines indented, 30
    lines a page (tiny_pdf's standard CJK font, no font file)."""
    from tests.readers.tiny_pdf import text_pdf
    rows = []
    for line in filter(None, plan_text(jurisdiction).split("\n")):
        rows += [(96 if k == 0 else 72, line[i:i + 36]) for k, i in enumerate(range(0, len(line), 36))]
    return text_pdf([[(x, 60 + 24 * i, t) for i, (x, t) in enumerate(rows[p:p + 30])] for p in range(0, len(rows), 30)])


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter()
    for page in PdfReader(io.BytesIO(_plan_pdf())).pages:
        w.add_page(page)
    w.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    from tests.readers.tiny_pdf import no_text_pdf
    return no_text_pdf()


def cut_in_domain(jurisdiction: str) -> bytes:
    """Cut after the goals of domain 3 (儿童与教育): its measures and four domains are missing."""
    text = plan_text(jurisdiction)
    return text[:text.index("策略措施：", text.index("（三）儿童与教育"))].encode("utf-8")


def cut_mid_sentence(jurisdiction: str) -> bytes:
    """Cut inside the last sentence (at a character boundary): 建立健全儿童发展监测统计|制度。"""
    text = plan_text(jurisdiction)
    return text[:text.index("统计制度") + 2].encode("utf-8")


def cut_in_last_character(jurisdiction: str) -> bytes:
    """The UTF-8 bytes without the newline and the last byte of the final 。 (E3 80 82)."""
    return plan_text(jurisdiction).encode("utf-8")[:-2]


def invalid_bytes_mid_file(jurisdiction: str) -> bytes:
    raw = plan_text(jurisdiction).encode("utf-8")
    at = raw.index("（四）".encode("utf-8"))
    return raw[:at] + b"\xff\xfe" + raw[at:]


def nul_in_utf8(jurisdiction: str) -> bytes:
    raw = plan_text(jurisdiction).encode("utf-8")
    at = raw.index("（四）".encode("utf-8"))
    return raw[:at] + b"\x00" + raw[at:]


def markup_plan(jurisdiction: str) -> bytes:
    text = plan_text(jurisdiction).replace(
        "儿童健康素养水平不断提升。",
        "儿童健康素养水平不断提升<script>alert('x')</script>，<img src=x onerror=\"alert(1)\">。")
    return text.encode("utf-8")


def single_line(size: int = 2**20) -> bytes:
    unit = "为促进儿童全面发展，保障儿童权利，完善儿童政策体系，优化儿童发展环境，"
    text = (unit * (size // len(unit.encode("utf-8")) + 1))
    return text.encode("utf-8")[:size - (size % 3)]


def big_text(size: int = 50 * 2**20) -> bytes:
    block = plan_text("德惠市").encode("utf-8")
    return (block * (size // len(block) + 1))[:size]


@dataclass(frozen=True)
class Case:
    """One bad or awkward input: `make(folder)` writes it; `outcome` and `detail` (exact, or a
    compiled regex) are what ingest says of `reported` (the path its line names, relative to the
    folder); `plans` are the plan ids it must load; `alone` false for cases that only make sense
    beside another (a duplicate of a file earlier in the inbox)."""
    key: str
    make: Callable[[Path], None]
    reported: str
    outcome: str
    detail: str | re.Pattern
    plans: tuple[str, ...] = ()
    complete: bool | None = True        # plans.structure_complete of its plans
    notes: tuple[str, ...] = ()          # exact plans.structure_notes (when complete is False)
    metadata_problem: str | re.Pattern | None = None
    in_documents: bool = True            # False: an unreadable path, accounted for in run_files only
    slow: bool = False
    detail_alone: str | re.Pattern | None = None  # when the detail differs without its peers
    outcome_alone: str | None = None
    extra: dict = field(default_factory=dict)


def _write(rel: str, data: bytes | Callable[[], bytes]):
    def make(folder: Path) -> None:
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data() if callable(data) else data)
    return make


def _symlink_out(folder: Path) -> None:
    outside = folder.parent / f"outside-{folder.name}"
    outside.mkdir(exist_ok=True)
    (outside / "elsewhere.txt").write_bytes(_txt("桦甸市"))
    (folder / "27_link_out.txt").symlink_to(outside / "elsewhere.txt")


def _csv(rel_dir: str, csv_bytes: bytes, plan_name: str, jurisdiction: str):
    def make(folder: Path) -> None:
        d = folder / rel_dir
        d.mkdir(parents=True, exist_ok=True)
        (d / "plans.csv").write_bytes(csv_bytes)
        (d / plan_name).write_bytes(_txt(jurisdiction))
    return make


CSV_HEADER = "plan_id,source_file,plan_index,jurisdiction,subject,period_start,period_end\n"
TRUNC_DOMAIN_NOTES = (
    "domain 3 儿童与教育 has no measures",
    "text ends in domain 3 of 7; no implementation or monitoring part",
)


def cases() -> list[Case]:
    """The suite, in the order the inbox lists them (names sort as the walker sorts them)."""
    same = plan_text("梨树县")
    rx = re.compile
    return [
        Case("gbk", _write("01_gbk.txt", lambda: _txt("农安县", "gbk")), "01_gbk.txt", "loaded", "nongan-children",
             ("nongan-children",)),
        Case("gb18030", _write("02_gb18030.txt", lambda: _txt("九台区", "gb18030")), "02_gb18030.txt", "loaded",
             "jiutai-children", ("jiutai-children",)),
        Case("utf16_bom", _write("03_utf16_bom.txt", lambda: _txt("蛟河市", "utf-16")), "03_utf16_bom.txt",
             "loaded", "jiaohe-children", ("jiaohe-children",)),
        Case("utf16_no_bom", _write("04_utf16le.txt", lambda: _txt("磐石市", "utf-16-le")), "04_utf16le.txt",
             "loaded", "panshi-children", ("panshi-children",)),
        Case("utf32_bom", _write("05_utf32.txt", lambda: _txt("东丰县", "utf-32")), "05_utf32.txt", "loaded",
             "dongfeng-children", ("dongfeng-children",)),
        Case("utf8_bom", _write("06_utf8_bom.txt", lambda: _txt("东辽县", "utf-8-sig")), "06_utf8_bom.txt",
             "loaded", "dongliao-children", ("dongliao-children",)),
        Case("invalid_bytes", _write("07_invalid_bytes.txt", lambda: invalid_bytes_mid_file("柳河县")),
             "07_invalid_bytes.txt", "quarantined",
             rx(r"damaged UTF-8: 2 invalid byte sequence\(s\), the first at byte \d+ \(invalid start byte\); "
                r"the file is otherwise UTF-8 — re-save or re-download it")),
        Case("cut_in_char", _write("08_cut_in_char.txt", lambda: cut_in_last_character("辉南县")),
             "08_cut_in_char.txt", "loaded",
             "huinan-children; the file ends inside a character (2 byte(s) of it): it was cut short",
             ("huinan-children",), complete=False,
             notes=("text ends mid-sentence: …划实施中期和终期开展评估",)),
        Case("big5", _write("09_big5.txt", lambda: big5_plan("集安市")), "09_big5.txt", "loaded",
             "jian-children; printed in traditional characters: read through a simplified view (same offsets)",
             ("jian-children",)),
        Case("crlf", _write("10_crlf.txt", lambda: plan_text("抚松县").replace("\n", "\r\n").encode("utf-8")),
             "10_crlf.txt", "loaded", "fusong-children", ("fusong-children",)),
        Case("empty", _write("11_empty.txt", b""), "11_empty.txt", "quarantined", "empty file"),
        Case("whitespace", _write("12_whitespace.txt", b" \r\n\t\n\xe3\x80\x80\n"), "12_whitespace.txt",
             "quarantined", "no text after decoding as utf-8"),
        Case("binary", _write("13_binary.txt", bytes(range(256)) * 8), "13_binary.txt", "quarantined",
             "NUL bytes and no byte-order mark: binary data"),
        Case("png_as_txt", _write("14_image.txt", PNG), "14_image.txt", "quarantined",
             "a PNG image, not a plan document"),
        Case("ole_as_docx", _write("15_old_word.docx", OLE2), "15_old_word.docx", "quarantined",
             "an OLE2 compound file (an old binary .doc or .wps, or a password-protected .docx), not a .docx: "
             "convert to .docx (or remove the password) first"),
        Case("doc", _write("16_old.doc", OLE2 + b"doc"), "16_old.doc", "quarantined",
             "an OLE2 compound file (an old binary .doc or .wps, or a password-protected .docx), not a .docx: "
             "convert to .docx (or remove the password) first"),
        Case("wps", _write("17_old.wps", OLE2 + b"wps"), "17_old.wps", "quarantined",
             "an OLE2 compound file (an old binary .doc or .wps, or a password-protected .docx), not a .docx: "
             "convert to .docx (or remove the password) first"),
        Case("encrypted_pdf", _write("18_encrypted.pdf", encrypted_pdf), "18_encrypted.pdf", "quarantined",
             "encrypted PDF: it needs a password to open"),
        Case("scanned_pdf", _write("19_scanned.pdf", scanned_pdf), "19_scanned.pdf", "quarantined",
             "PDF has no text layer; OCR it first"),
        Case("cut_mid_domain", _write("20_cut_mid_domain.txt", lambda: cut_in_domain("梅河口市")),
             "20_cut_mid_domain.txt", "loaded", "meihekou-children", ("meihekou-children",), complete=False,
             notes=TRUNC_DOMAIN_NOTES),
        Case("cut_mid_sentence", _write("21_cut_mid_sentence.txt", lambda: cut_mid_sentence("临江市")),
             "21_cut_mid_sentence.txt", "loaded", "linjiang-children", ("linjiang-children",), complete=False,
             notes=("text ends mid-sentence: …建立健全儿童发展监测统计",)),
        Case("news", _write("22_news.txt", NEWS.encode("utf-8")), "22_news.txt", "quarantined",
             "no development domains (儿童与健康 …, with 主要目标 and 策略措施) found: not a development plan, "
             "or one cut short before its first domain"),
        Case("spaces", _write("23 plan with spaces.txt", lambda: _txt("靖宇县")), "23 plan with spaces.txt",
             "loaded", "jingyu-children", ("jingyu-children",)),
        Case("chinese_name", _write("24_长岭县儿童发展规划.txt", lambda: _txt("长岭县")), "24_长岭县儿童发展规划.txt",
             "loaded", "changling-children", ("changling-children",)),
        Case("shell_name", _write(SHELL_NAME, lambda: _txt("乾安县")), SHELL_NAME, "loaded", "qianan-children",
             ("qianan-children",)),
        Case("leading_dash", _write("-26_dash.txt", lambda: _txt("扶余市")), "-26_dash.txt", "loaded",
             "fuyu-children", ("fuyu-children",)),
        Case("symlink_out", _symlink_out, "27_link_out.txt", "quarantined",
             rx(r"a link out of \S+ \(to \S+/outside-[^/]+/elsewhere\.txt\): not followed"), in_documents=False),
        Case("dir_named_like_plan", _write("28_plan.txt/inner.txt", lambda: _txt("镇赉县")),
             "28_plan.txt/inner.txt", "loaded", "zhenlai-children", ("zhenlai-children",)),
        Case("csv_binary", _csv("29_csv_binary", bytes(range(256)), "plan.txt", "通榆县"), "29_csv_binary/plan.txt",
             "loaded", "tongyu-children", ("tongyu-children",),
             metadata_problem=rx(r"\S*29_csv_binary/plans\.csv: cannot be read as a UTF-8 CSV \('utf-8' codec can't "
                                 r"decode byte 0x80 in position 128: invalid start byte\); ignored")),
        Case("csv_wrong_columns", _csv("30_csv_columns", "name,file\n洮南,plan.txt\n".encode(), "plan.txt", "洮南市"),
             "30_csv_columns/plan.txt", "loaded", "taonan-children", ("taonan-children",),
             metadata_problem=rx(r"\S*30_csv_columns/plans\.csv: not a plans\.csv \(missing columns plan_id, "
                                 r"plan_index, jurisdiction, subject\); ignored")),
        Case("csv_bad_row", _csv("31_csv_bad_row", (CSV_HEADER + "daan-children,plan.txt,0,大安市,adults,2021,2030\n"
                                                    ).encode(), "plan.txt", "大安市"),
             "31_csv_bad_row/plan.txt", "loaded", "daan-children", ("daan-children",),
             metadata_problem=rx(r"\S*31_csv_bad_row/plans\.csv line 2: subject 'adults' is not children or women; "
                                 r"row ignored")),
        Case("csv_missing_file", _csv("32_csv_missing", (CSV_HEADER + "dunhua-children,plan.txt,0,敦化市,children,2021,2030\n"
                                                         "hunchun-children,missing.txt,0,珲春市,children,2021,2030\n").encode(),
                                      "plan.txt", "敦化市"),
             "32_csv_missing/plan.txt", "loaded", "dunhua-children", ("dunhua-children",),
             metadata_problem=rx(r"\S*32_csv_missing/plans\.csv line 3: source_file missing\.txt is not in "
                                 r"\S*32_csv_missing; the row applies only to a file of that name \(or sha256\) "
                                 r"ingested from elsewhere")),
        Case("markup", _write("33_markup.txt", lambda: markup_plan("龙井市")), "33_markup.txt", "loaded",
             "longjing-children", ("longjing-children",)),
        Case("single_line", _write("34_single_line.txt", single_line), "34_single_line.txt", "quarantined",
             "no development domains (儿童与健康 …, with 主要目标 and 策略措施) found: not a development plan, "
             "or one cut short before its first domain"),
        Case("nul_in_utf8", _write("35_nul.txt", lambda: nul_in_utf8("和龙市")), "35_nul.txt", "quarantined",
             rx(r"UTF-8 text with 1 NUL byte \(at byte \d+\): a damaged file, not a plan text — re-save or "
                r"re-download it")),
        Case("nav_only_html", _write("36_nav.html", NAV_PAGE.encode("utf-8")), "36_nav.html", "quarantined",
             "no development domains (儿童与健康 …, with 主要目标 and 策略措施) found: not a development plan, "
             "or one cut short before its first domain"),
        Case("circled_items", _write("37_circled.txt", lambda: numbered_plan("汪清县", "circled").encode()),
             "37_circled.txt", "loaded", "wangqing-children", ("wangqing-children",)),
        Case("comma_items", _write("38_comma.txt", lambda: numbered_plan("安图县", "comma").encode()),
             "38_comma.txt", "loaded", "antu-children", ("antu-children",)),
        Case("article_items", _write("39_article.txt", lambda: numbered_plan("通化县", "article").encode()),
             "39_article.txt", "loaded", "tonghua-children", ("tonghua-children",)),
        Case("twice_in_one_file", _write("40_twice.txt", lambda: (plan_text("伊通满族自治县") * 2).encode()),
             "40_twice.txt", "loaded", "yitong-children; plan 2 repeats plan 1 of this file: loaded once",
             ("yitong-children",)),
        Case("same_a", _write("41_same_a.txt", same.encode("utf-8")), "41_same_a.txt", "loaded", "lishu-children",
             ("lishu-children",)),
        Case("same_bytes", _write("42_same_b.txt", same.encode("utf-8")), "42_same_b.txt", "duplicate",
             "same bytes as 41_same_a.txt", ("lishu-children",), outcome_alone="loaded",
             detail_alone="lishu-children"),
        Case("same_other_encoding", _write("43_same_gbk.txt", same.replace("\n", "\r\n").encode("gbk")),
             "43_same_gbk.txt", "duplicate", "same text as 41_same_a.txt (another encoding or format)",
             ("lishu-children",),
             outcome_alone="loaded", detail_alone="lishu-children"),
        Case("zip_bomb", _write("44_bomb.docx", zip_bomb_docx), "44_bomb.docx", "quarantined",
             rx(r"zip bomb suspected: part word/media/image1\.bin expands from \d+\.\d KB to 20\.0 MB "
                r"\(ratio [\d,]+:1, limit 100:1\)")),
        Case("billion_laughs", _write("45_laughs.docx", billion_laughs_docx), "45_laughs.docx", "quarantined",
             "part word/document.xml declares a DTD or entities (<!DOCTYPE/<!ENTITY>), which Word never writes: "
             "refused as an XML entity attack"),
        Case("big_text", _write("46_big.txt", big_text), "46_big.txt", "quarantined",
             "file too large: 50.0 MB (52,428,800 bytes) exceeds the 20.0 MB limit for text/plain", slow=True),
    ]
