# Builds tests/gold/probe5/labels.jsonl from hand-written rows. Snippets and value_texts are written
# here without the PDF line breaks / page footers; they are resolved to the exact substring of plan.txt
# (with its \n and footer lines) and checked to be unique.
import json, re, sys

plan_path, out_path = sys.argv[1], sys.argv[2]
text = open(plan_path, encoding="utf-8").read()

GAP = r"(?:\n(?:\n?[—－] \d+ [—－]\n\n?)?)?"


def pat(logical):
    return GAP.join(re.escape(c) for c in logical)


def resolve(logical, within=None, start=0):
    hay = text if within is None else within
    ms = list(re.finditer(pat(logical), hay))
    return ms


# (id, snippet, value_text, indicator, comparator, value, value_high, unit, target_year,
#  baseline_value, baseline_year, kind, per_year, strict, judgement)
T = []


def t(id, snip, vt, ind, comp, val, unit, ty=None, hi=None, bv=None, by=None, kind="target",
      py=False, strict=False, j=None, n=None, occ=0):
    T.append(dict(id=id, type="target", snippet=snip, value_text=vt, occurrence=occ, indicator=ind,
                  comparator=comp, value=val, value_high=hi, unit=unit, target_year=ty,
                  baseline_value=bv, baseline_year=by, kind=kind, per_year=py, strict=strict,
                  judgement=j, note=n))


# ---- 第一章 发展基础 (achieved)
t("A1", "从2015年的6.8‰下降到2020年的3.9‰", "3.9‰", "婴儿死亡率", "=", 3.9, "‰", 2020, bv=6.8, by=2015, kind="achieved")
t("A2", "截至2020年底，5岁以下儿童死亡率为5.2‰", "5.2‰", "5岁以下儿童死亡率", "=", 5.2, "‰", 2020, kind="achieved")
# ---- 健康
t("H1", "分别降至2.8‰", "2.8‰", "新生儿死亡率", "<=", 2.8, "‰", 2025, n="year written 二〇二五年")
t("H2", "2.8‰、4.0‰", "4.0‰", "婴儿死亡率", "<=", 4.0, "‰", 2025)
t("H3", "4.0‰和5.0‰", "5.0‰", "5岁以下儿童死亡率", "<=", 5.0, "‰", 2025)
t("H4", "分别降至2.0‰", "2.0‰", "新生儿死亡率", "<=", 2.0, "‰", 2035, n="year written 二〇三五年")
t("H5", "2.0‰、3.0‰", "3.0‰", "婴儿死亡率", "<=", 3.0, "‰", 2035, n="line starts with '3.0‰' (looks like an item marker '3.')")
t("H6", "3.0‰和4.0‰", "4.0‰", "5岁以下儿童死亡率", "<=", 4.0, "‰", 2035)
t("H7", "孕产妇系统管理率和3岁以下儿童系统管理率均保持在百分之九十以上", "百分之九十", "孕产妇系统管理率", ">=", 90, "%", n="Chinese-numeral percent; one value shared by two indicators -> two rows")
t("H8", "孕产妇系统管理率和3岁以下儿童系统管理率均保持在百分之九十以上", "百分之九十", "3岁以下儿童系统管理率", ">=", 90, "%", n="shared value, second indicator")
t("H9", "出生缺陷发生率控制在千分之五以内", "千分之五", "出生缺陷发生率", "<=", 5, "‰", n="千分之五 = 5‰")
t("H10", "控制在１０％和５％以下", "１０％", "5岁以下儿童贫血率", "<=", 10, "%", n="full-width digits")
t("H11", "控制在１０％和５％以下", "５％", "5岁以下儿童生长迟缓率", "<=", 5, "%", n="full-width digits")
t("H12", "力争每年降低0.5—1个百分点", "0.5—1个百分点", "儿童总体近视率", "range", 0.5, "个百分点", hi=1, py=True, n="range of a yearly decrease (direction decrease)")
t("H13", "分别达到55%、60%以上", "55%", "中小学生国家学生体质健康标准达标优良率", ">=", 55, "%", 2025, n="以上 governs the 分别-list")
t("H14", "分别达到55%、60%以上", "60%", "中小学生国家学生体质健康标准达标优良率", ">=", 60, "%", 2030)
t("H15", "“十四五”末达到4.5个", "4.5个", "每千人口拥有3岁以下婴幼儿托位数", "=", 4.5, "个", 2025, n="“十四五”末 = 2025")
t("H16", "2035年达到6个左右", "6个", "每千人口拥有3岁以下婴幼儿托位数", "=", 6, "个", 2035, n="左右 -> =")
t("H17", "至少有1所标准化预防接种门诊", "1所", "每个乡（镇）标准化预防接种门诊", ">=", 1, "所")
t("H18", "每年入户指导不少于2次", "2次", "0—3岁婴幼儿家庭入户指导次数", ">=", 2, "次", py=True)
t("H19", "每天校内体育活动时间不少于1小时", "1小时", "中小学生每天校内体育活动时间", ">=", 1, "小时")
# ---- 安全
t("S1", "儿童伤害死亡率比2020年下降10%", "10%", "儿童伤害死亡率", "decrease", 10, "%", by=2020)
t("S2", "在2020年基础上下降三分之一", "三分之一", "儿童溺水死亡率", "decrease", 100 / 3, "%", by=2020,
  j="下降三分之一 read as a decrease by 33.33%; value 1/3 with no unit is equally acceptable")
