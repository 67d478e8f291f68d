"""Generate tests/gold/probe8/plan.docx: two invented plans of 澄溪县 in one Word file.

Written blind (without reading PlanAtlas's code). Run with a python-docx venv of its own:
    /tmp/probe8/venv/bin/python tests/gold/probe8/make_plan.py tests/gold/probe8/plan.docx
It also writes plan.rendered.txt beside the .docx: the text as a reader sees it (tracked changes
accepted, automatic numbers rendered, footnote references as [^n], hidden text left out, tables one
cell per line), used only to check that every label's snippet is unique.

Inline markup in the paragraph strings below:
  [[del:X]]   a tracked deletion (w:del / w:delText) : not in the accepted text
  [[ins:X]]   a tracked insertion (w:ins)             : in the accepted text
  [[fn:X]]    a footnote reference; X is the footnote's text (footnotes.xml)
  [[cs:N]] [[ce:N]]  start / end of the range of comment N (comments.xml); reference run after ce
  [[hid:X]]   hidden text (w:vanish): not shown to a reader
  [[split]]   the run is split here with a bookmark and a proofErr between (one word, two runs)
  [[pb]]      a page break (w:br type=page)
"""
import copy
import re
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W}"'

# ---------------------------------------------------------------- numbering
def lvl(ilvl, fmt, text, suff=None, start=1, indent=0):
    s = f'<w:suff w:val="{suff}"/>' if suff else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{s}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:firstLine="640"/></w:pPr></w:lvl>')


ABSTRACT = {
    # 0: the women's plan outline, three levels: 一、 / （一） / 1.   (children's parts reuse level 0)
    0: lvl(0, "chineseCounting", "%1、", "nothing") + lvl(1, "chineseCounting", "（%2）", "nothing")
       + lvl(2, "decimal", "%3.", None),
    # 1: measures and principles, 1.
    1: lvl(0, "decimal", "%1.", "nothing"),
    # 2: children's goals, full-width point 1．
    2: lvl(0, "decimal", "%1．", "space"),
    # 3: children's domains （一）, applied through the paragraph style ChildDomain
    3: lvl(0, "chineseCountingThousand", "（%1）", "nothing"),
}
NUMS = {}  # numId -> (abstractNumId, restart?)
NUMS[1] = (0, False)                      # women: parts, domains, goals
for n in range(2, 10):                    # women: measures of domains 1..8 (8 typed by hand)
    NUMS[n] = (1, True)
NUMS[20] = (0, True)                      # children: parts (restart 一、 on the same abstract list)
NUMS[21] = (3, False)                     # children: domains, via style ChildDomain
for n in range(22, 29):                   # children: goals of domains 1..7 (7 typed by hand)
    NUMS[n] = (2, True)
for n in range(30, 37):                   # children: measures of domains 1..7
    NUMS[n] = (1, True)
NUMS[40] = (1, True)                      # children: principles


def numbering_xml():
    parts = [f'<w:numbering {NSDECL}>']
    for aid, body in ABSTRACT.items():
        parts.append(f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType '
                     f'w:val="{"multilevel" if aid == 0 else "singleLevel"}"/>{body}</w:abstractNum>')
    for nid, (aid, restart) in NUMS.items():
        ov = ""
        if restart:
            ov = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
        parts.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{ov}</w:num>')
    parts.append("</w:numbering>")
    return "".join(parts)


CN = "一二三四五六七八九十"


def cn(n):
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    raise ValueError(n)


# ---------------------------------------------------------------- the text
# Blocks: ("title", text) ("h", text) ("p", text) ("n", numId, ilvl, text) ("sd", text) (style ChildDomain)
#         ("sd0", text) (style ChildDomain, numbering switched off by numId 0) ("table", spec) ("pb",)
FN = []       # footnote texts, id = index + 1
COMMENTS = {  # id -> text
    1: "县卫健局意见：宫颈癌筛查率2030年目标由75%调整为80%，与市级规划衔接。",
    2: "县教育局：托位数按每千人口5.5个测算。",
}

NOTICE = [
    ("title", "澄溪县人民政府"),
    ("c", "澄政发〔2022〕14号"),
    ("title", "澄溪县人民政府关于印发《澄溪县妇女发展规划（2021—2030年）》和《澄溪县儿童发展规划（2021—2030年）》的通知"),
    ("p", "各乡镇人民政府，县政府各部门，县直各单位："),
    ("p", "现将《澄溪县妇女发展规划（2021—2030年）》和《澄溪县儿童发展规划（2021—2030年）》印发给你们，请结合实际认真贯彻落实。各责任单位请于每年12月20日前将当年规划实施情况报送县妇儿工委办公室。"),
    ("r", "澄溪县人民政府"),
    ("r", "2022年3月18日"),
    ("p", "（此件公开发布）"),
    ("pb",),
]

