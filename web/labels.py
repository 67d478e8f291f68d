"""Chinese labels (with English in small print) for the warehouse's codes."""
from __future__ import annotations

KINDS = {
    "goal": ("主要目标", "goal"),
    "measure": ("策略措施", "measure"),
    "project": ("重点项目", "project"),
    "table_row": ("指标表", "indicator table"),
    "principle": ("基本原则", "principle"),
    "overall_goal": ("总体目标", "overall goal"),
    "implementation": ("组织实施", "implementation"),
    "monitoring": ("监测评估", "monitoring"),
    "preamble": ("前言", "preamble"),
}
KIND_ORDER = tuple(KINDS)

DOMAINS = {
    "health": ("健康", "health"),
    "safety": ("安全", "safety"),
    "education": ("教育", "education"),
    "welfare": ("福利", "welfare"),
    "family": ("家庭", "family"),
    "environment": ("环境", "environment"),
    "law": ("法律保护", "law"),
    "economy": ("经济", "economy"),
    "decision_making": ("参与决策和管理", "decision-making"),
    "social_security": ("社会保障", "social security"),
}
DOMAIN_ORDER = tuple(DOMAINS)

SECTIONS = {
    "preamble": "前言", "general": "总论", "guiding_thought": "指导思想", "principles": "基本原则",
    "overall_goal": "总体目标", "indicator_table": "指标表", "domains": "发展领域", "projects": "重点项目",
    "implementation": "组织实施", "monitoring": "监测评估", "other": "其他",
}

SUBJECTS = {"children": ("儿童", "children"), "women": ("妇女", "women")}

COMPARATORS = {
    "<=": ("≤", "不高于 at most"),
    ">=": ("≥", "不低于 at least"),
    "=": ("=", "等于 exactly"),
    "range": ("区间", "range"),
    "decrease": ("下降", "decrease"),
    "increase": ("上升", "increase"),
}

TARGET_KINDS = {"target": ("目标", "target"), "achieved": ("已达到", "achieved")}

RELATIONS = {
    "near_identical": ("措辞几乎相同", "near-identical wording"),
    "same_indicator_different_target": ("同一指标，目标值不同", "same indicator, different target"),
    "same_indicator_same_target": ("同一指标和目标，措辞不同", "same indicator and target, other wording"),
    "related": ("相关", "related"),
    "weak": ("弱相关", "weakly related"),
}

BETTER = {"lower": ("越低越好", "lower is better"), "higher": ("越高越好", "higher is better")}


def kind(code: str) -> str:
    return KINDS.get(code, (code, code))[0]


def domain(code: str | None) -> str:
    return DOMAINS.get(code, (code or "", code or ""))[0] if code else ""


def subject(code: str) -> str:
    return SUBJECTS.get(code, (code, code))[0]


def sort_domains(codes):
    return sorted(codes, key=lambda c: (DOMAIN_ORDER.index(c) if c in DOMAIN_ORDER else len(DOMAIN_ORDER), c))


def sort_kinds(codes):
    return sorted(codes, key=lambda c: (KIND_ORDER.index(c) if c in KIND_ORDER else len(KIND_ORDER), c))