t("S3", "儿童乘车安全座椅使用率达到百分之六十", "百分之六十", "儿童乘车安全座椅使用率", "=", 60, "%", 2030, n="到二〇三〇年")
t("S4", "佩戴安全头盔率达到85%—90%", "85%—90%", "中小学生骑乘电动自行车佩戴安全头盔率", "range", 85, "%", hi=90)
t("S5", "抽查合格率高于95%", "95%", "儿童用品质量抽查合格率", ">=", 95, "%", strict=True, n="高于 -> >= with strict")
t("S6", "降至每十万人口2.5人以下", "每十万人口2.5人", "儿童道路交通伤害死亡率", "<=", 2.5, "1/10万",
  j="unit printed before the value (每十万人口); unit 1/10万; value_text could also be '2.5人'")
t("S7", "至少配备1名水域安全巡查员", "1名", "每个行政村水域安全巡查员", ">=", 1, "名")
t("S8", "每学期至少开展两次应急", "两次", "中小学校、幼儿园每学期应急疏散演练次数", ">=", 2, "次", n="Chinese numeral 两次")
t("S9", "受教育儿童超过1.5万人次", "1.5万人次", "受安全宣传教育儿童人次", ">=", 15000, "人次", py=True, strict=True,
  j="1.5万 = 15000; 超过 strict; per_year because the sentence starts 每年开展")
# ---- 教育
t("E1", "学前三年毛入园率达到93%", "93%", "学前三年毛入园率", "=", 93, "%", 2025, n="hard line break between 达到 and 93%")
t("E2", "二〇三五年达到96%以上", "96%", "学前三年毛入园率", ">=", 96, "%", 2035)
t("E3", "普惠性幼儿园覆盖率稳定在85%左右", "85%", "普惠性幼儿园覆盖率", "=", 85, "%", 2025,
  j="target_year from '到2025年，一是……' heading the whole 一是/二是 list; 左右 -> =")
t("E4", "九年义务教育巩固率保持在97％以上", "97％", "九年义务教育巩固率", ">=", 97, "%", 2025, j="year from the list head 到2025年")
t("E5", "毛入学率达到94%", "94%", "高中阶段毛入学率", "=", 94, "%", 2025, j="year from the list head 到2025年")
t("E6", "至少办好1所公办中心幼儿园", "1所", "每个乡镇公办中心幼儿园", ">=", 1, "所")
t("E7", "改扩建公办幼儿园3至5所", "3至5所", "新建、改扩建公办幼儿园", "range", 3, "所", hi=5)
t("E8", "分别不超过45人、50人", "45人", "小学班额", "<=", 45, "人")
t("E9", "分别不超过45人、50人", "50人", "初中班额", "<=", 50, "人")
t("E10", "分别不少于10小时、9小时", "10小时", "小学生每天睡眠时间", ">=", 10, "小时")
t("E11", "分别不少于10小时、9小时", "9小时", "初中生每天睡眠时间", ">=", 9, "小时")
t("E12", "每人每年不低于1000元", "1000元", "义务教育阶段家庭经济困难寄宿生生活补助", ">=", 1000, "元", py=True,
  j="每人每年 amount: per_year true")
# ---- 福利
t("W1", "每人每月不低于1800元", "1800元", "集中养育孤儿基本生活最低养育标准", ">=", 1800, "元",
  n="line break between 1800 and 元 (value_text '1800\\n元'); monthly, so per_year false")