WOMEN = [
    ("title", "澄溪县妇女发展规划（2021—2030年）"),
    ("h", "前  言"),
    ("p", "妇女是物质文明和精神文明的创造者，是推动社会发展和进步的重要力量。县委、县政府始终坚持男女平等基本国策，先后组织实施了三轮妇女发展规划，全县妇女发展环境不断优化。"),
    ("p", "“十三五”期间，全县妇女事业取得长足进步。2020年，全县孕产妇死亡率降至11.8/10万，适龄妇女宫颈癌人群筛查率为62.5%，县人大代表中女性比例为26.3%，城镇单位就业人员中女性占比达43.6%。"),
    ("p", "同时也要看到，城乡妇女发展仍不平衡，农村妇女的健康、教育和社会保障水平有待提升。依据《中华人民共和国妇女权益保障法》和《桐州市妇女发展规划（2021—2030年）》，结合澄溪实际，制定本规划。"),
    ("n", 1, 0, "指导思想、基本原则和总体目标"),
    ("n", 1, 1, "指导思想"),
    ("p", "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神，坚持以人民为中心的发展思想，贯彻落实男女平等基本国策，推动妇女事业与全县经济社会同步发展。"),
    ("n", 1, 1, "基本原则"),
    ("p", "1.坚持党的全面领导。把党的领导贯穿于妇女事业发展的全过程和各方面。"),
    ("p", "2.坚持男女平等基本国策。在制定政策、编制规划、部署工作时充分考虑两性的现实差异和妇女的特殊利益。"),
    ("p", "3.坚持妇女全面发展。统筹推进城乡、区域、群体之间妇女的均衡发展。"),
    ("p", "4.坚持共建共治共享。动员全社会共同参与，让发展成果更多更公平惠及全县妇女。"),
    ("n", 1, 1, "总体目标"),
    ("p", "到2030年，男女平等基本国策得到深入贯彻落实，妇女平等享有全方位全生命周期健康服务，平等享有受教育权利和经济权益，参与决策和管理的水平持续提高，为2035年基本实现男女平等和妇女全面发展奠定坚实基础。"),
    ("n", 1, 0, "发展领域、主要目标和策略措施"),
    # ---- 1 health
    ("n", 1, 1, "妇女与健康"),
    ("p", "主要目标："),
    ("n", 1, 2, "妇女全生命周期享有良好的卫生健康服务，妇女人均预期寿命[[fn:人均预期寿命指同一时期出生的人预期能继续生存的平均年数，由县统计局每5年测算一次。]]稳步延长。"),
    ("n", 1, 2, "孕产妇死亡率控制在10/10万以下，城乡差距逐步缩小。"),
    ("n", 1, 2, "适龄妇女宫颈癌人群筛查率[[fn:宫颈癌人群筛查率指35—64岁妇女中接受宫颈癌筛查的人数所占比例。]]到2025年达到70%以上，到2030年达到[[cs:1]][[del:75]][[ins:80]][[ce:1]]%以上；乳腺癌人群筛查率逐步提高。"),
    ("n", 1, 2, "孕产妇艾滋病、梅毒和乙肝检测率均保持在98%以上，艾滋病母婴传播率下降到2%以下。"),
    ("n", 1, 2, "孕产妇贫血患病率以2020年为基数下降10%，妇女经常参加体育锻炼的人数比例达到40%左右。"),
    ("n", 1, 2, "每千人口执业（助理）医师数达到3.2人，其中每千人口妇产科医师数不少于0.35人。"),
    ("p", "策略措施："),
    ("n", 2, 0, "完善妇女健康保障制度。深入实施健康澄溪行动，健全政府主导、部门协同、社会参与的妇女健康工作机制。"),
    ("n", 2, 0, "加强妇幼健康服务体系建设。推动县妇幼保健院创建二级甲等妇幼保健机构，每个乡镇卫生院至少配备2名专职妇幼保健人员。"),
    ("n", 2, 0, "深入开展“两癌”免费检查。将农村适龄妇女“两癌”检查纳入民生实事，提高早诊早治率。"),
    ("n", 2, 0, "加强妇女心理健康服务。为18岁以上有需求的妇女提供心理健康评估和咨询服务。"),
    # ---- 2 education
    ("n", 1, 1, "妇女与教育"),
    ("p", "主要目标："),
    ("n", 1, 2, "女性平等接受各类教育，高中阶段教育毛入学率[[del:保持在95%]][[ins:达到96%以上]]。"),
    ("n", 1, 2, "女性劳动年龄人口平均受教育年限达到11.5年。"),
    ("n", 1, 2, "每年开展女性职业技能培训不少于3000人次。"),
    ("n", 1, 2, "女性终身学习能力不断提高，专业技术人员中女性比例稳定在50%左右。"),
    ("p", "策略措施："),
    ("n", 3, 0, "落实教育法律法规中男女平等的原则。在教育教学内容中体现性别平等理念。"),
    ("n", 3, 0, "开展农村妇女实用技术培训，帮助45岁以下农村妇女掌握1—2门实用技术。"),
    ("n", 3, 0, "提高妇女数字素养。面向农村妇女开展电商、直播等数字技能培训。"),
    # ---- 3 economy
    ("n", 1, 1, "妇女与经济"),
    ("p", "主要目标："),
    ("n", 1, 2, "城镇单位就业人员中女性比例保持在45%左右。"),
    ("n", 1, 2, "城镇新增就业人员中女性每年不少于1200人。"),
    ("n", 1, 2, "农村妇女人均可支配收入年均增长7%以上。"),
    ("n", 1, 2, "高级专业技术人员中女性比例由2020年的32%提高到40%以上。"),
    ("p", "策略措施："),
    ("n", 4, 0, "保障妇女平等就业权利。消除就业性别歧视，督促用人单位依法落实女职工劳动保护。"),
    ("n", 4, 0, "支持妇女创新创业。扶持500名以上返乡创业女性，建设10个巾帼创业就业示范基地。"),
    ("n", 4, 0, "促进农村妇女增收。发展特色种养、乡村旅游和家政服务等适合妇女的产业。"),
    # ---- 4 decision making
    ("n", 1, 1, "妇女参与决策和管理"),
    ("p", "主要目标："),
    ("n", 1, 2, "县人大代表、县政协委员中女性比例逐步提高。"),
    ("n", 1, 2, "县级领导班子中至少配备1名女干部，乡镇党政领导班子中女干部比例达到30%以上。"),
    ("n", 1, 2, "村委会成员中女性比例达到[[split]]35%以上，村委会主任中女性比例达到10%以上。"),
    ("n", 1, 2, "社区居委会成员中女性比例保持在50%左右。"),
    ("p", "策略措施："),
    ("n", 5, 0, "加大培养选拔女干部工作力度。将女干部培养选拔纳入干部队伍建设总体规划。"),
    ("n", 5, 0, "推动妇女参与基层民主协商。在村（社区）“两委”换届中落实女性成员专职专选。"),
    # ---- 5 social security
    ("n", 1, 1, "妇女与社会保障"),
    ("p", "主要目标："),
    ("n", 1, 2, "女性基本医疗保险参保率稳定在95%以上。"),
    ("n", 1, 2, "女性基本养老保险参保率达到[[del:90]][[ins:92]]%。"),
    ("n", 1, 2, "女职工生育保险参保人数年均增长5%。"),
    ("n", 1, 2, "城乡低保对象中的困难妇女做到应保尽保。"),
    ("p", "策略措施："),
    ("n", 6, 0, "完善妇女社会保险制度。推进灵活就业女性参加社会保险。"),
    ("n", 6, 0, "加强困难妇女社会救助。为农村低收入妇女购买“两癌”保险[[hid:（原定每人每年补助60元）]]。"),
    # ---- 6 family
    ("n", 1, 1, "妇女与家庭建设"),
    ("p", "主要目标："),
    ("n", 1, 2, "每年评选表彰“最美家庭”不少于100户。"),
    ("n", 1, 2, "城市和农村婚姻家庭辅导服务站点覆盖率分别达到95%和85%。"),
    ("n", 1, 2, "男女平等分担家务劳动的观念深入人心。"),
    ("p", "策略措施："),
    ("n", 7, 0, "推进家庭家教家风建设。开展“寻找最美家庭”活动。"),
    ("n", 7, 0, "加强婚姻家庭纠纷预防化解。建立婚姻家庭纠纷排查调处机制。"),
    # ---- 7 environment
    ("n", 1, 1, "妇女与环境"),
    ("p", "主要目标："),
    ("n", 1, 2, "农村自来水普及率达到92%，农村卫生厕所普及率达到85%以上。"),
    ("n", 1, 2, "公共场所母婴室配置率：2025年达到80%，2030年达到100%。"),
    ("n", 1, 2, "妇女参与生态文明建设的积极性进一步提高。"),
    ("p", "策略措施："),
    ("n", 8, 0, "推进母婴设施建设。在交通枢纽、商场、医院等公共场所配置母婴室。"),
    ("n", 8, 0, "持续改善农村人居环境。推进农村改水改厕，减少环境污染对妇女健康的危害。"),
    # ---- 8 law (measures typed by hand)
    ("n", 1, 1, "妇女与法律"),
    ("p", "主要目标："),
    ("n", 1, 2, "妇女法律援助申请受理率达到100%。"),
    ("n", 1, 2, "每年开展妇女维权普法宣传活动不少于20场次。"),
    ("n", 1, 2, "严厉打击拐卖妇女、性侵害等违法犯罪行为。"),
    ("p", "策略措施："),
    ("p", "1.深入开展“八五”普法。将妇女权益保障法律法规纳入全民普法内容。"),
    ("p", "2.加强妇女法律援助工作。在县法律援助中心设立妇女维权窗口。"),
    ("p", "3.预防和制止家庭暴力。落实家庭暴力告诫书和人身安全保护令制度。"),
    # ---- implementation / monitoring
    ("n", 1, 0, "组织实施"),
    ("n", 1, 1, "加强组织领导。县政府负责规划实施工作，县妇儿工委负责组织、协调、指导和督促。"),
    ("n", 1, 1, "健全工作机制。县妇儿工委每年至少召开2次全体会议，研究解决规划实施中的重点难点问题。"),
    ("n", 1, 1, "加强经费保障。将实施规划所需经费纳入财政预算。"),
    ("n", 1, 0, "监测评估"),
    ("n", 1, 1, "加强监测评估制度建设。对规划实施情况进行年度监测、中期评估和终期评估，各成员单位年度监测数据报送率达到100%。"),
    ("n", 1, 1, "开展评估。2025年开展中期评估，2031年上半年完成终期评估。"),
    ("pb",),
    ("h", "附件1"),
    ("title", "澄溪县妇女发展规划主要指标"),
    ("table", "women"),
    ("pb",),
]

