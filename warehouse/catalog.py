"""What is new: each incoming file against what the warehouse already holds.

The catalog is a snapshot of the warehouse's documents and plans; `decide` walks the incoming files
in order and says, for each, whether it is unchanged (the same bytes under the same name), a
duplicate (the same bytes under another name, or the same text in another encoding or format, or
the same plan), a new plan, a revision that supersedes the current version of a plan, or
quarantined. Decisions see the files before them in the same batch. Pure Python over the snapshot;
`load_catalog` reads it.

Every lookup goes through an index (bytes, text, plan id, family), so deciding on N files costs
O(N), not O(N x plans): a build of 10,000 plans decides in a second. Provision and target keys of
the warehouse's plans are read only for the families the incoming plans belong to.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import duckdb

from extractors.bundle import Quarantined, SourceFile, StagedDocument, StagedPlan
from extractors.fingerprint import compact_fingerprints, compact_strings, key_set
from extractors.identity import slug

# A plan in another format keeps almost every provision word for word and every target; a revision
# changes figures or provisions. Share of provisions that must be identical for "the same plan".
SAME_PLAN_PROVISION_SHARE = 0.95


@dataclass(frozen=True)
class Unreadable:
    """A path found but not readable as a file (a broken link, a link out of the folder, no permission)."""
    source_path: str
    reason: str


@dataclass(frozen=True)
class KnownFile:
    """A file whose bytes the warehouse already had when the run looked (nothing was extracted)."""
    source: SourceFile


@dataclass(frozen=True)
class NotModified:
    """A polled URL that answered 304 Not Modified: nothing was downloaded."""
    url: str


Incoming = StagedDocument | Quarantined | KnownFile | Unreadable | NotModified


@dataclass(frozen=True)
class KnownDocument:
    sha256: str
    original_name: str
    status: str
    reason: str | None
    text_key: str | None


@dataclass(frozen=True)
class KnownPlan:
    plan_id: str
    family_id: str
    version: int
    is_current: bool
    jurisdiction: str
    province: str | None
    subject: str
    period_start: int | None
    period_end: int | None
    content_key: str
    issue_date: dt.date | None
    source_sha256: str
    structure_complete: bool
    provision_keys: frozenset[int] = frozenset()   # extractors.fingerprint.key_set of the provisions
    target_keys: bytes = b""                       # extractors.fingerprint.compact_strings of target_key()s

    @property
    def family_key(self) -> tuple:
        return (self.jurisdiction, self.province, self.subject, self.period_start, self.period_end)

    @property
    def family_index(self) -> tuple:
        """What same_family compares, province aside (it may be unknown on either side)."""
        return (self.jurisdiction, self.subject, self.period_start, self.period_end)


class Catalog:
    """The documents and plans, in the order they came, with the indexes decide() looks them up by."""

    def __init__(self, documents: list[KnownDocument] = (), plans: list[KnownPlan] = ()) -> None:
        self.documents: list[KnownDocument] = []
        self._by_sha: dict[str, list[KnownDocument]] = {}
        self._by_text: dict[str, KnownDocument] = {}
        self._plans: dict[str, KnownPlan] = {}           # by plan id, in the order added
        self._families: dict[tuple, list[str]] = {}      # family_index -> plan ids, in order
        self._versions: dict[str, int] = {}              # family id -> highest version
        self._by_document: dict[str, list[str]] = {}     # source sha256 -> plan ids
        for d in documents:
            self.add_document(d)
        for p in plans:
            self.add_plan(p)

    @property
    def plans(self) -> list[KnownPlan]:
        return list(self._plans.values())

    def add_document(self, d: KnownDocument) -> None:
        self.documents.append(d)
        self._by_sha.setdefault(d.sha256, []).append(d)
        if d.text_key is not None:
            self._by_text.setdefault(d.text_key, d)

    def by_sha(self, sha256: str) -> list[KnownDocument]:
        return self._by_sha.get(sha256, [])

    def by_text(self, text_key: str) -> KnownDocument | None:
        return self._by_text.get(text_key)

    def add_plan(self, p: KnownPlan) -> None:
        self._plans[p.plan_id] = p
        self._families.setdefault(p.family_index, []).append(p.plan_id)
        self._versions[p.family_id] = max(self._versions.get(p.family_id, 0), p.version)
        self._by_document.setdefault(p.source_sha256, []).append(p.plan_id)

    def plans_of_document(self, sha256: str) -> list[KnownPlan]:
        return [self._plans[i] for i in self._by_document.get(sha256, [])]

    def replace_plan(self, p: KnownPlan) -> None:
        self._plans[p.plan_id] = p
        self._versions[p.family_id] = max(self._versions.get(p.family_id, 0), p.version)

    def plan(self, plan_id: str) -> KnownPlan | None:
        return self._plans.get(plan_id)

    def has_plan(self, plan_id: str) -> bool:
        return plan_id in self._plans

    def plan_ids(self) -> set[str]:
        return set(self._plans)

    def family(self, p: KnownPlan) -> list[KnownPlan]:
        """The plans that may be of p's family (same jurisdiction, subject and period), in order."""
        return [self._plans[i] for i in self._families.get(p.family_index, [])]

    def last_version(self, family_id: str) -> int:
        return self._versions.get(family_id, 0)

    def versions(self, of: KnownPlan) -> list[KnownPlan]:
        """The versions of of's family, oldest first."""
        return sorted((p for p in self.family(of) if p.family_id == of.family_id), key=lambda p: p.version)


