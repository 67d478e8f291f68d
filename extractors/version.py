"""One version string for every row the extractors emit; bump it when rules or code change output."""
import json
from importlib import resources

_RULES = resources.files("extractors") / "rules"
# The rule files are versioned data: their version is part of the extractor version, so a row
# in the warehouse says which code and which rules produced it.
RULES_VERSION = json.loads((_RULES / "VERSION.json").read_text(encoding="utf-8"))["rules_version"]
CODE_VERSION = "0.3.0"
EXTRACTOR_VERSION = f"{CODE_VERSION}+rules.{RULES_VERSION}"
