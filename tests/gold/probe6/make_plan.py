"""Generate the invented probe6 plan (岚川市妇女发展规划（2021—2030年）) as .docx and .html.

Run with a python that has python-docx (NOT the project's .venv):
    /tmp/probe6/venv/bin/python tests/gold/probe6/make_plan.py
Writes plan.docx, plan.html and plan_source.txt (the plain reading text) beside this file.
Everything here is invented: 岚川市 and 江北省 do not exist.
"""
from __future__ import annotations

import html
import pathlib

HERE = pathlib.Path(__file__).resolve().parent

# ---------------------------------------------------------------- tables
# Table 1: 主要指标. Columns: 领域 | 序号 | 指标 | 单位 | 2020年现状 | 目标值(2025年, 2030年) | 属性
# 领域 is merged down over its rows; 目标值 spans 2025年/2030年.
T1_TITLE = "表1  岚川市妇女发展规划（2021—2030年）主要指标"
T1_GROUPS = [
    ("妇女与健康", [
        ("1", ["孕产妇死亡率"], "1/10万", "11.2", "≤12", "≤10", "约束性"),
        ("2", ["适龄妇女宫颈癌人群筛查率"], "%", "52.3", "≥60", "≥70", "预期性"),
        ("3", ["艾滋病母婴传播率"], "%", "2.6", "≤2", "≤2", "约束性"),
    ]),
    ("妇女与教育", [
        ("4", ["高中阶段教育毛入学率"], "%", "93.8", "≥95", "≥97", "预期性"),
        ("5", ["女性劳动年龄人口平均受教育年限"], "年", "10.6", "11.0", "11.5", "预期性"),
        ("6", ["新增劳动力中女性接受高中阶段及以上", "教育的比例"], "%", "88.2", "逐步提高", "≥95", "预期性"),
    ]),
    ("妇女与经济", [
        ("7", ["就业人员中的女性比例"], "%", "44.1", "45左右", "45左右", "预期性"),
        ("8", ["农村妇女职业技能培训人次"], "万人次", "1.8", "2", "——", "预期性"),
    ]),
    ("妇女参与决策和管理", [
        ("9", ["村委会成员中女性比例"], "%", "26.4", "≥30", "≥35", "预期性"),
    ]),
    ("妇女与社会保障", [
        ("10", ["妇女基本医疗保险参保率"], "%", "96.2", "≥95", "≥95", "约束性"),
        ("11", ["女职工生育保险参保人数"], "万人", "42.5", "逐步提高", "逐步提高", "预期性"),
    ]),
    ("妇女与环境", [
        ("12", ["农村自来水普及率"], "%", "91.0", "≥95", "100", "约束性"),
        ("13", ["农村卫生厕所普及率"], "%", "78.5", "逐步提高", "≥90", "预期性"),
    ]),
    ("妇女与法律", [
        ("14", ["乡镇（街道）妇女儿童维权服务站覆盖率"], "%", "85.0", "100", "100", "约束性"),
    ]),
]
T1_NOTE = "注：“——”表示不设定目标值；“逐步提高”为定性要求。"

# Table 2 (in 妇女参与决策和管理): 层级 | 女干部占同级干部总数的比例（%）(2025年, 2030年)
T2_TITLE = "表2  各级女干部比例目标"
T2_HEAD = "女干部占同级干部总数的比例（%）"
T2_ROWS = [
    ("市级", "≥25", "≥28"),
    ("县级", "≥30", "≥32"),
    ("乡级", "≥35", "40左右"),
]

# ---------------------------------------------------------------- text
# ('notice'|'title'|'h1'|'h2'|'h3'|'p'|'right'|'table1'|'table2', text)
B: list[tuple[str, str]] = []


def add(kind: str, text: str = "") -> None:
    B.append((kind, text))


add("notice", "岚川市人民政府文件")
add("center", "岚政发〔2022〕9号")
add("title", "岚川市人民政府关于印发岚川市妇女发展规划（2021—2030年）的通知")
add("p", "各县（市、区）人民政府，市政府各部门，各直属机构：")
add("p", "现将《岚川市妇女发展规划（2021—2030年）》印发给你们，请结合实际认真贯彻落实。")
add("right", "岚川市人民政府")
add("right", "2022年3月18日")
add("title", "岚川市妇女发展规划（2021—2030年）")
add("h1", "前  言")
add("p", "男女平等和妇女全面发展是社会文明进步的重要标志。岚川市地处江北省西部，辖3个县、2个县级市和2个区，"
         "市委、市政府始终把妇女事业放在经济社会发展全局中谋划推进，先后实施了三轮妇女发展规划，"
         "妇女发展环境不断优化。")
