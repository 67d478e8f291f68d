"""Property tests of the pure pipeline (extractors.document.process: read -> segment -> extract):
any bytes give a record, never an exception, and every emitted offset is grounded (see
tests/reliability/document_checks.py). `make fuzz` runs the same checks at scale."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.plan_texts import plan_text
from tests.reliability.document_checks import NAMES, check_bytes
from tests.reliability.strategies import plan_like_bytes, plan_like_text

SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=200, suppress_health_check=SLOW_OK)
@given(raw=st.binary(max_size=2048), name=st.sampled_from(NAMES))
def test_any_bytes_give_a_record(raw, name):
    check_bytes(raw, name)


@settings(max_examples=80, suppress_health_check=SLOW_OK)
@given(text=plan_like_text(), enc=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
@example(text=plan_text("德惠市"), enc="utf-8")
@example(text=plan_text("德惠市").replace("主要目标：\n", "主要目标：一是婴儿死亡率控制在4.5‰以下；二是", 1), enc="utf-8")
def test_plan_like_texts_are_grounded(text, enc):
    check_bytes(text.encode(enc, errors="replace"), "plan.txt")


@settings(max_examples=60, suppress_health_check=SLOW_OK)
@given(case=plan_like_bytes())
def test_plan_like_files_in_every_format_are_grounded(case):
    check_bytes(*case)
