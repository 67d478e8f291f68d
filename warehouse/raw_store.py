"""The raw bytes of every file the warehouse has seen, content-addressed beside it.

`data/planatlas.duckdb` keeps its files in `data/planatlas.duckdb.raw/ab/abcdef…` (the sha256 of the
bytes), so a later extractor can re-read them (`planatlas rebuild`) and the same bytes are stored
once however often they arrive. Writes go to a temporary file that is fsynced and renamed, so a
killed run leaves either the whole file or none (and a stray .tmp that the next write replaces).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from warehouse.errors import WarehouseError


def store_dir(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".raw")


class RawStore:
    def __init__(self, db_path: Path):
        self.root = store_dir(db_path)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise WarehouseError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def holds(self, sha256: str, size: int) -> bool:
        """Is a copy of this size there? (A cheap check: a lost or truncated copy is found by it; rebuild
        checks the digest of every copy it reads.)"""
        try:
            return self.path(sha256).stat().st_size == size
        except FileNotFoundError:
            return False

    def put(self, sha256: str, raw: bytes, replace: bool = False) -> Path:
        """Store the bytes (a no-op when they are there, unless `replace`: a lost or damaged copy restored);
        their digest must be `sha256`."""
        target = self.path(sha256)
        if target.is_file() and not replace:
            return target
        if hashlib.sha256(raw).hexdigest() != sha256:
            raise WarehouseError(f"bytes do not match their sha256 {sha256[:12]}")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as e:
            raise WarehouseError(f"cannot store the raw bytes in {self.root}: {e.strerror or e}; nothing was "
                                 "published (the warehouse is unchanged)") from e
        return target

    def remove_stale_temporaries(self) -> int:
        """Half-written copies (`<sha>.<pid>.tmp`) of runs that were killed or ran out of disk; a live
        run's are left alone. Returns how many were removed."""
        n = 0
        for tmp in self.root.glob("??/*.tmp") if self.root.is_dir() else ():
            try:
                pid = int(tmp.name.rsplit(".", 2)[1])
                os.kill(pid, 0)
                continue  # its run is still going
            except (ValueError, IndexError, ProcessLookupError):
                pass
            except PermissionError:
                continue
            tmp.unlink(missing_ok=True)
            n += 1
        return n

    def get(self, sha256: str, name: str | None = None) -> bytes:
        """The stored bytes, checked against their digest (`name`: the file's, for the message)."""
        p = self.path(sha256)
        what = f"{name} ({sha256[:12]}…)" if name else f"{sha256[:12]}…"
        again = f": ingest {name} again (the file as it was) to restore it" if name else ""
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raise WarehouseError(f"the raw store {self.root} has no copy of {what}{again}") from None
        if hashlib.sha256(raw).hexdigest() != sha256:
            raise WarehouseError(f"the raw store's copy of {what} is damaged{again}")
        return raw


def restore(store: RawStore, sha256: str, size: int, path: Path) -> bool:
    """A file the warehouse has seen, met again: put its bytes back when the store lost its copy or
    holds a damaged one. Returns whether it did."""
    if store.holds(sha256, size):
        return False
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return False  # the file went away: nothing to restore from
    if hashlib.sha256(raw).hexdigest() != sha256:
        return False  # it changed since it was hashed: a new file, read as such next time
    store.put(sha256, raw, replace=True)
    return True