add("p", "“十三五”时期，全市妇女事业取得长足进步。2020年，全市孕产妇死亡率从2010年的25.6/10万下降到11.2/10万，"
         "女性就业人员占全部就业人员的比例为44.1%，村委会成员中女性比例提高到26.4%。妇女受教育程度持续提高，"
         "参与决策和管理的渠道更加多元，社会保障水平稳步提升。")
add("p", "同时也要看到，城乡、区域和群体之间妇女发展仍不平衡，农村妇女民生保障力度有待加大，"
         "妇女在就业、婚姻家庭等方面的平等权利保障仍面临现实困难。")
add("p", "依照《中华人民共和国妇女权益保障法》等法律法规，参照《江北省妇女发展规划（2021—2030年）》，"
         "结合岚川实际，制定本规划。")

add("h1", "一、指导思想、基本原则和总体目标")
add("h2", "（一）指导思想")
add("p", "坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的十九大和十九届历次全会精神，"
         "贯彻落实男女平等基本国策，充分发挥妇女“半边天”作用，促进男女平等和妇女全面发展。")
add("h2", "（二）基本原则")
add("p", "1.坚持党的全面领导。把党的领导贯穿到妇女事业发展的全过程和各方面。")
add("p", "2.坚持以人民为中心。着力解决妇女最关心最直接最现实的利益问题。")
add("p", "3.坚持男女两性平等发展。在制定政策、编制规划、部署工作时充分考虑两性的现实差异和妇女的特殊利益。")
add("p", "4.坚持妇女全面发展。统筹推进城乡、区域、群体之间妇女的均衡发展。")
add("h2", "（三）总体目标")
add("p", "到2030年，男女平等基本国策得到深入贯彻落实，妇女平等享有全方位全生命周期健康服务，"
         "平等享有受教育权利和经济权益，参与决策和管理的水平逐步提高，妇女的获得感、幸福感、安全感显著提升。"
         "展望2035年，男女平等和妇女全面发展取得更为明显的实质性进展。")

add("h1", "二、主要指标")
add("p", "本规划设置主要指标14项，其中约束性指标5项、预期性指标9项（见表1）。")
add("caption", T1_TITLE)
add("table1")
add("small", T1_NOTE)

add("h1", "三、发展领域、主要目标和策略措施")
# ---- 1 health
add("h2", "（一）妇女与健康")
add("h3", "主要目标：")
add("p", "1.妇女全生命周期享有良好的卫生健康服务，妇女人均预期寿命延长，人均健康预期寿命提高。")
add("p", "2.到2025年，孕产妇死亡率控制在12/10万以下；到2030年，控制在10/10万以下，城乡、区域差距逐步缩小。")
add("p", "3.适龄妇女宫颈癌和乳腺癌人群筛查率分别达到70%和60%以上，妇女宫颈癌死亡率以2020年为基数下降10%。")
add("p", "4.减少艾滋病、梅毒和乙肝母婴传播，持续巩固消除母婴传播工作成效。")
add("p", "5.孕产妇贫血患病率控制在10%以内，城乡孕产妇剖宫产率低于40%。")
add("p", "6.妇女心理健康素养水平不断提升，焦虑障碍、抑郁症患病率上升趋势减缓。")
add("h3", "策略措施：")
add("p", "1.健全妇女健康保障制度机制。深入实施“健康岚川”行动，健全政府主导、部门协同、社会参与的妇女健康保障工作机制，"
         "保障妇女获得高质量、可负担的医疗保健服务。")
add("p", "2.完善妇幼健康服务体系。健全以妇幼保健机构为核心、基层医疗卫生机构为基础、综合医院为支撑的妇幼健康服务网络，"
         "每个县（市、区）至少建成1所标准化妇幼保健机构，市妇幼保健院创建三级甲等妇幼保健院。")
