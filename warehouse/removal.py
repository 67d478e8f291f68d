"""Which stored documents a `planatlas remove` takes out of the warehouse.

A document is named by a plan it holds (its plan_id), its file name as first seen, or its sha256 (or
a prefix of at least 8 hex digits that names one document). With it go the documents recorded as its
duplicates (the same plan under another name, encoding or format): left in, the next copy would
simply take its place. Removing a plan's newer version brings the older one back as current; the
removal itself is a rebuild from the raw store without these documents (pipeline/steps.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import inspect_target
from warehouse.errors import WarehouseError

MIN_PREFIX = 8
_HEX = re.compile(r"[0-9a-f]+")


class RemovalError(WarehouseError):
    """A document to remove that the warehouse does not have, or that two of its documents could be."""


@dataclass(frozen=True)
class Document:
    sha256: str
    original_name: str
    status: str
    plan_ids: tuple[str, ...]   # the plans loaded from it (every version), none for a duplicate
    named: bool                 # named by a reference (else a copy of a named document)


@dataclass(frozen=True)
class Removal:
    documents: tuple[Document, ...]   # the rows of `documents` to remove, in the order first seen
    named: tuple[str, ...]            # the sha256 of the documents the references named
    family: tuple[str, ...] = ()      # the other versions of the removed plans: renumbered by the rebuild

    @property
    def plan_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for d in self.documents for p in d.plan_ids))

    @property
    def keys(self) -> frozenset[tuple[str, str]]:
        """(sha256, original name) of each removed row: a copy under another name is a row of its own."""
        return frozenset((d.sha256, d.original_name) for d in self.documents)

    @property
    def plan_sha256s(self) -> frozenset[str]:
        """The contents whose plans go (their metadata rows go with them)."""
        return frozenset(d.sha256 for d in self.documents if d.plan_ids)


def removal_plan(db: Path, refs: list[str]) -> Removal:
    """documents_to_remove in the published warehouse at `db`; refused when the documents hold every
    plan it has (an empty warehouse is never published: delete the file instead)."""
    state = inspect_target(db, must_be_current=False)
    if not state.exists or not state.current:
        raise RemovalError(f"no current PlanAtlas warehouse at {db} to remove documents from")
    con = duckdb.connect(str(db), read_only=True)
    try:
        removal = documents_to_remove(con, refs)
        plans = {r[0] for r in con.execute("SELECT plan_id FROM plans").fetchall()}
        family = [r[0] for r in con.execute(
            """SELECT plan_id FROM plans WHERE family_id IN (SELECT family_id FROM plans WHERE plan_id = ANY(?))
               AND NOT plan_id = ANY(?) ORDER BY version""", [list(removal.plan_ids), list(removal.plan_ids)]).fetchall()]
    finally:
        con.close()
    removal = Removal(documents=removal.documents, named=removal.named, family=tuple(family))
    if plans and not plans - set(removal.plan_ids):
        raise RemovalError(f"removing {', '.join(d.original_name for d in removal.documents)} would leave no "
                           f"plan in {db}; an empty warehouse is never published (delete the file instead)")
    return removal


def documents_to_remove(con: duckdb.DuckDBPyConnection, refs: list[str]) -> Removal:
    """Resolve `refs` (plan ids, file names, sha256 or prefixes) to the rows of `documents` to remove; a
    RemovalError names what matched nothing or more than one document, and a plan whose document
    holds other plans too (name the document to remove them all). A plan, a sha256 or the name a
    document was loaded under takes its content with every copy recorded as its duplicate (the same
    bytes under another name, another encoding or format); the name of a copy takes that copy alone."""
    docs = _documents(con)
    chosen: set[tuple[str, str]] = set()
    for ref in refs:
        chosen |= _resolve(ref.strip(), docs)
    # (a content named by plan, sha or its own name: its loaded row is what was named, its copies go with it)
    named = {k for k in chosen if any((d.sha256, d.original_name) == k and d.status != "duplicate" for d in docs)} \
        or set(chosen)
    named |= {k for k in chosen if k[1] in refs}
    while True:  # a duplicate is recorded against the first copy; follow chains all the same
        gone = {d.sha256 for d in docs if (d.sha256, d.original_name) in chosen and d.status != "duplicate"}
        more = {(d.sha256, d.original_name) for d in docs if d.duplicate_of in gone or d.sha256 in gone} - chosen
        if not more:
            break
        chosen |= more
    return Removal(documents=tuple(Document(sha256=d.sha256, original_name=d.original_name, status=d.status,
                                            plan_ids=d.plan_ids, named=(d.sha256, d.original_name) in named)
                                   for d in docs if (d.sha256, d.original_name) in chosen),
                   named=tuple(dict.fromkeys(sha for sha, _ in named)))


@dataclass(frozen=True)
class _Row:
    sha256: str
    original_name: str
    status: str
    duplicate_of: str | None
    plan_ids: tuple[str, ...]


def _documents(con) -> list[_Row]:
    plans: dict[str, list[str]] = {}
    for sha, plan_id in con.execute("SELECT source_sha256, plan_id FROM plans ORDER BY plan_id").fetchall():
        plans.setdefault(sha, []).append(plan_id)
    rows = con.execute("SELECT source_sha256, original_name, status, duplicate_of FROM documents ORDER BY seq").fetchall()
    return [_Row(sha256=sha, original_name=name, status=status, duplicate_of=dup,
                 plan_ids=() if status == "duplicate" else tuple(plans.get(sha, ())))
            for sha, name, status, dup in rows]


def _resolve(ref: str, docs: list[_Row]) -> set[tuple[str, str]]:
    if not ref:
        raise RemovalError("an empty name: give a plan id, a file name or a sha256")

    def content(sha: str) -> set[tuple[str, str]]:
        return {(d.sha256, d.original_name) for d in docs if d.sha256 == sha}

    by_plan = [d for d in docs if ref in d.plan_ids]
    if by_plan:
        doc = by_plan[0]
        others = [p for p in doc.plan_ids if p != ref]
        if others:
            raise RemovalError(f"{ref} comes from {doc.original_name}, which also holds {', '.join(others)}: "
                               f"name the document ({doc.original_name}) to remove all of them")
        return content(doc.sha256)
    by_name = [d for d in docs if d.original_name == ref]
    if len({d.sha256 for d in by_name}) > 1:
        raise RemovalError(f"{len(by_name)} documents were first seen as {ref}: name one by its sha256 ("
                           + ", ".join(sorted(d.sha256[:12] for d in by_name)) + ")")
    if by_name:
        d = by_name[0]
        return {(d.sha256, d.original_name)} if d.status == "duplicate" else content(d.sha256)
    key = ref.lower()
    if _HEX.fullmatch(key) and len(key) < MIN_PREFIX:
        raise RemovalError(f"{ref!r}: give at least {MIN_PREFIX} hex digits of a sha256")
    if _HEX.fullmatch(key):
        by_sha = {d.sha256 for d in docs if d.sha256.startswith(key)}
        if len(by_sha) > 1:
            raise RemovalError(f"{ref} begins {len(by_sha)} documents' sha256: give more of it")
        if by_sha:
            return content(by_sha.pop())
    raise RemovalError(f"the warehouse has no plan, document or sha256 {ref!r} "
                       "(`planatlas status` lists its plans; its documents table their names and sha256)")
