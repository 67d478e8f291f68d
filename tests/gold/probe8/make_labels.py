"""Hand labels for plan.docx, written before PlanAtlas was run on it (blind: no code read).

Writes labels.jsonl and checks that every snippet occurs exactly once in plan.rendered.txt
(the reader's text written by make_plan.py; a table row's snippet once after its `anchor`).

Table rows: `snippet` is the indicator cell's text, unique after `anchor` (the table's caption);
`occurrence` is how many earlier matches of `value_text` after the end of the snippet to skip
(cells read left to right: 单位, 2020年现状, 2025年, 2030年). Prose rows: `occurrence` is the
0-based occurrence of `value_text` inside `snippet`.
"""
import json
from pathlib import Path

HERE = Path(__file__).parent
ROWS = []


def T(plan, snippet, value_text, indicator, comparator, value, unit, year=None, *, hi=None, bv=None, by=None,
      kind="target", per_year=False, strict=False, judgement=None, anchor=None, occ=0):
    row = {
        "id": f"{plan[0]}{len([r for r in ROWS if r['plan'] == plan]) + 1:03d}",
        "plan": plan, "type": "target", "snippet": snippet, "value_text": value_text, "occurrence": occ,
        "indicator": indicator, "comparator": comparator, "value": float(value),
        "value_high": None if hi is None else float(hi), "unit": unit, "target_year": year,
        "baseline_value": None if bv is None else float(bv), "baseline_year": by, "kind": kind,
        "per_year": per_year, "strict": strict,
    }
    if anchor:
        row["anchor"] = anchor
        row["table"] = True
    if judgement:
        row["judgement"] = judgement
    ROWS.append(row)


def N(plan, snippet, why, judgement=None):
    row = {"id": f"n{len([r for r in ROWS if r['type'] == 'none']) + 1:03d}", "plan": plan, "type": "none",
           "snippet": snippet, "why": why}
    if judgement:
        row["judgement"] = judgement
    ROWS.append(row)


A = "achieved"
W, C = "women", "children"
# ------------------------------------------------------------------ women: prose
T(W, "孕产妇死亡率降至11.8/10万", "11.8/10万", "孕产妇死亡率", "=", 11.8, "1/10万", 2020, kind=A)
T(W, "宫颈癌人群筛查率为62.5%", "62.5%", "适龄妇女宫颈癌人群筛查率", "=", 62.5, "%", 2020, kind=A)
T(W, "县人大代表中女性比例为26.3%", "26.3%", "县人大代表中女性比例", "=", 26.3, "%", 2020, kind=A)
T(W, "城镇单位就业人员中女性占比达43.6%", "43.6%", "城镇单位就业人员中女性占比", "=", 43.6, "%", 2020, kind=A)
T(W, "孕产妇死亡率控制在10/10万以下", "10/10万", "孕产妇死亡率", "<=", 10, "1/10万")
T(W, "到2025年达到70%以上", "70%", "适龄妇女宫颈癌人群筛查率", ">=", 70, "%", 2025)
T(W, "到2030年达到80%以上", "80%", "适龄妇女宫颈癌人群筛查率", ">=", 80, "%", 2030,
  judgement="tracked change: 75 deleted, 80 inserted; a footnote reference stands after the indicator name")
for ind in ("孕产妇艾滋病检测率", "孕产妇梅毒检测率", "孕产妇乙肝检测率"):
    T(W, "孕产妇艾滋病、梅毒和乙肝检测率均保持在98%以上", "98%", ind, ">=", 98, "%")
T(W, "艾滋病母婴传播率下降到2%以下", "2%", "艾滋病母婴传播率", "<=", 2, "%")
T(W, "孕产妇贫血患病率以2020年为基数下降10%", "10%", "孕产妇贫血患病率", "decrease", 10, "%", by=2020)
T(W, "人数比例达到40%左右", "40%", "妇女经常参加体育锻炼的人数比例", "=", 40, "%")
T(W, "医师数达到3.2人", "3.2人", "每千人口执业（助理）医师数", "=", 3.2, "人")
T(W, "妇产科医师数不少于0.35人", "0.35人", "每千人口妇产科医师数", ">=", 0.35, "人")
T(W, "至少配备2名专职妇幼保健人员", "2名", "乡镇卫生院专职妇幼保健人员", ">=", 2, "名",
  judgement="indicator wording: staffing minimum per township health centre")