t("W2", "年均增长8%以上", "8%", "社会散居孤儿基本生活保障标准", "increase", 8, "%", py=True, n="以上 does not make >=")
t("W3", "残疾儿童康复救助覆盖率达到百分之八十以上", "百分之八十", "残疾儿童康复救助覆盖率", ">=", 80, "%")
t("W4", "儿童之家覆盖率保持在95%以上", "95%", "村（社区）儿童之家覆盖率", ">=", 95, "%")
t("W5", "至少配备1名儿童主任", "1名", "每个村（社区）儿童主任", ">=", 1, "名")
t("W6", "配备1至2名儿童督导员", "1至2名", "每个乡镇（街道）儿童督导员", "range", 1, "名", hi=2)
t("W7", "参保率力争达到百分之九十八", "百分之九十八", "城乡儿童基本医疗保险参保率", "=", 98, "%", j="力争达到X -> =")
t("W8", "补助标准不低于2万元", "2万元", "残疾儿童康复救助补助标准", ">=", 20000, "元", py=True, j="2万元 = 20000 元; 每人每年 -> per_year")
# ---- 家庭
t("F1", "城市社区家长学校覆盖率达到90%", "90%", "城市社区家长学校覆盖率", "=", 90, "%", 2025, n="hard line break between 90 and %")
t("F2", "农村（行政村）达到80%", "80%", "农村（行政村）家长学校覆盖率", "=", 80, "%", 2025)
t("F3", "2030年分别达到95%、85%", "95%", "城市社区家长学校覆盖率", "=", 95, "%", 2030)
t("F4", "2030年分别达到95%、85%", "85%", "农村（行政村）家长学校覆盖率", "=", 85, "%", 2030)
t("F5", "至少建成1个家庭教育指导服务站点", "1个", "每个乡镇（街道）家庭教育指导服务站点", ">=", 1, "个")
t("F6", "在2020年基础上翻一番", "翻一番", "普惠性托育机构数量", "increase", 100, "%", by=2020,
  j="翻一番 (double) has no digit; I count it as a target: increase by 100% from 2020")
# ---- 环境
t("N1", "农村自来水普及率达到95%", "95%", "农村自来水普及率", "=", 95, "%")
t("N2", "水质达标率提高5个百分点", "5个百分点", "水质达标率", "increase", 5, "个百分点")
t("N3", "饮用水卫生合格率达到90%~95%", "90%~95%", "农村学校饮用水卫生合格率", "range", 90, "%", hi=95)
t("N4", "至少建成1处儿童友好公共空间", "1处", "每个乡镇儿童友好公共空间", ">=", 1, "处")
t("N5", "人均拥有量年均增长3%", "3%", "儿童图书人均拥有量", "increase", 3, "%", py=True)
t("N6", "书达到2.5册", "2.5册", "儿童人均拥有图书", "=", 2.5, "册", 2030)
t("N7", "较基期提高10个百分点", "10个百分点", "儿童网络素养教育覆盖率", "increase", 10, "个百分点", by=2020,
  j="基期 is defined once in 第一章 (本规划以2020年为基期), so baseline_year 2020")
t("N8", "应至少配建1个面积", "1个", "新建居住区儿童游戏场地", ">=", 1, "个")
t("N9", "不小于300平方米", "300平方米", "儿童游戏场地面积", ">=", 300, "平方米", n="不小于 is NOT strict (小于 negated)")
# ---- 法律保护
t("L1", "比重控制在4%以内", "4%", "未成年人犯罪人数占同期犯罪人数的比重", "<=", 4, "%")
t("L2", "重新犯罪率低于10%", "10%", "未成年人重新犯罪率", "<=", 10, "%", strict=True)
t("L3", "控制在万分之三以下", "万分之三", "未成年人刑事案件发案率", "<=", 3, "1/万", j="万分之三: unit 1/万 (not in the guideline's list)")
t("L4", "每学年不少于10课时", "10课时", "中小学校法治教育课时", ">=", 10, "课时", py=True, j="每学年 read as per year")
t("L5", "一站式询问救助中心3个以上", "3个", "一站式询问救助中心", ">=", 3, "个")
# ---- 表1 主要指标 (2020年基数 / 2025年目标)
t("T1", "婴儿死亡率（‰）\t3.9\t≤4.0", "≤4.0", "婴儿死亡率", "<=", 4.0, "‰", 2025, bv=3.9, by=2020)
t("T2", "5岁以下儿童死亡率（‰）\t5.2\t≤5.0", "≤5.0", "5岁以下儿童死亡率", "<=", 5.0, "‰", 2025, bv=5.2, by=2020)
t("T3", "孕产妇死亡率（1/10万）\t14.5\t≤12", "≤12", "孕产妇死亡率", "<=", 12, "1/10万", 2025, bv=14.5, by=2020)
t("T4", "学前三年毛入园率（%）\t91.3\t93", "93", "学前三年毛入园率", "=", 93, "%", 2025, bv=91.3, by=2020)
t("T5", "九年义务教育巩固率（%）\t96.8\t≥97", "≥97", "九年义务教育巩固率", ">=", 97, "%", 2025, bv=96.8, by=2020)
t("T6", "托位数（个）\t1.8\t4.5", "4.5", "每千人口拥有3岁以下婴幼儿托位数", "=", 4.5, "个", 2025, bv=1.8, by=2020)
t("T7", "儿童之家覆盖率（%）\t88\t≥95", "≥95", "儿童之家覆盖率", ">=", 95, "%", 2025, bv=88, by=2020)
t("T8", "残疾儿童康复救助人数（人）\t1236", "1236", "残疾儿童康复救助人数", "=", 1236, "人", 2020, kind="achieved",
  n="2025 cell is '——' (no number) -> 2020 figure is an achieved row")
