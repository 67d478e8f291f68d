"""The extractor version follows the content of the code and the rule files."""
import shutil
from pathlib import Path

import extractors.version as V
from extractors import EXTRACTOR_VERSION


def test_the_stamp_is_the_package_version_and_a_content_digest():
    assert EXTRACTOR_VERSION == f"{V.PACKAGE_VERSION}+{V.digest()}"
    assert len(V.digest()) == 12 and V.RULES_VERSION == V.digest(only_rules=True)


def test_a_changed_rule_changes_the_stamp(tmp_path, monkeypatch):
    copy = tmp_path / "extractors"
    shutil.copytree(Path(V.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(V, "_ROOT", copy)
    assert V.digest() == EXTRACTOR_VERSION.split("+")[1] and V.digest(True) == V.RULES_VERSION
    grammar = copy / "rules" / "target_grammar.json"
    grammar.write_text(grammar.read_text(encoding="utf-8").replace('"以下"', '"以下 "', 1), encoding="utf-8")
    assert V.digest() != EXTRACTOR_VERSION.split("+")[1] and V.digest(True) != V.RULES_VERSION
    code = copy / "segment.py"
    grammar.write_text((Path(V.__file__).parent / "rules" / "target_grammar.json").read_text(encoding="utf-8"),
                       encoding="utf-8")
    assert V.digest(True) == V.RULES_VERSION
    code.write_text(code.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert V.digest(True) == V.RULES_VERSION and V.digest() != EXTRACTOR_VERSION.split("+")[1]