T(W, "高中阶段教育毛入学率达到96%以上", "96%", "高中阶段教育毛入学率", ">=", 96, "%",
  judgement="tracked change: 保持在95% deleted, 达到96%以上 inserted")
T(W, "平均受教育年限达到11.5年", "11.5年", "女性劳动年龄人口平均受教育年限", "=", 11.5, "年")
T(W, "培训不少于3000人次", "3000人次", "女性职业技能培训", ">=", 3000, "人次", per_year=True,
  judgement="unit 人次 as printed")
T(W, "女性比例稳定在50%左右", "50%", "专业技术人员中女性比例", "=", 50, "%")
T(W, "掌握1—2门实用技术", "1—2门", "掌握实用技术", "range", 1, "门", hi=2,
  judgement="a per-person commitment written as a range; labelled as a target")
T(W, "女性比例保持在45%左右", "45%", "城镇单位就业人员中女性比例", "=", 45, "%")
T(W, "女性每年不少于1200人", "1200人", "城镇新增就业人员中女性", ">=", 1200, "人", per_year=True)
T(W, "收入年均增长7%以上", "7%", "农村妇女人均可支配收入", "increase", 7, "%", per_year=True)
T(W, "由2020年的32%提高到40%以上", "40%", "高级专业技术人员中女性比例", ">=", 40, "%", bv=32, by=2020)
T(W, "扶持500名以上返乡创业女性", "500名", "返乡创业女性", ">=", 500, "名")
T(W, "建设10个巾帼创业就业示范基地", "10个", "巾帼创业就业示范基地", "=", 10, "个")
T(W, "至少配备1名女干部", "1名", "县级领导班子女干部", ">=", 1, "名")
T(W, "女干部比例达到30%以上", "30%", "乡镇党政领导班子中女干部比例", ">=", 30, "%")
T(W, "村委会成员中女性比例达到35%以上", "35%", "村委会成员中女性比例", ">=", 35, "%",
  judgement="the value is split over two runs with a bookmark and proofErr between 3 and 5%")
T(W, "村委会主任中女性比例达到10%以上", "10%", "村委会主任中女性比例", ">=", 10, "%")
T(W, "社区居委会成员中女性比例保持在50%左右", "50%", "社区居委会成员中女性比例", "=", 50, "%")
T(W, "参保率稳定在95%以上", "95%", "女性基本医疗保险参保率", ">=", 95, "%")
T(W, "养老保险参保率达到92%", "92%", "女性基本养老保险参保率", "=", 92, "%",
  judgement="tracked change: 90 deleted, 92 inserted before the typed %")
T(W, "参保人数年均增长5%", "5%", "女职工生育保险参保人数", "increase", 5, "%", per_year=True)
T(W, "不少于100户", "100户", "评选表彰“最美家庭”", ">=", 100, "户", per_year=True)
T(W, "分别达到95%和85%", "95%", "城市婚姻家庭辅导服务站点覆盖率", "=", 95, "%")
T(W, "分别达到95%和85%", "85%", "农村婚姻家庭辅导服务站点覆盖率", "=", 85, "%")
T(W, "农村自来水普及率达到92%", "92%", "农村自来水普及率", "=", 92, "%")
T(W, "农村卫生厕所普及率达到85%以上", "85%", "农村卫生厕所普及率", ">=", 85, "%")
T(W, "2025年达到80%", "80%", "公共场所母婴室配置率", "=", 80, "%", 2025)
T(W, "2030年达到100%", "100%", "公共场所母婴室配置率", "=", 100, "%", 2030)
T(W, "申请受理率达到100%", "100%", "妇女法律援助申请受理率", "=", 100, "%")
T(W, "不少于20场次", "20场次", "妇女维权普法宣传活动", ">=", 20, "场次", per_year=True)
T(W, "每年至少召开2次全体会议", "2次", "县妇儿工委全体会议", ">=", 2, "次", per_year=True)
T(W, "数据报送率达到100%", "100%", "年度监测数据报送率", "=", 100, "%")

