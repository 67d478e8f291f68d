"""The target record: one numeric commitment or achieved figure, grounded in the source."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    provision_key: tuple[str, int, int | None]  # (kind, ordinal, domain_ordinal) of its provision
    n: int  # position among the provision's targets, from 1
    indicator: str | None
    comparator: str  # <=, >=, =, range, decrease, increase
    value: float
    value_high: float | None
    unit: str | None
    per_year: bool
    target_year: int | None
    baseline_year: int | None
    baseline_value: float | None
    kind: str  # target | achieved
    value_text: str  # original[value_start:value_end]
    value_start: int
    value_end: int
    evidence_start: int
    evidence_end: int
    evidence: str  # exactly original[evidence_start:evidence_end]
    extractor_version: str
    indicator_code: str | None = None
    indicator_confidence: float | None = None
    indicator_method: str | None = None
    # A strict bound: 超过95% is comparator '>=' with strict=True (> 95), 低于10/10万 is '<=' with strict=True.
    strict: bool = False
    evidence_clean: str = ""  # the clause as cleaned for reading (PDF line breaks and stray spaces removed)
    # The way a change target moves the indicator ('decrease'/'increase'), also for a range of a change
    # (每年下降0.5-1个百分点: comparator 'range', direction 'decrease'); None for levels.
    direction: str | None = None

    def as_row(self, plan_id: str, provision_id: str) -> dict:
        return {
            "target_id": f"{provision_id}/t{self.n}", "plan_id": plan_id, "provision_id": provision_id,
            "indicator": self.indicator, "indicator_code": self.indicator_code,
            "indicator_confidence": self.indicator_confidence, "indicator_method": self.indicator_method,
            "comparator": self.comparator, "value": self.value, "value_high": self.value_high, "unit": self.unit,
            "per_year": self.per_year, "target_year": self.target_year, "baseline_year": self.baseline_year,
            "baseline_value": self.baseline_value, "kind": self.kind, "value_text": self.value_text,
            "value_start": self.value_start, "value_end": self.value_end, "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end, "evidence": self.evidence, "evidence_clean": self.evidence_clean,
            "strict": self.strict, "direction": self.direction, "extractor_version": self.extractor_version}
