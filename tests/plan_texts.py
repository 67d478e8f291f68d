"""Small plans written in the genre's voice for tests of ingest, versions and bad input.

Not corpus text: short, complete plans (title, 前言, parts 一、二、三、, seven children's domains with
主要目标 and 策略措施, implementation and monitoring) whose jurisdiction and figures a test chooses,
so that a revision or another county's plan is one argument away.
"""
from __future__ import annotations

DOMAINS = ("儿童与健康", "儿童与安全", "儿童与教育", "儿童与福利", "儿童与家庭", "儿童与环境", "儿童与法律保护")
GOALS = {
    "儿童与健康": ["婴儿死亡率控制在{imr}‰以下。", "儿童健康素养水平不断提升。"],
    "儿童与安全": ["儿童伤害死亡率以2020年为基数下降{injury}%。", "儿童溺水死亡率持续下降。"],
    "儿童与教育": ["学前教育毛入园率达到{preschool}%以上。", "义务教育巩固率达到97%。"],
    "儿童与福利": ["孤儿和事实无人抚养儿童保障水平稳步提高。", "每个乡镇（街道）至少设立1名儿童督导员。"],
    "儿童与家庭": ["90%以上的城市社区建立家长学校。", "家庭教育指导服务体系更加完善。"],
    "儿童与环境": ["儿童友好城市建设有序推进。", "儿童活动场所覆盖率明显提高。"],
    "儿童与法律保护": ["保护未成年人的法规制度更加完善。", "预防未成年人犯罪工作取得实效。"],
}
MEASURES = ("加强组织领导。各有关部门将本领域工作纳入年度计划，明确责任分工，强化督促检查。",
            "完善服务体系。整合资源，健全城乡服务网络，提升基层服务能力，保障经费投入。")


def plan_text(jurisdiction: str = "德惠市", period: tuple[int, int] = (2021, 2030), imr: str = "4.5",
              injury: str = "20", preschool: str = "95", title: bool = True, domains: int = 7) -> str:
    """A complete children's plan for `jurisdiction` (its figures as given)."""
    a, b = period
    level = jurisdiction[-1]
    lines = []
    if title:
        lines.append(f"{jurisdiction}儿童发展规划（{a}—{b}年）")
    lines += ["前言",
              f"儿童是国家的未来、民族的希望。为促进{jurisdiction}儿童全面发展，根据国家和省儿童发展纲要，"
              f"结合{jurisdiction[:-1]}实际，制定本规划。规划期为{a}—{b}年。",
              "一、指导思想和基本原则",
              "（一）指导思想",
              "坚持儿童优先发展，保障儿童权利，促进儿童健康成长。",
              "（二）基本原则",
              "1.坚持党的全面领导。把握儿童事业发展方向。",
              "2.坚持儿童优先。在制定政策和配置资源时优先考虑儿童。",
              "二、发展领域、主要目标和策略措施"]
    cn = "一二三四五六七八九十"
    figures = {"imr": imr, "injury": injury, "preschool": preschool}
    for i, d in enumerate(DOMAINS[:domains]):
        lines += [f"（{cn[i]}）{d}", "主要目标："]
        lines += [f"{k}.{g.format(**figures)}" for k, g in enumerate(GOALS[d], 1)]
        lines += ["策略措施："]
        lines += [f"{k}.{m}" for k, m in enumerate(MEASURES, 1)]
    lines += ["三、组织实施",
              f"（一）加强组织领导。{level}人民政府负责本规划的实施。",
              "（二）强化经费保障。将儿童事业发展经费纳入财政预算。",
              "四、监测评估",
              "（一）加强监测。建立健全儿童发展监测统计制度。",
              "（二）开展评估。规划实施中期和终期开展评估。"]
    return "\n".join(lines) + "\n"


def ingest_plan(db, folder, jurisdiction: str, **figures):
    """Write plan_text(jurisdiction, **figures) into a new `folder` and ingest it into `db` (no Prefect)."""
    from pipeline.steps import ingest_plain
    folder.mkdir()
    (folder / "plan.txt").write_text(plan_text(jurisdiction, **figures), encoding="utf-8")
    return ingest_plain([folder], db)