# ------------------------------------------------------------------ women: table (附件1)
AW = "澄溪县妇女发展规划主要指标"
J30 = "2030 column: the 2020年现状 cell taken as its baseline too (GUIDELINES speak only of the 2025 value)"


def row(plan, anchor, ind, unit, base, v25, v30, *, j25=None, j30=J30, strict=False):
    """v25/v30: (value_text, comparator, value, occurrence) or None."""
    for year, v, j in ((2025, v25, j25), (2030, v30, j30)):
        if v is None:
            continue
        vt, cmp_, val, occ = v
        T(plan, ind, vt, ind, cmp_, val, unit, year, bv=base, by=2020, anchor=anchor, occ=occ,
          strict=strict and cmp_ in ("<=", ">="), judgement=j)


row(W, AW, "孕产妇死亡率", "1/10万", 11.8, ("≤10", "<=", 10, 0), ("≤9", "<=", 9, 0),
    j25="a footnote reference follows the indicator in its cell")
row(W, AW, "适龄妇女宫颈癌人群筛查率", "%", 62.5, ("≥70", ">=", 70, 0), ("≥80", ">=", 80, 0))
row(W, AW, "高中阶段教育毛入学率", "%", 94.2, ("≥96", ">=", 96, 0), ("≥97", ">=", 97, 0),
    j30=J30 + "; tracked change in the cell: ≥96 deleted, ≥97 inserted")
row(W, AW, "女性劳动年龄人口平均受教育年限", "年", 10.6, ("11", "=", 11, 0), ("11.5", "=", 11.5, 0))
row(W, AW, "城镇单位就业人员中女性比例", "%", 43.6, ("45左右", "=", 45, 0), ("45左右", "=", 45, 1))
row(W, AW, "高级专业技术人员中女性比例", "%", 32, ("36", "=", 36, 0), ("≥40", ">=", 40, 0))
row(W, AW, "村委会成员中女性比例", "%", 24.5, ("≥30", ">=", 30, 0), ("≥35", ">=", 35, 0))
row(W, AW, "社区居委会成员中女性比例", "%", 48.0, None, ("50左右", "=", 50, 0),
    j30="2025 cell is —: the 2020 figure 48.0 read as the baseline of the 2030 value, not an achieved row")
row(W, AW, "女性基本养老保险参保率", "%", 88.3, ("90", "=", 90, 0), ("92", "=", 92, 0))
row(W, AW, "农村卫生厕所普及率", "%", 78, ("82", "=", 82, 0), ("≥85", ">=", 85, 0))

# ------------------------------------------------------------------ children: prose
T(C, "分别为4.6‰和6.2‰", "4.6‰", "婴儿死亡率", "=", 4.6, "‰", 2020, kind=A)
T(C, "分别为4.6‰和6.2‰", "6.2‰", "5岁以下儿童死亡率", "=", 6.2, "‰", 2020, kind=A)
T(C, "毛入园率达到88.5%", "88.5%", "学前三年毛入园率", "=", 88.5, "%", 2020, kind=A)
T(C, "巩固率为95.1%", "95.1%", "九年义务教育巩固率", "=", 95.1, "%", 2020, kind=A)
for vt, ind in (("3.0‰", "新生儿死亡率"), ("4.0‰", "婴儿死亡率"), ("5.5‰", "5岁以下儿童死亡率")):
    T(C, "2025年分别不高于3.0‰、4.0‰、5.5‰", vt, ind, "<=", float(vt[:-1]), "‰", 2025)
for vt, ind in (("2.5‰", "新生儿死亡率"), ("3.5‰", "婴儿死亡率"), ("4.5‰", "5岁以下儿童死亡率")):
    T(C, "2030年分别不高于2.5‰、3.5‰、4.5‰", vt, ind, "<=", float(vt[:-1]), "‰", 2030)
