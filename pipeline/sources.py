"""Finding and reading source files: folders walked, bytes read under a size cap, metadata read.

The only file I/O on the way in. A path that cannot be read as a file (a broken link, a link that
leads out of the folder it was found in, no permission) is reported as Unreadable, never skipped
silently.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from extractors.bundle import Quarantined, SourceFile
from extractors.errors import PlanAtlasError
from warehouse.catalog import KnownFile, Unreadable

METADATA_FILE = "plans.csv"
IGNORED_NAMES = {METADATA_FILE, "README.md", "README.txt", "README"}
# Nothing a plan is published as comes near this; larger files are hashed but not read.
MAX_FILE_BYTES = 200 * 2**20
METADATA_REQUIRED = ("plan_id", "plan_index", "jurisdiction", "subject")


class UsageError(PlanAtlasError):
    """A command given paths or options it cannot work with (exit code 2)."""


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    metadata_files: list[Path] = field(default_factory=list)
    settling: list[str] = field(default_factory=list)  # files left for the next run: still being written


# An inbox file written to this recently may still be being copied in: a scheduled run leaves it for the
# next run (read half-copied, it was loaded as an incomplete plan and kept the plan's id).
SETTLE_SECONDS = 10.0


def settled(found: Discovery, seconds: float = SETTLE_SECONDS) -> Discovery:
    """The discovery without the files modified in the last `seconds` (named in `settling`)."""
    now, keep = time.time(), []
    for p in found.files:
        try:
            age = now - p.stat().st_mtime
        except OSError:
            age = seconds  # gone: the read reports it
        if age < seconds:
            found.settling.append(f"{p}: still being written ({age:.0f} s since its last change); left for the next run")
        else:
            keep.append(p)
    found.files = keep
    return found


def discover(paths: list[Path]) -> Discovery:
    """Files under the given paths (folders walked, hidden names and plans.csv/README skipped),
    in a stable order; plans.csv files found on the way are listed for their metadata."""
    out = Discovery()
    for given in paths:
        given = Path(given)
        if not given.exists() and not given.is_symlink():
            raise UsageError(f"no such file or folder: {given}")
        if given.is_dir():
            _walk(given.resolve(), out)
        elif given.is_file():
            out.files.append(given.absolute())
            beside = given.absolute().parent / METADATA_FILE
            if beside.is_file() and beside not in out.metadata_files:
                out.metadata_files.append(beside)
        else:
            out.unreadable.append(Unreadable(str(given), "not a regular file (a broken link or a device)"))
    seen: set[Path] = set()
    out.files = [p for p in out.files if not (p in seen or seen.add(p))]
    return out


def _walk(root: Path, out: Discovery) -> None:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not _warehouse_part(base, d))
        for name in sorted(filenames):
            p = base / name
            if name.startswith(".") or _warehouse_part(base, name):
                continue
            if name == METADATA_FILE:
                out.metadata_files.append(p)
                continue
            if name in IGNORED_NAMES:
                continue
            if p.is_symlink():
                target = p.resolve()
                if not target.is_file():
                    out.unreadable.append(Unreadable(str(p), "a link to nothing readable"))
                    continue
                if root not in target.parents:
                    out.unreadable.append(Unreadable(str(p), f"a link out of {root} (to {target}): not followed"))
                    continue
            if not p.is_file():
                out.unreadable.append(Unreadable(str(p), "not a regular file"))
                continue
            out.files.append(p)


_COMPANIONS = (".raw", ".staging", ".lock", ".wal", ".failed-runs.jsonl")


def _warehouse_part(folder: Path, name: str) -> bool:
    """A warehouse in the folder walked, or its raw store, staging, lock or log (a folder that holds the
    warehouse as well as plans): never a plan, and reading it would store the warehouse in itself."""
    for suffix in _COMPANIONS:
        if name.endswith(suffix) and (folder / name[:-len(suffix)]).is_file():
            return _is_duckdb(folder / name[:-len(suffix)])
    return _is_duckdb(folder / name)


def _is_duckdb(path: Path) -> bool:
    """DuckDB's file header: 8 bytes of checksum, then the magic DUCK."""
    try:
        with open(path, "rb") as fh:
            return fh.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def _sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_source(path: Path, known: set[tuple[str, str]] | None = None) -> tuple[object, bytes | None]:
    """(record, bytes): a SourceFile with its bytes, a KnownFile when the warehouse already has these
    bytes under this name (`known`: (sha256, name) pairs; nothing more is read), a Quarantined note
    for a file over the size cap, or Unreadable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            src = SourceFile(str(path), path.name, _sha256_of(path), size)
            return Quarantined(src, f"file is {size / 2**20:.1f} MB; plans are far smaller (the cap is "
                                    f"{MAX_FILE_BYTES // 2**20} MB): not read"), None
        raw = path.read_bytes()
    except OSError as e:
        return Unreadable(str(path), f"cannot read: {e.strerror or e}"), None
    src = SourceFile(str(path), path.name, hashlib.sha256(raw).hexdigest(), len(raw))
    if known and (src.sha256, src.original_name) in known:
        return KnownFile(src), None
    return src, raw


def read_metadata(files: list[Path]) -> tuple[list[dict], list[str]]:
    """Rows of every plans.csv given, and the problems found (a file or row that cannot be used is
    reported and left out; the plans it would describe are loaded with inferred metadata)."""
    rows: list[dict] = []
    problems: list[str] = []
    for f in files:
        try:
            text = Path(f).read_bytes().decode("utf-8-sig")
            reader = csv.DictReader(io.StringIO(text, newline=""))
            header = reader.fieldnames or []
            missing = [c for c in METADATA_REQUIRED if c not in header]
            if missing or not ({"source_sha256", "source_file"} & set(header)):
                problems.append(f"{f}: not a plans.csv (missing columns {', '.join(missing) or 'source_sha256/source_file'}); ignored")
                continue
            for n, row in enumerate(reader, 2):
                bad = _row_problem(row)
                if bad:
                    problems.append(f"{f} line {n}: {bad}; row ignored")
                    continue
                rows.append(row)
                # A name that is not beside the plans.csv is most often a typo: the file it meant
                # would load with inferred metadata. Kept, since it may describe a file given elsewhere.
                name = (row.get("source_file") or "").strip()
                if name and not (Path(f).parent / name).exists():
                    problems.append(f"{f} line {n}: source_file {name} is not in {Path(f).parent}; the row "
                                    "applies only to a file of that name (or sha256) ingested from elsewhere")
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            problems.append(f"{f}: cannot be read as a UTF-8 CSV ({e}); ignored")
    return rows, problems


def _row_problem(row: dict) -> str | None:
    if None in row or any(v is None for v in row.values()):
        return "wrong number of fields"
    if not (row.get("plan_id") or "").strip():
        return "no plan_id"
    if row.get("subject") not in ("children", "women"):
        return f"subject {row.get('subject')!r} is not children or women"
    if not (row.get("plan_index") or "").strip().isdigit():
        return f"plan_index {row.get('plan_index')!r} is not a number"
    for key in ("period_start", "period_end"):
        v = (row.get(key) or "").strip()
        if v and not (v.isdigit() and 1900 < int(v) < 2200):
            return f"{key} {v!r} is not a year"
    if not (row.get("jurisdiction") or "").strip():
        return "no jurisdiction"
    date = (row.get("issue_date") or "").strip()
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            return f"issue_date {date!r} is not a date (YYYY-MM-DD)"
    return None


# ------------------------------------------------------------------------------------ web sources

USER_AGENT = "PlanAtlas/0.4 (research tool reading published development plans; polite: conditional requests)"
FETCH_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
FETCH_ATTEMPTS = 3
_SUFFIX_OF = {"text/html": ".html", "application/pdf": ".pdf", "text/plain": ".txt",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
              "application/msword": ".doc"}


@dataclass(frozen=True)
class Fetched:
    """What one URL gave: a record for the run (SourceFile / KnownFile / Unreadable, or None when the
    server said 304 Not Modified), its bytes, and the row to keep in `sources` for next time."""
    url: str
    record: object
    raw: bytes | None
    state: dict
    not_modified: bool = False


def read_source_list(path: Path) -> list[str]:
    """URLs, one per line; blank lines and # comments ignored."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"cannot read the sources file {path}: {e}") from e
    urls = [ln.split("#", 1)[0].strip() for ln in lines]
    bad = [u for u in urls if u and not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise UsageError(f"{path}: not http(s) URLs: {', '.join(bad[:5])}")
    return [u for u in urls if u]


def _file_name(url: str, response: httpx.Response) -> str:
    cd = response.headers.get("content-disposition", "")
    m = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", cd, re.I)
    name = urllib.parse.unquote(m.group(1)) if m else urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
    name = re.sub(r"[/\\\x00-\x1f]", "_", name).strip(". ") or "index"
    if "." not in name:
        ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
        name += _SUFFIX_OF.get(ctype, "")
    return name


def fetch_url(client: httpx.Client, url: str, previous: dict | None, known: set[tuple[str, str]]) -> Fetched:
    """GET with If-None-Match / If-Modified-Since from the last visit; retried on timeouts and 5xx."""
    previous = previous or {}
    headers = {}
    if previous.get("etag"):
        headers["If-None-Match"] = previous["etag"]
    if previous.get("last_modified"):
        headers["If-Modified-Since"] = previous["last_modified"]
    now = dt.datetime.now()
    state = {"url": url, "etag": previous.get("etag"), "last_modified": previous.get("last_modified"),
             "last_sha256": previous.get("last_sha256"), "last_status": None, "last_checked_at": now,
             "last_changed_at": previous.get("last_changed_at")}
    error = None
    for attempt in range(FETCH_ATTEMPTS):
        try:
            with client.stream("GET", url, headers=headers) as r:
                state["last_status"] = r.status_code
                if r.status_code == 304:
                    return Fetched(url, None, None, state, not_modified=True)
                if r.status_code >= 500:
                    error = f"HTTP {r.status_code}"
                    time.sleep(2 ** attempt)
                    continue
                if r.status_code != 200:
                    return Fetched(url, Unreadable(url, f"HTTP {r.status_code} {r.reason_phrase}"), None, state)
                raw = bytearray()
                for chunk in r.iter_bytes():
                    raw += chunk
                    if len(raw) > MAX_FILE_BYTES:
                        return Fetched(url, Unreadable(url, f"larger than {MAX_FILE_BYTES // 2**20} MB: not read"),
                                       None, state)
                name = _file_name(url, r)
                state.update(etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"))
        except httpx.HTTPError as e:
            error = f"{type(e).__name__}: {e}"
            time.sleep(2 ** attempt)
            continue
        raw = bytes(raw)
        src = SourceFile(url, name, hashlib.sha256(raw).hexdigest(), len(raw))
        if src.sha256 != state["last_sha256"]:
            state.update(last_sha256=src.sha256, last_changed_at=now)
        if (src.sha256, src.original_name) in known:
            return Fetched(url, KnownFile(src), None, state)
        return Fetched(url, src, raw, state)
    return Fetched(url, Unreadable(url, f"cannot fetch after {FETCH_ATTEMPTS} attempts: {error}"), None, state)


def web_client() -> httpx.Client:
    return httpx.Client(timeout=FETCH_TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT},
                        transport=httpx.HTTPTransport(retries=2))
