"""The published warehouse, read-only, reopened when a run publishes a new file.

Runs publish with os.replace: the path then names a new file (a new inode) while an open
connection keeps reading the old one. Each session compares the path's inode, mtime and size with
those of the file it has open and, when they differ, opens the new file for the sessions that
follow; sessions under way finish on the old one, which is closed after the last of them.

A file is opened by attaching it READ_ONLY to a fresh in-memory DuckDB instance rather than with
duckdb.connect(path): DuckDB caches one instance per path in a process, so connect(path) would
hand back the instance of the replaced file while it is still open. Then external access is
switched off (no file, URL or extension reads from SQL) and the configuration locked.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from warehouse.db import require_current_schema
from warehouse.errors import WarehouseError

log = logging.getLogger("planatlas.web")
REQUIRED_TABLES = {"plans", "provisions", "targets", "documents", "search_terms", "provision_links", "indicators"}
RETRY_SECONDS = 1.0  # a new file that cannot be opened is retried at most this often


@dataclass(frozen=True)
class Stamp:
    inode: int
    device: int
    mtime_ns: int
    size: int


def stamp_of(path: Path) -> Stamp:
    st = os.stat(path)
    return Stamp(st.st_ino, st.st_dev, st.st_mtime_ns, st.st_size)


class Generation:
    """One opened warehouse file, shared by the sessions that started while it was current."""

    def __init__(self, number: int, path: Path, stamp: Stamp, cache_size: int):
        self.number = number
        self.stamp = stamp
        self.con = _open(path)
        self.users = 0
        self.retired = False
        self.cache = LRU(cache_size)
        self.memo: dict[str, object] = {}  # per-file constants: filter options, plan labels, targets
        self.memo_lock = threading.Lock()
        self.key_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:  # pragma: no cover - closing a closed connection
            pass


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    try:
        literal = "'" + str(path).replace("'", "''") + "'"  # the operator's --db, never request input
        con.execute(f"ATTACH {literal} AS wh (READ_ONLY)")
        con.execute("USE wh")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'wh'").fetchall()}
    except duckdb.Error as e:
        con.close()
        raise WarehouseError(f"cannot open {path} as a warehouse: {e}") from None
    missing = REQUIRED_TABLES - tables
    if missing:
        con.close()
        raise WarehouseError(f"{path} is not a current PlanAtlas warehouse (no {', '.join(sorted(missing))}): "
                             "rebuild it with `planatlas build`")
    try:
        require_current_schema(con, path)
    except WarehouseError:
        con.close()
        raise
    return con


class LRU:
    """A small thread-safe least-recently-used cache (size 0: off)."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key not in self._data:
                return None
            self._data.move_to_end(key)
            return self._data[key]

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


@dataclass
class Session:
    con: duckdb.DuckDBPyConnection
    generation: Generation = field(repr=False)

    def memo(self, key: str, make):
        """A value computed once per warehouse file (by the first session that needs it; the others wait)."""
        g = self.generation
        if key in g.memo:
            return g.memo[key]
        with g.memo_lock:
            lock = g.key_locks.setdefault(key, threading.Lock())
        with lock:
            if key not in g.memo:
                g.memo[key] = make(self.con)
        return g.memo[key]


class Warehouse:
    """The warehouse at `path`; `warm(session)` fills a newly opened file's memos (in the background
    when a new file replaces the one open, so that no request waits for it alone)."""

    def __init__(self, path: Path | str, cache_size: int = 256, warm: Callable[[Session], None] | None = None):
        self.path = Path(path)
        self.cache_size = cache_size
        self.warm = warm
        self._lock = threading.Lock()
        self._current: Generation | None = None
        self._count = 0
        self._failed: tuple[Stamp, float] | None = None
        self._refresh()
        if self._current is None:
            raise WarehouseError(f"no warehouse at {self.path}: run `planatlas build --db {self.path}` first")
        self._warm(self._current)

    @property
    def generation(self) -> int:
        return self._current.number if self._current else 0

    def _refresh(self) -> Generation | None:
        """The generation for a new session: the current one, or the file now at the path."""
        try:
            stamp = stamp_of(self.path)
        except OSError:
            stamp = None  # gone for a moment or unreadable: keep serving what is open
        with self._lock:
            cur = self._current
            if stamp is None or (cur is not None and cur.stamp == stamp):
                return cur
            if self._failed and self._failed[0] == stamp and time.monotonic() - self._failed[1] < RETRY_SECONDS:
                return cur
            try:
                new = Generation(self._count + 1, self.path, stamp, self.cache_size)
            except WarehouseError as e:
                self._failed = (stamp, time.monotonic())
                log.warning("keeping the warehouse already open: %s", e)
                return cur
            self._count += 1
            self._current = new
            self._failed = None
            if cur is not None:
                log.info("opened the newly published warehouse %s (generation %d)", self.path, new.number)
                cur.retired = True
                if cur.users == 0:
                    cur.close()
                threading.Thread(target=self._warm, args=(new,), daemon=True).start()
            return new

    def _warm(self, gen: Generation) -> None:
        if self.warm is None:
            return
        with self._lock:
            if gen.retired:
                return
            gen.users += 1
        try:
            with self._cursor(gen) as s:
                self.warm(s)
        except Exception:  # a request will compute it again and show the error its own way
            log.exception("warming the warehouse failed")
        finally:
            self._release(gen)

    def _acquire(self) -> Generation:
        self._refresh()
        with self._lock:  # the generation cannot be closed between choosing it and counting this user
            gen = self._current
            if gen is None:
                raise WarehouseError(f"no warehouse at {self.path}")
            gen.users += 1
            return gen

    @contextmanager
    def _cursor(self, gen: Generation) -> Iterator[Session]:
        cur = gen.con.cursor()
        try:
            cur.execute("USE wh")
            yield Session(cur, gen)
        finally:
            cur.close()

    def _release(self, gen: Generation) -> None:
        with self._lock:
            gen.users -= 1
            if gen.retired and gen.users == 0:
                gen.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        gen = self._acquire()
        try:
            with self._cursor(gen) as s:
                yield s
        finally:
            self._release(gen)

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.retired = True
                if self._current.users == 0:
                    self._current.close()
                self._current = None