T(C, "严重致残出生缺陷发生率低于1.5‰", "1.5‰", "严重致残出生缺陷发生率", "<=", 1.5, "‰", strict=True)
T(C, "每年降低0.5个百分点以上", "0.5个百分点", "儿童青少年总体近视率", "decrease", 0.5, "个百分点", per_year=True)
T(C, "近视率控制在3%以内", "3%", "6岁儿童近视率", "<=", 3, "%")
T(C, "纯母乳喂养率达到55%以上", "55%", "0—6个月婴儿纯母乳喂养率", ">=", 55, "%")
T(C, "生长迟缓率控制在5%以下", "5%", "5岁以下儿童生长迟缓率", "<=", 5, "%")
T(C, "达标优良率达到50%以上", "50%", "中小学生体质健康标准达标优良率", ">=", 50, "%")
T(C, "时间不少于1小时", "1小时", "中小学生每天校内体育活动时间", ">=", 1, "小时")
T(C, "均保持在92%以上", "92%", "3岁以下儿童系统管理率", ">=", 92, "%")
T(C, "均保持在92%以上", "92%", "7岁以下儿童健康管理率", ">=", 92, "%")
T(C, "建成1所儿童友好医院", "1所", "儿童友好医院", "=", 1, "所")
T(C, "至少配备1名儿科医生", "1名", "乡镇卫生院儿科医生", ">=", 1, "名")
T(C, "医师数达到0.9名", "0.9名", "每千名儿童拥有儿科执业（助理）医师数", "=", 0.9, "名")
T(C, "儿科床位数达到2.5张", "2.5张", "每千名儿童儿科床位数", "=", 2.5, "张",
  judgement="每千名儿童 of the clause before carried to 儿科床位数")
T(C, "至少开展2次健康教育课", "2次", "中小学校每学期健康教育课", ">=", 2, "次")
T(C, "儿童伤害死亡率以2020年为基数下降20%", "20%", "儿童伤害死亡率", "decrease", 20, "%", by=2020)
T(C, "使用率提高到60%以上", "60%", "儿童乘车安全座椅使用率", ">=", 60, "%",
  judgement="tracked change: 达到50% deleted, 提高到60%以上 inserted")
T(C, "抽检合格率稳定在98%以上", "98%", "儿童食品抽检合格率", ">=", 98, "%")
T(C, "用品抽检合格率不低于95%", "95%", "儿童用品抽检合格率", ">=", 95, "%")
T(C, "至少组织1次应急疏散演练", "1次", "中小学、幼儿园每学期应急疏散演练", ">=", 1, "次")
T(C, "到2025年达到92%", "92%", "学前三年毛入园率", "=", 92, "%", 2025)
T(C, "到2030年达到95%以上", "95%", "学前三年毛入园率", ">=", 95, "%", 2030)
T(C, "普惠性幼儿园覆盖率达到85%以上", "85%", "普惠性幼儿园覆盖率", ">=", 85, "%")
T(C, "在园幼儿占比达到55%", "55%", "公办园在园幼儿占比", "=", 55, "%")
T(C, "从2020年的95.1%提高到97%", "97%", "九年义务教育巩固率", "=", 97, "%", bv=95.1, by=2020)
T(C, "残疾儿童义务教育入学率达到96%以上", "96%", "残疾儿童义务教育入学率", ">=", 96, "%")
T(C, "教师配备率达到100%", "100%", "中小学校专兼职心理健康教师配备率", "=", 100, "%")
T(C, "班额分别控制在45人、50人以内", "45人", "小学班额", "<=", 45, "人")
T(C, "班额分别控制在45人、50人以内", "50人", "初中班额", "<=", 50, "人")
T(C, "劳动教育不少于1课时", "1课时", "中小学每周劳动教育", ">=", 1, "课时")
T(C, "每人每月不低于1400元", "1400元", "孤儿基本生活保障标准", ">=", 1400, "元")
T(C, "建有1所未成年人保护工作站", "1所", "乡镇未成年人保护工作站", "=", 1, "所",
  judgement="建有1所 with no bound word: =")
