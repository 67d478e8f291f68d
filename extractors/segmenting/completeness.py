"""What a segmented plan lacks, in words a person can check against the text.

A plan is complete when every domain has goals and measures, its numbering has no gaps, and its
text does not stop mid-structure: it reaches an implementation or monitoring part (the genre's
closing parts), every part its table of contents announced, and a finished sentence. A plan with
fewer domains than the national outline (children 7, women 8) is not incomplete for that: local
plans merge and leave out domains. Nothing is dropped for being incomplete; the notes only say
what is missing.
"""
from __future__ import annotations

import regex

from extractors.readers.html_chrome import is_furniture_line
from extractors.records import Domain, Provision
from extractors.segmenting.lines import Line
from extractors.segmenting.outline import NATIONAL_OUTLINE, Part
from extractors.segmenting.walker import Walk

_CLOSING_PARTS = ("implementation", "monitoring")
_TERMINAL = "。！？!?；;…\"”’」』）)】"
# Lines that may follow the last sentence of a finished plan: a date, a page number, the issuer,
# a bracketed remark such as （此件公开发布）.
_CLOSING_LINE = regex.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-—–]*\s*\d{1,3}\s*[-—–]*"
    r"|\p{Han}{2,30}(?:人民政府|办公室|委员会|妇联)|[（(][^）)]*[）)])$")


def structure_notes(parts: list[Part], part_gaps: list[int], announced: list[str], walk: Walk,
                    domains: list[Domain], provisions: list[Provision], subject: str | None,
                    last_line: Line | None, last_is_cell: bool) -> tuple[str, ...]:
    notes = [f"part numbering skips {n}" for n in part_gaps]
    notes += [f"domain numbering skips {n}" for n in walk.domain_seq.gaps]
    notes += _list_notes(walk, domains, provisions)
    notes += _ending_notes(parts, announced, domains, subject)
    if last_line is not None and not last_is_cell:
        notes += _sentence_notes(last_line.body or last_line.text)
    return tuple(notes)


def _name(d: Domain) -> str:
    return f"domain {d.ordinal} {d.title}".rstrip()


def _list_notes(walk: Walk, domains: list[Domain], provisions: list[Provision]) -> list[str]:
    if not domains:
        return ["no domains found"]
    kinds = {(p.domain_ordinal, p.kind) for p in provisions}
    by_ordinal = {d.ordinal: d for d in domains}
    notes = []
    for d in domains:
        notes += [f"{_name(d)} has no {kind}s" for kind in ("goal", "measure") if (d.ordinal, kind) not in kinds]
    for rec in walk.lists:
        d = by_ordinal.get(rec.domain)
        notes += [f"{_name(d)}: {rec.kind} numbering skips {n}" for n in rec.items.gaps if d]
    return notes


def _ending_notes(parts: list[Part], announced: list[str], domains: list[Domain], subject: str | None) -> list[str]:
    notes = []
    kinds = [p.kind for p in parts[1:]]
    if domains and not any(k in _CLOSING_PARTS for k in kinds):
        if kinds and kinds[-1] in ("domains", "domain"):
            outline = NATIONAL_OUTLINE.get(subject or "", [])
            last = domains[-1].ordinal
            of = f" of {len(outline)}" if last <= len(outline) else ""
            notes.append(f"text ends in domain {last}{of}; no implementation or monitoring part")
        else:
            notes.append("no implementation or monitoring part")
    if len(announced) > len(kinds):
        notes.append(f"the table of contents announces {len(announced)} parts, {len(kinds)} found; "
                     f"missing {', '.join(announced[len(kinds):])}")
    return notes


def _sentence_notes(text: str) -> list[str]:
    if text.endswith(tuple(_TERMINAL)):
        return []
    return [f"text ends mid-sentence: …{text[-12:]}"]


def last_text_line(lines: list[Line]) -> Line | None:
    """The plan's last line of prose: closing lines (date, issuer, page number) and a web page's footer
    (a PDF printed from the browser) are passed over."""
    for ln in reversed(lines):
        if ln.text and not _CLOSING_LINE.match(ln.text) and not is_furniture_line(ln.text):
            return ln
    return None