@dataclass(frozen=True)
class PlanPlacement:
    """Where an incoming plan goes: its final id, family and version, and what it replaces."""
    loadable: StagedPlan
    plan_id: str
    family_id: str
    version: int
    is_current: bool
    supersedes: str | None
    superseded_by: str | None


@dataclass(frozen=True)
class DocumentRow:
    """A documents row to add, with the plans it brings (loaded files only)."""
    source: SourceFile
    status: str
    reason: str | None
    duplicate_of: str | None
    loadable: StagedDocument | None
    quarantined: Quarantined | None
    plans: tuple[PlanPlacement, ...] = ()


@dataclass(frozen=True)
class Outcome:
    source_path: str
    sha256: str | None
    outcome: str  # loaded, unchanged, duplicate, superseded, quarantined
    detail: str | None


@dataclass
class Changes:
    documents: list[DocumentRow] = field(default_factory=list)
    superseded_plans: dict[str, str] = field(default_factory=dict)   # old plan_id -> new plan_id
    superseded_documents: set[str] = field(default_factory=set)      # sha256 of wholly superseded files
    # plan_id -> new values of family_id / version / supersedes / superseded_by, for the versions of
    # a family an older version arriving late joined (set after loading: they may be in this run too)
    relinked_plans: dict[str, dict] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(o.outcome for o in self.outcomes)
        return {k: c.get(k, 0) for k in ("loaded", "unchanged", "duplicate", "superseded", "quarantined")}

    def new_plan_ids(self) -> list[str]:
        return [p.plan_id for d in self.documents for p in d.plans]


def target_key(value, value_high, unit, comparator, target_year, kind) -> str:
    return repr((value, value_high, unit, comparator, target_year, kind))


def target_keys(targets) -> tuple[str, ...]:
    return tuple(sorted(target_key(t.value, t.value_high, t.unit, t.comparator, t.target_year, t.kind)
                        for t in targets))


def _known_plan(lp: StagedPlan, placement_id: str, family_id: str, version: int, current: bool,
                sha256: str) -> KnownPlan:
    m = lp.meta
    return KnownPlan(plan_id=placement_id, family_id=family_id, version=version, is_current=current,
                     jurisdiction=m.jurisdiction, province=m.province, subject=m.subject,
                     period_start=m.period_start, period_end=m.period_end, content_key=lp.content_key,
                     issue_date=m.issue_date, source_sha256=sha256, structure_complete=lp.structure_complete,
                     provision_keys=key_set(lp.provision_keys), target_keys=lp.target_keys)


