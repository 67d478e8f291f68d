"""Reading the hand-labelled gold JSONL files of `planatlas eval` and `planatlas indicators-eval`.

A wrong file (the other command's gold, a binary file, a JSON list, a row without a field, an empty
file) is refused with its name and line and what the command expects, never with a traceback.
"""
from __future__ import annotations

import json
from pathlib import Path

from extractors.errors import PlanAtlasError

TEXT, NUMBER, WHOLE, NULL = (str,), (int, float), (int,), (type(None),)
TYPE_NAMES = {str: "text", int: "a number", float: "a number", type(None): "null"}
# What each kind of gold row must hold ({field: the types it may have}), and the types of the
# optional fields the scoring reads.
TARGETS_GOLD = {"doc": TEXT, "quote": TEXT, "value_text": TEXT, "value": NUMBER, "unit": TEXT + NULL}
INDICATOR_GOLD = {"plan": TEXT, "quote": TEXT, "value_text": TEXT, "code": TEXT + NULL}
OPTIONAL = {"occurrence": WHOLE + NULL, "line": WHOLE + NULL, "value_high": NUMBER + NULL,
            "baseline_value": NUMBER + NULL, "target_year": WHOLE + NULL, "baseline_year": WHOLE + NULL,
            "indicator": TEXT + NULL, "comparator": TEXT + NULL, "kind": TEXT + NULL}
KINDS = {"targets": (TARGETS_GOLD, "planatlas eval", "tests/gold/targets_*.jsonl"),
         "indicators": (INDICATOR_GOLD, "planatlas indicators-eval", "tests/gold/indicator_map.jsonl")}


class GoldFileError(PlanAtlasError):
    """A gold file that cannot be read as the gold a command scores against."""


def read_gold(path: Path, kind: str, hint: str = "") -> list[dict]:
    """The rows of a gold JSONL file of `kind` ("targets" or "indicators"); GoldFileError naming the
    file (and line) when it is missing, unreadable, not JSONL, not that kind of gold, or empty.
    `hint` is added to a missing file's message (e.g. which option names another file)."""
    return [row for _, row in read_gold_lines(path, kind, hint)]


def read_gold_lines(path: Path, kind: str, hint: str = "") -> list[tuple[int, dict]]:
    """read_gold's rows with their line numbers, for later messages about a row."""
    fields, command, example = KINDS[kind]
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise GoldFileError(f"cannot read the gold file {path}: No such file or directory (looked in "
                            f"{Path.cwd()}){hint}") from None
    except UnicodeDecodeError:
        raise GoldFileError(f"{path} is not a gold file: not UTF-8 text (a gold file is JSONL, one JSON "
                            f"object a line, like {example})") from None
    except OSError as e:
        raise GoldFileError(f"cannot read the gold file {path}: {e.strerror or e}") from None
    rows = [(n, _row(path, n, line, fields, command, example)) for n, line in enumerate(lines, 1) if line.strip()]
    if not rows:
        raise GoldFileError(f"{path} holds no gold rows: nothing to score against (a gold file is JSONL, "
                            f"one JSON object a line, like {example})")
    return rows


def _row(path: Path, n: int, line: str, fields: dict, command: str, example: str) -> dict:
    where = f"{path}:{n}"
    try:
        row = json.loads(line)
    except ValueError as e:
        raise GoldFileError(f"{where}: not a gold row: not JSON ({e}); a gold file is JSONL, one JSON object "
                            "a line") from None
    if not isinstance(row, dict):
        raise GoldFileError(f"{where}: not a gold row: a gold row is a JSON object {{...}}, not {line.strip()[:40]}")
    other = "indicators" if fields is TARGETS_GOLD else "targets"
    other_fields, other_command, _ = KINDS[other]
    missing = [k for k in fields if k not in row]
    if missing and all(k in row for k in other_fields):
        raise GoldFileError(f"{where}: not a gold row for `{command}`: this is gold for `{other_command}` "
                            f"(its rows have {', '.join(other_fields)}); pass a file like {example}")
    if missing:
        raise GoldFileError(f"{where}: not a gold row: a gold row for `{command}` needs {', '.join(fields)}; "
                            f"this one lacks {', '.join(missing)}")
    for k, types in [*fields.items(), *((k, t) for k, t in OPTIONAL.items() if k in row)]:
        v = row[k]
        if not isinstance(v, types) or isinstance(v, bool):
            names = " or ".join(dict.fromkeys(TYPE_NAMES[t] for t in types))
            raise GoldFileError(f"{where}: not a gold row: {k} must be {names}, not {v!r}")
    if (row.get("occurrence") or 0) < 0:
        raise GoldFileError(f"{where}: not a gold row: occurrence must be 0 or more, not {row['occurrence']!r}")
    return row