add("p", "3.保障孕产妇安全分娩。提倡科学备孕和适龄怀孕，加强高龄、高危孕产妇分类管理，为低收入孕产妇住院分娩提供必要救助。")
add("p", "4.加强宫颈癌和乳腺癌综合防治。为35—64岁适龄妇女提供“两癌”免费检查，促进早诊早治，"
         "宫颈癌患者治疗率以2020年为基数提高10个百分点。")
add("p", "5.加强艾滋病、梅毒和乙肝母婴传播防治。全面落实综合干预措施，孕产妇艾滋病、梅毒和乙肝检测率均达到98%以上，"
         "为感染孕产妇及其家庭提供健康咨询和社会支持。")
add("p", "6.加强妇女心理健康服务。将心理健康服务纳入妇幼保健服务，关注孕产期、更年期和老年期妇女心理健康。")
# ---- 2 education
add("h2", "（二）妇女与教育")
add("h3", "主要目标：")
add("p", "1.男女平等原则和理念在各级各类教育中得到全面贯彻。")
add("p", "2.学前教育毛入园率、九年义务教育巩固率到2025年分别达到92%和97%，到2030年分别达到95%和98%以上。")
add("p", "3.女性接受职业教育和终身教育的机会不断增加。")
add("h3", "策略措施：")
add("p", "1.将男女平等基本国策落实到教育全过程。在教师培训和课程教材中融入性别平等内容。")
add("p", "2.保障女童平等接受义务教育。落实控辍保学责任，确保女童不因贫困、残疾等原因失学辍学。")
add("p", "3.提高女性职业技能水平。实施农村妇女素质提升计划，每年培训农村妇女不少于5000人次。")
add("p", "4.促进女性科技人才成长。女性科技人才比例年均提高0.5个百分点，建成3—5个妇女终身学习示范基地。")
# ---- 3 economy
add("h2", "（三）妇女与经济")
add("h3", "主要目标：")
add("p", "1.鼓励支持妇女为推动经济高质量发展贡献力量。")
add("p", "2.城镇新增就业人员中女性比例不低于45%。")
add("p", "3.农村妇女人均可支配收入年均增长6%以上，与经济增长基本同步。")
add("p", "4.累计扶持妇女创业就业2万人以上。")
add("h3", "策略措施：")
add("p", "1.完善支持妇女就业创业的政策。消除就业性别歧视，落实创业担保贷款等扶持政策。")
add("p", "2.开展巾帼创业行动。每个县（市、区）至少培育两个巾帼创业示范基地。")
add("p", "3.保障女职工劳动权益。推动用人单位签订女职工劳动保护专项集体合同，加强劳动保障监察。")
add("p", "4.促进农村妇女增收。深入实施“百千万”巾帼助农行动，带动农村妇女发展特色产业。")
# ---- 4 decision making
add("h2", "（四）妇女参与决策和管理")
add("h3", "主要目标：")
add("p", "1.妇女参与国家和社会事务管理的水平逐步提高。")
add("p", "2.市、县两级人民政府领导班子中女干部配备比例逐步提高。")
add("p", "3.各级女干部比例达到表2所列目标。")
add("caption", T2_TITLE)
add("table2")
add("p", "4.村委会主任中女性比例达到12%以上，社区居委会主任中女性比例逐步提高。")
add("p", "5.女性党员占新发展党员的比例保持在35%左右。")
add("h3", "策略措施：")
add("p", "1.加强女干部培养选拔。将女干部培养纳入干部队伍建设总体规划，注重从基层一线培养选拔女干部。")
add("p", "2.推动妇女参与基层民主协商。在村（社区）“两委”换届中落实女性成员专职专选。")
add("p", "3.发挥妇联组织作用。支持妇联组织推荐优秀女性人才。")
# ---- 5 social security
add("h2", "（五）妇女与社会保障")
add("h3", "主要目标：")
add("p", "1.妇女平等享有社会保障权益，保障水平不断提高。")
add("p", "2.到2025年，女性基本养老保险参保率达到93%，2030年达到95%以上。")
add("p", "3.生育保险参保人数较2020年增长20%。")
add("p", "4.女性失业保险参保人数超过15万人。")
add("h3", "策略措施：")
add("p", "1.完善妇女社会保险制度。推动灵活就业女性参加社会保险。")
add("p", "2.提升妇女养老服务水平。发展居家社区养老服务，关注高龄、失能女性老年人的照护需求。")
add("p", "3.加强困难妇女社会救助。将符合条件的困难妇女纳入最低生活保障范围，做到应保尽保。")
# ---- 6 family
add("h2", "（六）妇女与家庭建设")
add("h3", "主要目标：")
add("p", "1.社会主义核心价值观在家庭中广泛弘扬。")
add("p", "2.城市社区和农村社区（村）家长学校覆盖率分别达到95%和85%以上。")
add("p", "3.每年评选表彰“最美家庭”不少于100户。")
add("h3", "策略措施：")
add("p", "1.开展家庭文明建设。深化文明家庭、“五好家庭”创建活动。")
add("p", "2.发展普惠托育服务。每千人口拥有3岁以下婴幼儿托位数达到4.5个。")
add("p", "3.加强婚姻家庭辅导。推进婚姻家庭纠纷预防化解工作。")
# ---- 7 environment
add("h2", "（七）妇女与环境")
add("h3", "主要目标：")
add("p", "1.妇女思想政治意识不断增强。")
add("p", "2.农村卫生厕所普及率达到90%以上。")
add("h3", "策略措施：")
add("p", "1.加强妇女思想政治引领。开展“巾帼心向党”主题宣传活动。")
add("p", "2.优化母婴设施建设。应配置母婴设施的公共场所和用人单位母婴设施配置率达到90%以上。")
add("p", "3.推进农村“厕所革命”。因地制宜推进农村改厕。")
# ---- 8 law
add("h2", "（八）妇女与法律")
add("h3", "主要目标：")
add("p", "1.促进男女平等和妇女发展的法规政策体系更加完善。")
add("p", "2.妇女对法律援助服务的满意度达到90%以上。")
add("p", "3.家庭暴力警情处置率提升至95%—98%。")
add("h3", "策略措施：")
add("p", "1.深入开展普法宣传。将妇女权益保障法律法规纳入“八五”普法规划，每年开展妇女普法宣传活动不少于200场次。")
add("p", "2.加大反家庭暴力工作力度。家庭暴力告诫书制度落实率达到100%。")
add("p", "3.畅通妇女维权渠道。发挥12338妇女维权公益服务热线作用，及时受理妇女投诉。")