def same_family(new: KnownPlan, old: KnownPlan) -> bool:
    """The same jurisdiction, subject and period (and province, when both say)."""
    j, prov, subj, a, b = old.family_key
    return (j, subj, a, b) == (new.jurisdiction, new.subject, new.period_start, new.period_end) and \
        (prov is None or new.province is None or prov == new.province)


def same_plan(new: KnownPlan, old: KnownPlan) -> bool:
    """The same plan published again (another format or encoding): the same jurisdiction's plan with
    the same content, or nearly every provision word for word and exactly the same figures. (Plans
    copy each other: another county's plan with the same words is another plan.)"""
    if not same_family(new, old):
        return False
    if new.content_key == old.content_key:
        return True
    if not new.provision_keys or not old.provision_keys or new.target_keys != old.target_keys:
        return False
    shared = len(new.provision_keys & old.provision_keys)
    return shared >= SAME_PLAN_PROVISION_SHARE * max(len(new.provision_keys), len(old.provision_keys))


def _family_match(cat: Catalog, p: KnownPlan) -> KnownPlan | None:
    """The current version of the same plan: same jurisdiction, subject and period (and province, when
    both say)."""
    return next((old for old in cat.family(p) if old.is_current and same_family(p, old)), None)


def _new_family_id(cat: Catalog, lp: StagedPlan) -> str:
    """The plan's own id (metadata's, or `dehui-children`), made unique against other plans: the same
    place's plan for another period adds its years; another place of the same name its parent."""
    base = lp.meta.plan_id
    if not cat.has_plan(base):
        return base
    m = lp.meta
    holder = cat.plan(base)
    same_place = holder.jurisdiction == m.jurisdiction and (
        holder.province is None or m.province is None or holder.province == m.province)
    candidates = []
    if same_place and m.period_end:
        candidates.append(f"{base}-{m.period_start}-{m.period_end}" if m.period_start else f"{base}-{m.period_end}")
    elif m.parent or m.province:
        candidates.append(f"{slug(m.parent or m.province)}-{base}")
    candidates += [f"{base}-{i}" for i in range(2, 10000)]
    return next(c for c in candidates if not cat.has_plan(c))


def _revision_id(cat: Catalog, family_id: str, version: int) -> str:
    return next(c for c in (f"{family_id}-v{version + i}" for i in range(1000)) if not cat.has_plan(c))


def decide(cat: Catalog, items: list[Incoming]) -> Changes:
    """Decide every incoming item in order; `cat` is updated as it goes (a later copy of a file in
    the same batch is a duplicate of the earlier one)."""
    ch = Changes()
    for item in items:
        if isinstance(item, Unreadable):
            ch.outcomes.append(Outcome(item.source_path, None, "quarantined", item.reason))
        elif isinstance(item, NotModified):
            ch.outcomes.append(Outcome(item.url, None, "unchanged", "not modified since the last visit (HTTP 304)"))
        elif isinstance(item, KnownFile) or isinstance(item, (StagedDocument, Quarantined)) and \
                cat.by_sha(item.source.sha256):
            _decide_known_bytes(cat, ch, item.source)
        elif isinstance(item, Quarantined):
            _add_document(cat, ch, DocumentRow(item.source, "quarantined", item.reason, None, None, item))
            ch.outcomes.append(Outcome(item.source.source_path, item.source.sha256, "quarantined", item.reason))
        else:
            _decide_document(cat, ch, item)
    return ch


def _add_document(cat: Catalog, ch: Changes, row: DocumentRow) -> None:
    ch.documents.append(row)
    text_key = row.loadable.text_key if row.loadable and row.status in ("loaded", "superseded") else None
    cat.add_document(KnownDocument(row.source.sha256, row.source.original_name, row.status, row.reason, text_key))