T(C, "儿童之家覆盖率达到95%以上", "95%", "村（居）儿童之家覆盖率", ">=", 95, "%")
T(C, "儿童主任配备率保持100%", "100%", "村（居）儿童主任配备率", "=", 100, "%")
T(C, "托位数达到4.5个", "4.5个", "每千人口拥有3岁以下婴幼儿托位数", "=", 4.5, "个",
  judgement="a comment's range and reference run surround 4.5个")
T(C, "城市社区覆盖率达到９５％", "９５％", "家庭教育指导服务站点城市社区覆盖率", "=", 95, "%",
  judgement="full-width digits and percent sign")
T(C, "农村社区覆盖率达到80%", "80%", "家庭教育指导服务站点农村社区覆盖率", "=", 80, "%")
T(C, "活动不少于4次", "4次", "家庭教育指导活动", ">=", 4, "次", per_year=True)
T(C, "建成3—5个县级儿童友好示范社区", "3—5个", "县级儿童友好示范社区", "range", 3, "个", 2025, hi=5)
T(C, "人均面积不少于0.5平方米", "0.5平方米", "城乡儿童公共活动场所人均面积", ">=", 0.5, "平方米")
T(C, "比重控制在3%以内", "3%", "未成年人犯罪人数占同期犯罪人数的比重", "<=", 3, "%")
T(C, "办结率达到100%", "100%", "儿童法律援助案件办结率", "=", 100, "%")
T(C, "配备1名以上法治副校长", "1名", "每所中小学法治副校长", ">=", 1, "名")
T(C, "至少听取1次儿童发展规划实施情况汇报", "1次", "县政府听取儿童发展规划实施情况汇报", ">=", 1, "次",
  per_year=True)

# ------------------------------------------------------------------ children: table (附件2)
AC = "澄溪县儿童发展规划主要指标"
row(C, AC, "婴儿死亡率", "‰", 4.6, ("≤4.0", "<=", 4.0, 0), ("≤3.5", "<=", 3.5, 0))
row(C, AC, "5岁以下儿童死亡率", "‰", 6.2, ("≤5.5", "<=", 5.5, 0), ("≤4.5", "<=", 4.5, 0))
row(C, AC, "3岁以下儿童系统管理率", "%", 90.5, ("≥92", ">=", 92, 0), ("≥92", ">=", 92, 1))
row(C, AC, "5岁以下儿童生长迟缓率", "%", 5.8, ("<5", "<=", 5, 0), ("<5", "<=", 5, 1), strict=True)
T(C, "儿童伤害死亡率", "20%", "儿童伤害死亡率", "decrease", 20, "%", 2030, bv=14.2, by=2020, anchor=AC,
  judgement="2025 cell 持续下降 (a direction, not labelled); 2030 cell 较2020年下降20%: a change, its "
            "baseline the 2020 column (14.2, unit 1/10万); the 2020 figure is no achieved row")
row(C, AC, "儿童乘车安全座椅使用率", "%", 35, ("50", "=", 50, 0), ("≥60", ">=", 60, 0))
row(C, AC, "学前三年毛入园率", "%", 88.5, ("92", "=", 92, 0), ("≥95", ">=", 95, 0),
    j25="a page break (w:br type=page, lastRenderedPageBreak) opens this row's first cell; header rows repeat")
row(C, AC, "普惠性幼儿园覆盖率", "%", 80.2, ("≥85", ">=", 85, 0), ("≥90", ">=", 90, 0))
row(C, AC, "九年义务教育巩固率", "%", 95.1, ("96.5", "=", 96.5, 0), ("97", "=", 97, 0))
row(C, AC, "村（居）儿童之家覆盖率", "%", 86, ("≥95", ">=", 95, 0), ("100", "=", 100, 0))
row(C, AC, "每千人口拥有3岁以下婴幼儿托位数", "个", 1.8, ("4.5", "=", 4.5, 0), ("5.5", "=", 5.5, 0),
    j30=J30 + "; tracked change in the cell: 5 deleted, 5.5 inserted")
row(C, AC, "农村社区家庭教育指导服务站点覆盖率", "%", 60, ("80", "=", 80, 0), ("90", "=", 90, 0))