add("h1", "四、组织实施")
add("p", "1.坚持党的全面领导。各级党委和政府要把规划实施纳入经济社会发展总体规划。")
add("p", "2.落实规划实施责任。市妇儿工委负责组织协调、指导督促工作，各成员单位按职责分工落实目标任务。")
add("p", "3.加强经费保障。各级政府将实施规划所需经费纳入财政预算。")
add("h1", "五、监测评估")
add("p", "1.加强监测评估。市统计局牵头建立妇女发展监测统计制度，2025年开展中期评估，2030年开展终期评估。")
add("p", "2.加强分性别统计。完善分性别统计指标，健全妇女发展统计数据库。")


# ---------------------------------------------------------------- plain text
def plain() -> str:
    out = []
    for kind, text in B:
        if kind == "table1":
            out.append("领域\t序号\t指标\t单位\t2020年现状\t目标值\t\t属性")
            out.append("\t\t\t\t\t2025年\t2030年\t")
            for dom, rows in T1_GROUPS:
                for i, (no, ind, unit, v20, v25, v30, attr) in enumerate(rows):
                    out.append("\t".join([dom if i == 0 else "", no, "\n".join(ind), unit, v20, v25, v30, attr]))
        elif kind == "table2":
            out.append(f"层级\t{T2_HEAD}\t")
            out.append("\t2025年\t2030年")
            for r in T2_ROWS:
                out.append("\t".join(r))
        else:
            out.append(text)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- docx
