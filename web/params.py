"""Request parameters: allow-lists and exact patterns; anything else is a 400 with a short reason."""
from __future__ import annotations

import re

from starlette.exceptions import HTTPException

from web.queries import PlanInfo

MAX_QUERY = 1000            # characters: a long draft paragraph
MAX_ID = 300
PER_PLAN_CHOICES = (1, 3, 5, 10)
PER_PLAN_DEFAULT = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AT = re.compile(r"([0-9]{1,9})-([0-9]{1,9})")


class BadRequest(HTTPException):
    def __init__(self, detail: str):
        super().__init__(400, detail)


class NotFound(HTTPException):
    def __init__(self, detail: str):
        super().__init__(404, detail)


def text(value: str | None, name: str, limit: int = MAX_ID) -> str | None:
    """A free-text value (None when absent), refused when too long or holding control characters."""
    if value is None or value == "":
        return None
    if len(value) > limit:
        raise BadRequest(f"参数 {name} 太长（最多 {limit} 个字符） {name} is too long")
    if _CONTROL.search(value):
        raise BadRequest(f"参数 {name} 含有控制字符 {name} contains control characters")
    return value


def choice(value: str | None, allowed, name: str) -> str | None:
    value = text(value, name)
    if value is not None and value not in allowed:
        raise BadRequest(f"参数 {name} 的值不在可选范围内 unknown {name}")
    return value


def per_plan(value: str | None) -> int:
    if value is None or value == "":
        return PER_PLAN_DEFAULT
    if value not in {str(k) for k in PER_PLAN_CHOICES}:
        raise BadRequest("参数 per_plan 只能是 " + "、".join(map(str, PER_PLAN_CHOICES)))
    return int(value)


def passage(value: str | None, plan: PlanInfo) -> tuple[int, int] | None:
    """`at=START-END`: character offsets inside the plan's text."""
    if value is None or value == "":
        return None
    m = _AT.fullmatch(value)
    if not m:
        raise BadRequest("参数 at 应为 起点-终点 的字符位置 at must be START-END")
    a, b = int(m.group(1)), int(m.group(2))
    if not (plan.char_start <= a < b <= plan.char_end):
        raise BadRequest("参数 at 超出本规划的文本范围 at is outside the plan's text")
    return a, b