# ------------------------------------------------------------------ numbers that are not targets
N(W, "澄政发〔2022〕14号", "document number")
N(W, "每年12月20日前", "a reporting date")
N(W, "2022年3月18日", "issue date")
N(W, "先后组织实施了三轮妇女发展规划", "count in a set phrase")
N(W, "“十三五”期间，全县妇女事业", "name of a period")
N(W, "全面贯彻党的十九大和十九届历次全会精神，坚持以人民为中心", "names (十九大)")
N(W, "为2035年基本实现男女平等", "a year alone")
N(W, "为18岁以上有需求的妇女", "age")
N(W, "帮助45岁以下农村妇女", "age")
N(W, "深入开展“两癌”免费检查", "set phrase")
N(W, "二级甲等妇幼保健机构", "a grade name")
N(W, "深入开展“八五”普法", "name")
N(W, "2031年上半年完成终期评估", "a deadline")
N(W, "附件1", "annex number")
N(W, "由县统计局每5年测算一次", "footnote text: a definition, not a commitment",
  judgement="footnote text; absent from documents.text is also fine")
N(W, "35—64岁妇女中接受宫颈癌筛查", "footnote text: age range", judgement="footnote text")
N(W, "以1/10万计，按当年活产数计算", "footnote text: unit statement", judgement="footnote text")
N(C, "全县现有0—17岁儿童约6.1万人", "age range and a population count (no indicator, no target)",
  judgement="6.1万人 is a population count, not labelled as achieved")
N(C, "18岁以下儿童溺水死亡率持续下降", "age; a direction without a number")
N(C, "，6岁儿童近视率", "age")
N(C, "0—6个月婴儿纯母乳喂养率", "age range")
N(C, "3岁以下儿童系统管理率和7岁以下儿童健康管理率", "ages")
N(C, "开展“三进”家庭教育宣传活动", "set phrase")
N(C, "2025年开展中期评估，2030年开展终期评估", "dates of evaluations")
N(C, "附件2", "annex number")
N(C, "《桐州市儿童发展规划（2021—2030年）》", "title and period of another plan")

# strings that must NOT be in the reader's text (deleted, hidden, comment text)
MUST_NOT_APPEAR = ["达到75", "保持在95%", "9092", "≥96≥97", "55.5", "原定每人每年补助60元",
                   "县卫健局意见", "托位数按每千人口5.5个测算", "达到50%提高到"]


def check():
    text = (HERE / "plan.rendered.txt").read_text(encoding="utf-8")
    body = text.split("\n\n[^1]")[0]
    bad = 0
    for r in ROWS:
        hay, off = body, 0
        if r.get("anchor"):
            off = body.index(r["anchor"])
            hay = body[off:]
        if r["type"] == "none" and "footnote text" in r.get("judgement", ""):
            hay = text
        n = hay.count(r["snippet"])
        if n != 1:
            print("NOT UNIQUE/ABSENT", n, r["id"], r["snippet"])
            bad += 1
            continue
        if r["type"] == "target":
            if r.get("table"):
                s = hay.index(r["snippet"]) + len(r["snippet"])
                k = -1
                for _ in range(r["occurrence"] + 1):
                    k = hay.find(r["value_text"], (k + 1) if k >= 0 else s)
                if k < 0:
                    print("VALUE NOT AFTER", r["id"])
                    bad += 1
            elif r["snippet"].count(r["value_text"]) <= r["occurrence"]:
                print("VALUE NOT IN SNIPPET", r["id"])
                bad += 1
        if r["type"] == "none" and "footnote text" not in r.get("judgement", "") and r["snippet"] not in body:
            print("none row not in body", r["id"])
    for s in MUST_NOT_APPEAR:
        if s in text:
            print("MUST-NOT string present in rendered text:", s)
            bad += 1
    return bad


if __name__ == "__main__":
    bad = check()
    with open(HERE / "labels.jsonl", "w", encoding="utf-8") as f:
        for r in ROWS:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (HERE / "must_not_appear.json").write_text(json.dumps(MUST_NOT_APPEAR, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
    from collections import Counter
    print(Counter((r["plan"], r["type"], bool(r.get("table"))) for r in ROWS), "problems:", bad)