CHILDREN = [
    ("title", "澄溪县儿童发展规划（2021—2030年）"),
    ("sd0", "前  言"),
    ("p", "儿童是国家的未来、民族的希望。全县现有0—17岁儿童约6.1万人，儿童事业的发展关系千家万户。"),
    ("p", "“十三五”期间，全县儿童发展取得显著成效。2020年，全县婴儿死亡率和5岁以下儿童死亡率分别为4.6‰和6.2‰，学前三年毛入园率达到88.5%，九年义务教育巩固率为95.1%。"),
    ("p", "依据《中华人民共和国未成年人保护法》和《桐州市儿童发展规划（2021—2030年）》，结合澄溪实际，制定本规划。"),
    ("n", 20, 0, "指导思想、基本原则和总体目标"),
    ("p", "（一）指导思想"),
    ("p", "坚持以习近平新时代中国特色社会主义思想为指导，坚持儿童优先原则，全面提高儿童综合素质，培养德智体美劳全面发展的社会主义建设者和接班人。"),
    ("p", "（二）基本原则"),
    ("n", 40, 0, "坚持党的全面领导。把党的领导贯穿于儿童事业发展的全过程。"),
    ("n", 40, 0, "坚持儿童优先发展。在制定政策、编制规划、部署工作时优先考虑儿童的利益和发展需求。"),
    ("n", 40, 0, "坚持儿童最大利益。从儿童身心发展特点和利益出发处理与儿童相关的具体事务。"),
    ("n", 40, 0, "坚持儿童平等发展。保障所有儿童平等享有发展权利和机会。"),
    ("n", 40, 0, "坚持鼓励儿童参与。尊重儿童主体地位，鼓励和支持儿童参与家庭、社会和文化生活。"),
    ("p", "（三）总体目标"),
    ("p", "到2030年，保障儿童权利的政策体系更加健全，儿童优先原则全面贯彻，儿童在健康、安全、教育、福利、家庭、环境、法律保护等方面的权利进一步实现。"),
    ("n", 20, 0, "发展领域、主要目标和策略措施"),
    # ---- 1 health
    ("sd", "儿童与健康"),
    ("p", "主要目标："),
    ("n", 22, 0, "新生儿死亡率、婴儿死亡率、5岁以下儿童死亡率2025年分别不高于3.0‰、4.0‰、5.5‰，2030年分别不高于2.5‰、3.5‰、4.5‰。"),
    ("n", 22, 0, "严重致残出生缺陷发生率低于1.5‰。"),
    ("n", 22, 0, "儿童青少年总体近视率每年降低0.5个百分点以上，6岁儿童近视率控制在3%以内。"),
    ("n", 22, 0, "0—6个月婴儿纯母乳喂养率达到55%以上。"),
    ("n", 22, 0, "5岁以下儿童生长迟缓率控制在5%以下，儿童超重率和肥胖率上升趋势得到有效控制。"),
    ("n", 22, 0, "中小学生体质健康标准达标优良率达到50%以上，中小学生每天校内体育活动时间不少于1小时。"),
    ("n", 22, 0, "3岁以下儿童系统管理率和7岁以下儿童健康管理率均保持在92%以上。"),
    ("p", "策略措施："),
    ("n", 30, 0, "加强儿童医疗保健服务。县级建成1所儿童友好医院，每个乡镇卫生院至少配备1名儿科医生。"),
    ("n", 30, 0, "加强儿科人才队伍建设。每千名儿童拥有儿科执业（助理）医师数达到0.9名、儿科床位数达到2.5张。"),
    ("n", 30, 0, "加强儿童健康教育。中小学校每学期至少开展2次健康教育课，普及健康知识。"),
    # ---- 2 safety
    ("sd", "儿童与安全"),
    ("p", "主要目标："),
    ("n", 23, 0, "儿童伤害死亡率以2020年为基数下降20%。"),
    ("n", 23, 0, "18岁以下儿童溺水死亡率持续下降。"),
    ("n", 23, 0, "儿童乘车安全座椅使用率[[del:达到50%]][[ins:提高到60%以上]]。"),
    ("n", 23, 0, "儿童食品抽检合格率稳定在98%以上，儿童用品抽检合格率不低于95%。"),
    ("p", "策略措施："),
    ("n", 31, 0, "加强校园安全管理。每所中小学、幼儿园每学期至少组织1次应急疏散演练。"),
    ("n", 31, 0, "预防和控制儿童溺水。在重点水域设置警示标志和救生设施。"),
    # ---- 3 education
    ("sd", "儿童与教育"),
    ("p", "主要目标："),
    ("n", 24, 0, "学前三年毛入园率到2025年达到92%，到2030年达到95%以上。"),
    ("n", 24, 0, "普惠性幼儿园覆盖率达到85%以上，公办园在园幼儿占比达到55%。"),
    ("n", 24, 0, "九年义务教育巩固率从2020年的95.1%提高到97%。"),
    ("n", 24, 0, "残疾儿童义务教育入学率达到96%以上。"),
    ("n", 24, 0, "中小学校专兼职心理健康教师配备率达到100%。"),
    ("p", "策略措施："),
    ("n", 32, 0, "推进义务教育优质均衡发展。小学、初中班额分别控制在45人、50人以内。"),
    ("n", 32, 0, "加强劳动教育。中小学每周劳动教育不少于1课时。"),
    ("n", 32, 0, "加强心理健康教育。每所学校设立心理辅导室。"),
    # ---- 4 welfare
    ("sd", "儿童与福利"),
    ("p", "主要目标："),
    ("n", 25, 0, "孤儿基本生活保障标准每人每月不低于1400元。"),
    ("n", 25, 0, "每个乡镇建有1所未成年人保护工作站，村（居）儿童之家覆盖率达到95%以上。"),
    ("n", 25, 0, "村（居）儿童主任配备率保持100%。"),
    ("n", 25, 0, "每千人口拥有3岁以下婴幼儿托位数达到[[cs:2]]4.5个[[ce:2]]。"),
    ("p", "策略措施："),
    ("n", 33, 0, "完善儿童福利保障制度。建立困境儿童分类保障制度。"),
    ("n", 33, 0, "发展普惠托育服务。支持用人单位、社区举办托育机构。"),
    # ---- 5 family
    ("sd", "儿童与家庭"),
    ("p", "主要目标："),
    ("n", 26, 0, "家庭教育指导服务站点城市社区覆盖率达到９５％、农村社区覆盖率达到80%。"),
    ("n", 26, 0, "每年开展家庭教育指导活动不少于4次。"),
    ("p", "策略措施："),
    ("n", 34, 0, "构建家庭教育指导服务体系。依托学校、社区建立家长学校。"),
    ("n", 34, 0, "倡导科学育儿理念。开展“三进”家庭教育宣传活动。"),
    # ---- 6 environment
    ("sd", "儿童与环境"),
    ("p", "主要目标："),
    ("n", 27, 0, "到2025年建成3—5个县级儿童友好示范社区。"),
    ("n", 27, 0, "城乡儿童公共活动场所人均面积不少于0.5平方米。"),
    ("p", "策略措施："),
    ("n", 35, 0, "推进儿童友好城市建设。在城市更新中增加儿童活动空间。"),
    ("n", 35, 0, "加强儿童文化产品供给。县图书馆设立少儿阅览区。"),
    # ---- 7 law (goals typed by hand)
    ("sd", "儿童与法律保护"),
    ("p", "主要目标："),
    ("p", "1.未成年人犯罪人数占同期犯罪人数的比重控制在3%以内。"),
    ("p", "2.儿童法律援助案件办结率达到100%。"),
    ("p", "3.每所中小学配备1名以上法治副校长。"),
    ("p", "策略措施："),
    ("n", 36, 0, "加强未成年人司法保护。落实未成年人刑事案件专门办理机制。"),
    ("n", 36, 0, "预防未成年人违法犯罪。开展“法治进校园”活动。"),
    # ---- implementation / monitoring
    ("n", 20, 0, "组织实施"),
    ("p", "（一）加强组织领导。县政府每年至少听取1次儿童发展规划实施情况汇报。"),
    ("p", "（二）落实部门责任。各成员单位将规划目标纳入本部门发展规划和年度工作计划。"),
    ("n", 20, 0, "监测评估"),
    ("p", "（一）加强监测评估。对规划实施情况进行年度监测，2025年开展中期评估，2030年开展终期评估。"),
    ("p", "（二）建立儿童统计监测制度。完善儿童发展统计指标体系。"),
    ("pb",),
    ("h", "附件2"),
    ("title", "澄溪县儿童发展规划主要指标"),
    ("table", "children"),
]