def _decide_known_bytes(cat: Catalog, ch: Changes, src: SourceFile) -> None:
    known = cat.by_sha(src.sha256)
    same_name = next((d for d in known if d.original_name == src.original_name), None)
    first = same_name or known[0]
    if first.status == "quarantined":
        detail = f"already quarantined: {first.reason}" if same_name else f"same bytes as {first.original_name}: {first.reason}"
        if not same_name:
            _add_document(cat, ch, DocumentRow(src, "quarantined", detail, first.sha256, None, None))
        ch.outcomes.append(Outcome(src.source_path, src.sha256, "quarantined", detail))
    elif same_name:
        ch.outcomes.append(Outcome(src.source_path, src.sha256, "unchanged", f"already {first.status}"))
    else:
        reason = f"same bytes as {first.original_name}"
        _add_document(cat, ch, DocumentRow(src, "duplicate", reason, first.sha256, None, None))
        ch.outcomes.append(Outcome(src.source_path, src.sha256, "duplicate", reason))


def _decide_document(cat: Catalog, ch: Changes, doc: StagedDocument) -> None:
    src = doc.source
    twin = cat.by_text(doc.text_key)
    if twin is not None:
        reason = f"same text as {twin.original_name} (another encoding or format)"
        _add_document(cat, ch, DocumentRow(src, "duplicate", reason, twin.sha256, None, None))
        ch.outcomes.append(Outcome(src.source_path, src.sha256, "duplicate", reason))
        return
    placements, notes, dup_of = [], list(doc.notes), None
    for lp in doc.plans:
        placed = _place_plan(cat, ch, lp, src.sha256, notes)
        if isinstance(placed, KnownPlan):
            dup_of = dup_of or placed
        else:
            placements.append(placed)
    if not placements:
        reason = f"same plan as {dup_of.plan_id} (another format or encoding)"
        _add_document(cat, ch, DocumentRow(src, "duplicate", reason, dup_of.source_sha256, None, None))
        ch.outcomes.append(Outcome(src.source_path, src.sha256, "duplicate", reason))
        return
    status = "superseded" if all(not p.is_current for p in placements) else "loaded"
    detail = "; ".join(notes) or None
    _add_document(cat, ch, DocumentRow(src, status, detail, None, doc, None, tuple(placements)))
    ids = ", ".join(p.plan_id + (f" (supersedes {p.supersedes})" if p.supersedes else "")
                    + (f" (older than {p.superseded_by})" if p.superseded_by else "") for p in placements)
    ch.outcomes.append(Outcome(src.source_path, src.sha256, status, ids + (f"; {detail}" if detail else "")))


def _place_plan(cat: Catalog, ch: Changes, lp: StagedPlan, sha256: str, notes: list[str]) -> PlanPlacement | KnownPlan:
    """A duplicate returns the plan it repeats; otherwise the placement (new plan or revision)."""
    probe = _known_plan(lp, lp.meta.plan_id, lp.meta.plan_id, 1, True, sha256)
    same = next((p for p in cat.family(probe) if same_plan(probe, p)), None)
    if same is not None and same.is_current and not same.structure_complete and probe.structure_complete:
        # the same plan, complete where the copy loaded first is not (a PDF that lost its end, a file
        # read half-copied): the complete copy becomes the current version
        notes.append(f"a complete copy of {same.plan_id}, which is marked incomplete: loaded as its current version")
    elif same is not None:
        notes.append(f"plan {lp.index + 1} is {same.plan_id} again: not loaded twice")
        return same
    current = _family_match(cat, probe)
    if current is None:
        family = _new_family_id(cat, lp)
        placement = PlanPlacement(lp, family, family, 1, True, None, None)
    else:
        pid = lp.meta.plan_id if lp.meta.metadata_source == "metadata" and not cat.has_plan(lp.meta.plan_id) \
            else _revision_id(cat, current.family_id, cat.last_version(current.family_id) + 1)
        chain = cat.versions(current)
        at = _position(chain, lp.meta.issue_date)
        if at < len(chain):
            placement = _insert_version(cat, ch, lp, pid, chain, at)
        else:
            placement = PlanPlacement(lp, pid, current.family_id, cat.last_version(current.family_id) + 1, True,
                                      current.plan_id, None)
            _supersede(cat, ch, current, pid)
    cat.add_plan(_known_plan(lp, placement.plan_id, placement.family_id, placement.version,
                             placement.is_current, sha256))
    return placement