t("T9", "达标优良率（%）\t51.2\t≥55", "≥55", "中小学生体质健康标准达标优良率", ">=", 55, "%", 2025, bv=51.2, by=2020,
  n="table split across a page footer (row 9 after '－ 11 －')")
# ---- 第五章 组织实施
t("O1", "每人每年不低于2元", "2元", "妇儿工委办工作经费", ">=", 2, "元", py=True, j="target in the implementation chapter")

NONE = [
    ("n1", "岚政发〔2022〕7号", "document number"),
    ("n2", "二〇二二年三月十五日", "issue date"),
    ("n3", "第十二次常务会议", "meeting number"),
    ("n4", "（2011—2020年）", "previous plan period"),
    ("n5", "纲要（2021—2030年）", "title of the national programme"),
    ("n6", "第十四个五年规划", "name"),
    ("n7", "二〇三五年远景目标纲要", "name"),
    ("n8", "未满18周岁", "age"),
    ("n9", "本规划以2020年为基期", "base year on its own"),
    ("n10", "近期目标年为2025年", "deadline on its own"),
    ("n11", "“1+3+N”", "set phrase"),
    ("n12", "“两个全覆盖”", "set phrase"),
    ("n13", "七个领域", "count in a set phrase"),
    ("n14", "党的十九大", "name"),
    ("n15", "市、乡、村三级", "set phrase"),
    ("n16", "生命早期1000天", "named period"),
    ("n17", "0—3岁婴幼儿家庭", "age range"),
    ("n18", "第3条关于视力筛查", "article number"),
    ("n19", "0—6岁儿童视力", "age range"),
    ("n20", "“12355”", "hotline number"),
    ("n21", "第十一条规定", "article number"),
    ("n22", "“五好家庭”", "name"),
    ("n23", "每年3月底前", "date"),
    ("n24", "2025年开展中期评估", "deadline"),
    ("n25", "2035年进行终期评估", "deadline"),
    ("n26", "— 4 —", "page footer"),
    ("n27", "第四节　儿童与福利…………………………………10", "table of contents page number"),
    ("n28", "5岁以下儿童贫血率", "age"),
    ("n29", "8\t残疾儿童康复救助人数", "table row number"),
    ("n30", "序号\t指标名称\t2020年基数\t2025年目标", "table header years"),
    ("n31", "《岚溪市儿童发展规划（2021—2035年）》的通知", "title period"),
    ("n32", "每千人口拥有3岁以下婴幼儿托位数“", "age inside an indicator name"),
    ("n33", "“十三五”期间", "name of a period"),
    ("n34", "－ 10 －", "page footer (full-width dash style)"),
    ("n35", "以习近平新时代", "no number (control)"),
]

rows = []
errors = 0
for r in T:
    ms = resolve(r["snippet"])
    if len(ms) != 1:
        print("SNIPPET not unique/absent", r["id"], len(ms), r["snippet"]); errors += 1; continue
    m = ms[0]
    snip = m.group(0)
    vms = resolve(r["value_text"], snip)
    if len(vms) <= r["occurrence"]:
        print("VALUE not in snippet", r["id"]); errors += 1; continue
    vm = vms[r["occurrence"]]
    r = dict(r)
    r["snippet"] = snip
    r["value_text"] = vm.group(0)
    r["value_start"] = m.start() + vm.start()
    r["value_end"] = m.start() + vm.end()
    if re.search(r"[—－] \d+ [—－]", snip):
        r["note"] = ((r["note"] + "; ") if r["note"] else "") + "snippet crosses a page footer line"
    for k in ("judgement", "note"):
        if r[k] is None:
            del r[k]
    rows.append(r)
for id, snip, why in NONE:
    ms = resolve(snip)
    if len(ms) != 1:
        print("NONE snippet not unique/absent", id, len(ms), snip); errors += 1; continue
    m = ms[0]
    # any labelled target value inside a none span is a labelling error
    for r in [x for x in rows if x["type"] == "target"]:
        if r["value_start"] < m.end() and m.start() < r["value_end"]:
            print("NONE overlaps target", id, r["id"]); errors += 1
    rows.append(dict(id=id, type="none", snippet=m.group(0), why=why, span_start=m.start(), span_end=m.end()))

with open(out_path, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len([r for r in rows if r["type"] == "target"]), "targets,", len([r for r in rows if r["type"] == "none"]), "none;", errors, "errors")