# Tables: (领域, 指标, 单位, 2020年现状, 2025年, 2030年); a row with None as 领域 continues the merged cell.
TABLES = {
    "women": [
        ("健康", "孕产妇死亡率[[fn:孕产妇死亡率以1/10万计，按当年活产数计算。]]", "1/10万", "11.8", "≤10", "≤9"),
        (None, "适龄妇女宫颈癌人群筛查率", "%", "62.5", "≥70", "≥80"),
        ("教育", "高中阶段教育毛入学率", "%", "94.2", "≥96", "[[del:≥96]][[ins:≥97]]"),
        (None, "女性劳动年龄人口平均受教育年限", "年", "10.6", "11", "11.5"),
        ("经济", "城镇单位就业人员中女性比例", "%", "43.6", "45左右", "45左右"),
        (None, "高级专业技术人员中女性比例", "%", "32", "36", "≥40"),
        ("决策", "村委会成员中女性比例", "%", "24.5", "≥30", "≥35"),
        (None, "社区居委会成员中女性比例", "%", "48.0", "—", "50左右"),
        ("社会保障", "女性基本养老保险参保率", "%", "88.3", "90", "92"),
        ("环境", "农村卫生厕所普及率", "%", "78", "82", "≥85"),
    ],
    "children": [
        ("健康", "婴儿死亡率", "‰", "4.6", "≤4.0", "≤3.5"),
        (None, "5岁以下儿童死亡率", "‰", "6.2", "≤5.5", "≤4.5"),
        (None, "3岁以下儿童系统管理率", "%", "90.5", "≥92", "≥92"),
        (None, "5岁以下儿童生长迟缓率", "%", "5.8", "<5", "<5"),
        ("安全", "儿童伤害死亡率", "1/10万", "14.2", "持续下降", "较2020年下降20%"),
        (None, "儿童乘车安全座椅使用率", "%", "35", "50", "≥60"),
        # ---- a page break falls here: the header rows repeat (w:tblHeader) on the next page
        ("教育", "学前三年毛入园率", "%", "88.5", "92", "≥95"),
        (None, "普惠性幼儿园覆盖率", "%", "80.2", "≥85", "≥90"),
        (None, "九年义务教育巩固率", "%", "95.1", "96.5", "97"),
        ("福利", "村（居）儿童之家覆盖率", "%", "86", "≥95", "100"),
        (None, "每千人口拥有3岁以下婴幼儿托位数", "个", "1.8", "4.5", "[[del:5]][[ins:5.5]]"),
        ("家庭", "农村社区家庭教育指导服务站点覆盖率", "%", "60", "80", "90"),
    ],
}
PAGE_BREAK_BEFORE_ROW = {"children": 6}   # 0-based data row that starts on a new page

