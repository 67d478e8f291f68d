"""One version string for every row the extractors emit, derived from what produced them.

The stamp is the package version plus a digest of the extractors' code and rule files, so any
change to a rule, a dictionary or the code changes every row's `extractor_version` without anyone
remembering to bump it. RULES_VERSION is the digest of the rule files alone (the search index
records it: its tokenizer reads them).
"""
from __future__ import annotations

import hashlib
from importlib import resources
from importlib.metadata import PackageNotFoundError, version

_ROOT = resources.files("extractors")


def _files(node, prefix: str = ""):
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        name = f"{prefix}{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                yield from _files(child, name + "/")
        elif child.name.endswith((".py", ".json", ".csv", ".txt")):
            yield name, child


def digest(only_rules: bool = False) -> str:
    h = hashlib.sha256()
    for name, f in _files(_ROOT / "rules" if only_rules else _ROOT):
        h.update(name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


try:
    PACKAGE_VERSION = version("planatlas")
except PackageNotFoundError:  # running from a checkout that is not installed
    PACKAGE_VERSION = "0"
RULES_VERSION = digest(only_rules=True)
EXTRACTOR_VERSION = f"{PACKAGE_VERSION}+{digest()}"