def _position(chain: list[KnownPlan], issued: dt.date | None) -> int:
    """Where a version issued on `issued` goes in its family's versions (oldest first): before the
    last versions issued after it, so that versions follow their issue dates whatever order they
    arrive in; at the end (the new current version) when it or the last version has no date."""
    at = len(chain)
    while at > 0 and issued and chain[at - 1].issue_date and issued < chain[at - 1].issue_date:
        at -= 1
    return at


def _insert_version(cat: Catalog, ch: Changes, lp: StagedPlan, pid: str, chain: list[KnownPlan],
                    at: int) -> PlanPlacement:
    """An older version arriving late: it takes the version number of chain[at], which it precedes,
    and that version and every later one move up by one; the links on either side now name it. A
    new first version gives the family its id (family_id is the first version's id, whatever the
    order the versions came in)."""
    before, after = (chain[at - 1] if at else None), chain[at]
    family = pid if before is None else after.family_id
    for p in chain:
        moved = {"version": p.version + 1} if p.version >= after.version else {}
        if family != p.family_id:
            moved["family_id"] = family
        if moved:
            cat.replace_plan(KnownPlan(**{**p.__dict__, **moved}))
            ch.relinked_plans.setdefault(p.plan_id, {}).update(moved)
    ch.relinked_plans.setdefault(after.plan_id, {})["supersedes"] = pid
    if before is not None:
        ch.relinked_plans.setdefault(before.plan_id, {})["superseded_by"] = pid
    return PlanPlacement(lp, pid, family, after.version, False, before.plan_id if before else None, after.plan_id)


def _supersede(cat: Catalog, ch: Changes, old: KnownPlan, new_id: str) -> None:
    ch.superseded_plans[old.plan_id] = new_id
    cat.replace_plan(KnownPlan(**{**old.__dict__, "is_current": False}))
    if not any(p.is_current for p in cat.plans_of_document(old.source_sha256)):
        ch.superseded_documents.add(old.source_sha256)


# ------------------------------------------------------------------------------------ reading


def load_catalog(con: duckdb.DuckDBPyConnection | None, families: set[tuple] | None = None) -> Catalog:
    """The snapshot of a warehouse (an empty catalog for a new one). Provision and target keys are
    read for the plans of `families` (KnownPlan.family_index) only, or for all when None: only a
    plan of the same family can be the same plan again."""
    if con is None:
        return Catalog()
    docs = [KnownDocument(*r) for r in con.execute(
        "SELECT source_sha256, original_name, status, reason, text_key FROM documents ORDER BY seq").fetchall()]
    rows = con.execute("""
        SELECT plan_id, family_id, version, is_current, jurisdiction, province, subject, period_start, period_end,
               content_key, issue_date, source_sha256, structure_complete
        FROM plans ORDER BY loaded_at, plan_id""").fetchall()
    wanted = [r[0] for r in rows if families is None or (r[4], r[6], r[7], r[8]) in families]
    prov: dict[str, frozenset[int]] = {}
    targets: dict[str, list[str]] = {}
    if wanted:
        prov = {pid: key_set(compact_fingerprints(keys)) for pid, keys in con.execute(
            "SELECT plan_id, list(fingerprint) FROM provisions WHERE plan_id = ANY(?::VARCHAR[]) GROUP BY plan_id",
            [wanted]).fetchall()}
        for r in con.execute("""SELECT plan_id, value, value_high, unit, comparator, target_year, kind FROM targets
                                WHERE plan_id = ANY(?::VARCHAR[])""", [wanted]).fetchall():
            targets.setdefault(r[0], []).append(target_key(*r[1:]))
    plans = [KnownPlan(*r, provision_keys=prov.get(r[0], frozenset()),
                       target_keys=compact_strings(targets.get(r[0], []))) for r in rows]
    return Catalog(docs, plans)


def families_of(items: list[Incoming]) -> set[tuple]:
    """The families (KnownPlan.family_index) of the incoming plans."""
    return {(p.meta.jurisdiction, p.meta.subject, p.meta.period_start, p.meta.period_end)
            for i in items if isinstance(i, StagedDocument) for p in i.plans}