# ---------------------------------------------------------------- rendering helpers
TOKEN = re.compile(r"\[\[(del|ins|fn|cs|ce|hid|split|pb)(?::([^\]]*))?\]\]")
REV = [100]


def rid():
    REV[0] += 1
    return str(REV[0])


def run_xml(text, extra_rpr=""):
    rpr = f"<w:rPr>{extra_rpr}</w:rPr>" if extra_rpr else ""
    return f'<w:r {NSDECL}>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fill(p_el, text, rendered):
    """Append runs for `text` (with markup) to paragraph element p_el; append the reader's text to rendered."""
    pos = 0
    out = []
    for m in TOKEN.finditer(text):
        if m.start() > pos:
            p_el.append(parse_xml(run_xml(text[pos:m.start()])))
            out.append(text[pos:m.start()])
        kind, arg = m.group(1), m.group(2)
        if kind == "del":
            p_el.append(parse_xml(
                f'<w:del {NSDECL} w:id="{rid()}" w:author="县妇儿工委办公室" w:date="2022-03-10T09:00:00Z">'
                f'<w:r><w:delText xml:space="preserve">{esc(arg)}</w:delText></w:r></w:del>'))
        elif kind == "ins":
            p_el.append(parse_xml(
                f'<w:ins {NSDECL} w:id="{rid()}" w:author="县妇儿工委办公室" w:date="2022-03-10T09:00:00Z">'
                f'<w:r><w:t xml:space="preserve">{esc(arg)}</w:t></w:r></w:ins>'))
            out.append(arg)
        elif kind == "fn":
            FN.append(arg)
            n = len(FN)
            p_el.append(parse_xml(
                f'<w:r {NSDECL}><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{n}"/></w:r>'))
            out.append(f"[^{n}]")
        elif kind == "cs":
            p_el.append(parse_xml(f'<w:commentRangeStart {NSDECL} w:id="{arg}"/>'))
        elif kind == "ce":
            p_el.append(parse_xml(f'<w:commentRangeEnd {NSDECL} w:id="{arg}"/>'))
            p_el.append(parse_xml(
                f'<w:r {NSDECL}><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                f'<w:commentReference w:id="{arg}"/></w:r>'))
        elif kind == "hid":
            p_el.append(parse_xml(run_xml(arg, "<w:vanish/>")))
        elif kind == "split":
            # the next run is split inside its first number: "3" | bookmark + proofErr | "5%..."
            nxt = TOKEN.search(text, m.end())
            seg_end = nxt.start() if nxt else len(text)
            seg = text[m.end():seg_end]
            p_el.append(parse_xml(run_xml(seg[:1])))
            p_el.append(parse_xml(f'<w:bookmarkStart {NSDECL} w:id="0" w:name="_GoBack"/>'))
            p_el.append(parse_xml(f'<w:bookmarkEnd {NSDECL} w:id="0"/>'))
            p_el.append(parse_xml(f'<w:proofErr {NSDECL} w:type="spellStart"/>'))
            p_el.append(parse_xml(run_xml(seg[1:])))
            p_el.append(parse_xml(f'<w:proofErr {NSDECL} w:type="spellEnd"/>'))
            out.append(seg)
            pos = seg_end
            continue
        elif kind == "pb":
            p_el.append(parse_xml(f'<w:r {NSDECL}><w:br w:type="page"/></w:r>'))
        pos = m.end()
    if pos < len(text):
        p_el.append(parse_xml(run_xml(text[pos:])))
        out.append(text[pos:])
    rendered.append("".join(out))


def set_num(p, num_id, ilvl):
    ppr = p._p.get_or_add_pPr()
    ppr.insert(0 if ppr.find(qn("w:pStyle")) is None else 1, parse_xml(
        f'<w:numPr {NSDECL}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


class Counter:
    """Renders Word's automatic numbers for the reader's-text file (what Word shows)."""

    def __init__(self):
        self.c = {}

    def next(self, num_id, ilvl):
        aid, _ = NUMS[num_id]
        # counters live per abstract list in Word; a restart override resets at the num's first use
        key = aid
        st = self.c.setdefault(key, {"levels": [0] * 9, "seen": set()})
        if NUMS[num_id][1] and num_id not in st["seen"]:
            st["levels"][ilvl] = 0
        st["seen"].add(num_id)
        st["levels"][ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            st["levels"][deeper] = 0
        n = st["levels"][ilvl]
        if aid == 0:
            return [f"{cn(n)}、", f"（{cn(n)}）", f"{n}.\t"][ilvl]
        if aid == 1:
            return f"{n}."
        if aid == 2:
            return f"{n}． "
        if aid == 3:
            return f"（{cn(n)}）"


def add_styles(doc):
    styles = doc.styles.element
    styles.append(parse_xml(
        f'<w:style {NSDECL} w:type="paragraph" w:customStyle="1" w:styleId="ChildDomain">'
        f'<w:name w:val="Child Domain"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:numPr><w:numId w:val="21"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr>'
        f'<w:rPr><w:b/></w:rPr></w:style>'))
    for sid, name in (("FootnoteReference", "footnote reference"), ("CommentReference", "annotation reference")):
        styles.append(parse_xml(
            f'<w:style {NSDECL} w:type="character" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {NSDECL} w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
        f'<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="18"/></w:rPr></w:style>'))


def build_table(doc, key, rendered, counter_unused=None):
    rows = TABLES[key]
    t = doc.add_table(rows=2 + len(rows), cols=7)
    t.style = doc.styles["Table Grid"]
    hdr0 = ["领域", "序号", "指标", "单位", "2020年现状", "目标值", ""]
    hdr1 = ["", "", "", "", "", "2025年", "2030年"]
    for j, h in enumerate(hdr0):
        if h:
            t.cell(0, j).paragraphs[0].add_run(h)
    for j, h in enumerate(hdr1):
        if h:
            t.cell(1, j).paragraphs[0].add_run(h)
    # header merges: first five columns down two rows, 目标值 across two columns
    for j in range(5):
        t.cell(0, j).merge(t.cell(1, j))
    t.cell(0, 5).merge(t.cell(0, 6))
    for r in (0, 1):
        trpr = t.rows[r]._tr.get_or_add_trPr()
        trpr.append(parse_xml(f'<w:tblHeader {NSDECL}/>'))
    rendered.extend(["领域", "序号", "指标", "单位", "2020年现状", "目标值", "2025年", "2030年"])
    # data
    start = None
    starts = []
    for i, row in enumerate(rows):
        r = i + 2
        if row[0] is not None:
            starts.append(r)
    spans = []
    for k, s in enumerate(starts):
        e = (starts[k + 1] - 1) if k + 1 < len(starts) else 1 + len(rows)
        spans.append((s, e))
    for i, row in enumerate(rows):
        r = i + 2
        dom, ind, unit, v20, v25, v30 = row
        cells = [dom or "", str(i + 1), ind, unit, v20, v25, v30]
        for j, text in enumerate(cells):
            if j == 0 and dom is None:
                continue
            p = t.cell(r, j).paragraphs[0]
            if key in PAGE_BREAK_BEFORE_ROW and i == PAGE_BREAK_BEFORE_ROW[key] and j == 0:
                # Word's record of where the page broke, and a hard page break before the cell's text
                p._p.append(parse_xml(f'<w:r {NSDECL}><w:lastRenderedPageBreak/><w:br w:type="page"/></w:r>'))
            fill(p._p, text, rendered)
    for s, e in spans:
        if e > s:
            t.cell(s, 0).merge(t.cell(e, 0))
    return t


def main(out):
    doc = docx.Document()
    st = doc.styles["Normal"]
    st.font.size = Pt(16)
    st.font.name = "仿宋_GB2312"
    add_styles(doc)
    doc.part.numbering_part._element = parse_xml(numbering_xml())
    rendered = []
    counter = Counter()

    def emit(block):
        kind = block[0]
        if kind == "pb":
            p = doc.add_paragraph()
            p._p.append(parse_xml(f'<w:r {NSDECL}><w:br w:type="page"/></w:r>'))
            return
        if kind == "table":
            build_table(doc, block[1], rendered)
            return
        if kind == "n":
            _, nid, ilvl, text = block
            p = doc.add_paragraph()
            set_num(p, nid, ilvl)
            prefix = counter.next(nid, ilvl)
            sub = []
            fill(p._p, text, sub)
            rendered.append(prefix + sub[0])
            return
        text = block[1]
        p = doc.add_paragraph()
        if kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "c":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "r":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "h":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "sd":
            p.style = doc.styles["Child Domain"]
            sub = []
            fill(p._p, text, sub)
            rendered.append(counter.next(21, 0) + sub[0])
            return
        elif kind == "sd0":
            p.style = doc.styles["Child Domain"]
            set_num(p, 0, 0)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fill(p._p, text, rendered)
        if kind == "title":
            for r in p.runs:
                r.bold = True

    for block in NOTICE + WOMEN + CHILDREN:
        emit(block)

    # footnotes part
    fx = [f'<w:footnotes {NSDECL}>',
          '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
          '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>']
    for i, text in enumerate(FN, 1):
        fx.append(f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                  f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                  f'<w:r><w:t xml:space="preserve"> {esc(text)}</w:t></w:r></w:p></w:footnote>')
    fx.append("</w:footnotes>")
    fpart = Part(PackURI("/word/footnotes.xml"),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                 "".join(fx).encode("utf-8"), doc.part.package)
    doc.part.relate_to(fpart, RT.FOOTNOTES)
    cx = [f'<w:comments {NSDECL}>']
    for cid, text in COMMENTS.items():
        cx.append(f'<w:comment w:id="{cid}" w:author="审核人" w:date="2022-03-12T10:00:00Z" w:initials="SH">'
                  f'<w:p><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
                  f'<w:r><w:t>{esc(text)}</w:t></w:r></w:p></w:comment>')
    cx.append("</w:comments>")
    cpart = Part(PackURI("/word/comments.xml"),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                 "".join(cx).encode("utf-8"), doc.part.package)
    doc.part.relate_to(cpart, RT.COMMENTS)
    doc.core_properties.title = "澄溪县妇女发展规划和儿童发展规划"
    doc.core_properties.author = "澄溪县人民政府办公室"
    doc.save(out)
    rendered_text = "\n".join(rendered) + "\n\n" + "\n".join(f"[^{i}] {t}" for i, t in enumerate(FN, 1)) + "\n"
    Path(out).with_suffix(".rendered.txt").write_text(rendered_text, encoding="utf-8")
    print(f"wrote {out}: {len(FN)} footnotes, {len(COMMENTS)} comments")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "plan.docx")