def make_docx(path: pathlib.Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    for kind, text in B:
        if kind == "notice":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(text)
            r.bold = True
            r.font.size = Pt(26)
        elif kind == "center" or kind == "caption":
            p = doc.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "right":
            p = doc.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "title":
            doc.add_heading(text, level=0)
        elif kind == "h1":
            doc.add_heading(text, level=1)
        elif kind == "h2":
            doc.add_heading(text, level=2)
        elif kind == "h3":
            doc.add_heading(text, level=3)
        elif kind in ("p", "small"):
            doc.add_paragraph(text)
        elif kind == "table1":
            nrows = 2 + sum(len(r) for _, r in T1_GROUPS)
            t = doc.add_table(rows=nrows, cols=8)
            t.style = "Table Grid"
            heads = ["领域", "序号", "指标", "单位", "2020年现状", "目标值", None, "属性"]
            for c, h in enumerate(heads):
                if h is not None:
                    t.cell(0, c).text = h
            for c in (0, 1, 2, 3, 4, 7):  # vertical merge over the two header rows
                a = t.cell(0, c)
                m = a.merge(t.cell(1, c))
                m.text = heads[c]
            m = t.cell(0, 5).merge(t.cell(0, 6))
            m.text = "目标值"
            t.cell(1, 5).text = "2025年"
            t.cell(1, 6).text = "2030年"
            r = 2
            for dom, rows in T1_GROUPS:
                first = r
                for no, ind, unit, v20, v25, v30, attr in rows:
                    t.cell(r, 1).text = no
                    cell = t.cell(r, 2)
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(ind[0])
                    for extra in ind[1:]:
                        run.add_break()  # a line break inside the cell
                        run = cell.paragraphs[0].add_run(extra)
                    for c, v in zip((3, 4, 5, 6, 7), (unit, v20, v25, v30, attr)):
                        t.cell(r, c).text = v
                    r += 1
                if r - 1 > first:
                    m = t.cell(first, 0).merge(t.cell(r - 1, 0))
                    m.text = dom
                else:
                    t.cell(first, 0).text = dom
        elif kind == "table2":
            t = doc.add_table(rows=2 + len(T2_ROWS), cols=3)
            t.style = "Table Grid"
            m = t.cell(0, 0).merge(t.cell(1, 0))
            m.text = "层级"
            m = t.cell(0, 1).merge(t.cell(0, 2))
            m.text = T2_HEAD
            t.cell(1, 1).text = "2025年"
            t.cell(1, 2).text = "2030年"
            for i, row in enumerate(T2_ROWS):
                for c, v in enumerate(row):
                    t.cell(2 + i, c).text = v
        else:
            raise ValueError(kind)
    doc.core_properties.title = "岚川市妇女发展规划（2021—2030年）"
    doc.core_properties.author = "岚川市人民政府办公室"
    doc.save(path)


# ---------------------------------------------------------------- html
def make_html(path: pathlib.Path) -> None:
    e = html.escape
    body = []
    for kind, text in B:
        if kind == "notice":
            body.append(f'<p class="redhead" style="text-align:center;color:#c00;font-size:28px">{e(text)}</p>')
        elif kind == "center":
            body.append(f'<p style="text-align:center">{e(text)}</p>')
        elif kind == "caption":
            body.append(f'<p style="text-align:center"><strong>{e(text)}</strong></p>')
        elif kind == "right":
            body.append(f'<p style="text-align:right">{e(text)}</p>')
        elif kind == "title":
            body.append(f'<h2 style="text-align:center">{e(text)}</h2>')
        elif kind == "h1":
            body.append(f'<h3>{e(text)}</h3>')
        elif kind == "h2":
            body.append(f'<h4>{e(text)}</h4>')
        elif kind == "h3":
            body.append(f'<p><strong>{e(text)}</strong></p>')
        elif kind == "p":
            body.append(f'<p style="text-indent:2em">{e(text)}</p>')
        elif kind == "small":
            body.append(f'<p style="font-size:12px">{e(text)}</p>')
        elif kind == "table1":
            rows = ['<table border="1" cellspacing="0" cellpadding="4" width="100%">',
                    "<thead>",
                    "<tr><th rowspan=\"2\">领域</th><th rowspan=\"2\">序号</th><th rowspan=\"2\">指标</th>"
                    "<th rowspan=\"2\">单位</th><th rowspan=\"2\">2020年现状</th><th colspan=\"2\">目标值</th>"
                    "<th rowspan=\"2\">属性</th></tr>",
                    "<tr><th>2025年</th><th>2030年</th></tr>",
                    "</thead>", "<tbody>"]
            for dom, grp in T1_GROUPS:
                for i, (no, ind, unit, v20, v25, v30, attr) in enumerate(grp):
                    tds = []
                    if i == 0:
                        rs = f' rowspan="{len(grp)}"' if len(grp) > 1 else ""
                        tds.append(f"<td{rs}>{e(dom)}</td>")
                    tds.append(f"<td>{e(no)}</td>")
                    tds.append("<td>" + "<br>".join(e(x) for x in ind) + "</td>")
                    for v in (unit, v20, v25, v30, attr):
                        tds.append(f"<td>{e(v)}</td>")
                    rows.append("<tr>" + "".join(tds) + "</tr>")
            rows += ["</tbody>", "</table>"]
            body.append("\n".join(rows))
        elif kind == "table2":
            rows = ['<table border="1" cellspacing="0" cellpadding="4">',
                    f'<tr><th rowspan="2">层级</th><th colspan="2">{e(T2_HEAD)}</th></tr>',
                    "<tr><th>2025年</th><th>2030年</th></tr>"]
            for r in T2_ROWS:
                rows.append("<tr>" + "".join(f"<td>{e(v)}</td>" for v in r) + "</tr>")
            rows.append("</table>")
            body.append("\n".join(rows))
        else:
            raise ValueError(kind)
    article = "\n".join(body)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>岚川市人民政府关于印发岚川市妇女发展规划（2021—2030年）的通知_政策文件_岚川市人民政府</title>
<meta name="ArticleTitle" content="岚川市人民政府关于印发岚川市妇女发展规划（2021—2030年）的通知">
<meta name="PubDate" content="2022-03-21 10:30">
<meta name="ContentSource" content="岚川市人民政府办公室">
<link rel="stylesheet" href="/css/main.css">
</head>
<body>
<div class="top-bar"><span>2024年5月12日 星期日</span> <a href="/wza/">无障碍</a> <a href="/en/">English</a> <a href="/login">登录</a></div>
<header class="site-header">
  <div class="logo"><img src="/images/logo.png" alt="岚川市人民政府"><span>岚川市人民政府</span></div>
  <form class="search" action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form>
</header>
<nav class="main-nav">
  <ul>
    <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjlc/">走进岚川</a></li>
  </ul>
</nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a> &gt; 市政府文件</div>
<div class="container">
<aside class="sidebar">
  <h3>政策文件</h3>
  <ul><li><a href="/zwgk/zcwj/szfwj/">市政府文件</a></li><li><a href="/zwgk/zcwj/szfbwj/">市政府办公室文件</a></li><li><a href="/zwgk/zcjd/">政策解读</a></li></ul>
  <h3>相关链接</h3>
  <ul><li><a href="/news/1024.html">我市召开2022年妇女儿童工作会议</a></li><li><a href="/news/1088.html">市妇联开展“三八”国际妇女节系列活动</a></li></ul>
</aside>
<article class="article">
  <table class="xxgk-info">
    <tr><td>索 引 号：</td><td>11330100002415678X/2022-00031</td><td>分　　类：</td><td>妇女儿童</td></tr>
    <tr><td>发布机构：</td><td>岚川市人民政府</td><td>成文日期：</td><td>2022-03-18</td></tr>
    <tr><td>文　　号：</td><td>岚政发〔2022〕9号</td><td>发布日期：</td><td>2022-03-21</td></tr>
  </table>
  <h1 class="article-title">岚川市人民政府关于印发岚川市妇女发展规划（2021—2030年）的通知</h1>
  <div class="article-info">发布时间：2022-03-21 10:30　来源：岚川市人民政府办公室　浏览次数：3562　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
  <div class="article-content" id="zoom">
{article}
  </div>
  <div class="article-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</article>
</div>
<footer class="site-footer">
  <p>主办：岚川市人民政府办公室　承办：岚川市大数据中心</p>
  <p>地址：岚川市滨江大道88号　邮编：335000　联系电话：0791-86213456</p>
  <p>江ICP备12003456号-1　江公网安备 36010202000123号　网站标识码：3601000012</p>
</footer>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    (HERE / "plan_source.txt").write_text(plain(), encoding="utf-8")
    make_docx(HERE / "plan.docx")
    make_html(HERE / "plan.html")
    print("wrote", HERE / "plan.docx", HERE / "plan.html", HERE / "plan_source.txt")
