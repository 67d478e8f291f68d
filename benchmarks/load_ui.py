"""A bounded load test of the web page while runs publish new warehouses.

    .venv/bin/python benchmarks/load_ui.py [--seconds 20] [--clients 8] [--publishes 1] [--db PATH] [--cache 0]

Copies the warehouse (--db, else one built from corpus/) to a temporary folder, starts `planatlas ui`
on it, and for --seconds keeps --clients concurrent keep-alive clients searching on loopback (a fixed
list of words and draft sentences, some with filters). Meanwhile `planatlas ingest --no-prefect`
publishes new warehouses one after the other (each a new county's plan, written like
tests/plan_texts.py's; a run replaces the file with os.replace). After --seconds no new run is
started, and the clients go on until the run under way (and at least --publishes runs) has published
and 3 s more, so that every publication falls inside the load. Reports throughput, latency percentiles and errors (any answer but 200, or a
failed connection: there must be none), when the server switched to each new warehouse (from
/healthz, polled), and checks that the last published plan is found by the page.
"""
from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.plan_texts import plan_text  # noqa: E402
from tests.web.server import UiServer  # noqa: E402

QUERIES = [{"q": "婴儿死亡率"}, {"q": "校园欺凌"}, {"q": "留守儿童"}, {"q": "托位", "domain": "health"},
           {"q": "近视率", "per_plan": "1"}, {"q": "家庭暴力", "kind": "measure"}, {"q": "儿童之家"},
           {"q": "到2030年，婴儿死亡率降至4.5‰以下"}, {"q": "父母外出打工的孩子没人照看"}, {"q": "心理健康", "per_plan": "5"},
           {"q": "健康素养"}, {"q": "出生缺陷"}, {"q": "孤儿", "kind": "goal"}, {"q": "法律援助"}]
NEW_PLACES = ["德惠市", "农安县", "九台区", "双阳区", "公主岭市", "梨树县", "伊通县", "东丰县", "东辽县", "辉南县"]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    f = int(k)
    return xs[f] if f + 1 >= len(xs) else xs[f] + (xs[f + 1] - xs[f]) * (k - f)


def client_loop(base: str, stop: threading.Event, offset: int, lat: list, errors: list) -> None:
    urls = ["/?" + urlencode(q) for q in QUERIES]
    with httpx.Client(base_url=base, timeout=30) as c:
        for u in itertools.islice(itertools.cycle(urls), offset, None):
            if stop.is_set():
                return
            t0 = time.perf_counter()
            try:
                r = c.get(u)
                ok = r.status_code == 200
                if not ok:
                    errors.append(f"{u}: HTTP {r.status_code}")
            except httpx.HTTPError as e:
                errors.append(f"{u}: {type(e).__name__} {e}")
                ok = False
            if ok:
                lat.append((time.perf_counter() - t0) * 1000)


def monitor(base: str, stop: threading.Event, t0: float, switches: list) -> None:
    """When the server starts answering from a new warehouse file (its generation number)."""
    last = None
    with httpx.Client(base_url=base, timeout=30) as c:
        while not stop.is_set():
            try:
                gen = c.get("/healthz").text.split()[1]
            except httpx.HTTPError:
                gen = None
            if gen != last and gen is not None:
                switches.append((time.perf_counter() - t0, gen))
                last = gen
            time.sleep(0.25)


def publisher(db: Path, folder: Path, until: float, at_least: int, log: list, done: list) -> None:
    """Ingest new plans one after the other; none is started after `until` once `at_least` are in."""
    planatlas = Path(sys.executable).with_name("planatlas")
    for place in NEW_PLACES:
        if time.perf_counter() >= until and len(done) >= at_least:
            return
        f = folder / f"{place}.txt"
        f.write_text(plan_text(place, imr=f"{4 + len(log) * 0.1:.1f}"), encoding="utf-8")
        t0 = time.perf_counter()
        r = subprocess.run([str(planatlas), "ingest", "--no-prefect", "--db", str(db), str(f)],
                           capture_output=True, text=True)
        log.append((place, r.returncode, time.perf_counter() - t0, r.stdout.strip().splitlines()[-1:]))
        done.append(time.perf_counter())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--publishes", type=int, default=1, help="keep the load on until this many are published")
    ap.add_argument("--db", type=Path, help="a warehouse to copy (default: build one from corpus/)")
    ap.add_argument("--cache", type=int, default=0, help="the server's page cache (0: off)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "planatlas.duckdb"
        if args.db:
            shutil.copy(args.db, db)
        else:
            from pipeline.steps import build_plain
            build_plain(ROOT / "corpus", db)
        with UiServer(db, cache=args.cache) as server:
            lat: list[float] = []
            errors: list[str] = []
            published: list = []
            done: list[float] = []
            switches: list = []
            stop = threading.Event()
            t0 = time.perf_counter()
            clients = [threading.Thread(target=client_loop, args=(server.url, stop, i, lat, errors))
                       for i in range(args.clients)]
            clients.append(threading.Thread(target=monitor, args=(server.url, stop, t0, switches)))
            pub = threading.Thread(target=publisher, args=(db, tmp, t0 + args.seconds, args.publishes, published, done))
            for t in clients:
                t.start()
            pub.start()
            while True:  # until the publisher is done (--seconds and --publishes), and 3 s more
                now = time.perf_counter()
                if not pub.is_alive() and now - t0 >= args.seconds and (not done or now - done[-1] >= 3):
                    break
                time.sleep(0.1)
            stop.set()
            for t in clients:
                t.join()
            elapsed = time.perf_counter() - t0
            pub.join()
            health = httpx.get(server.url + "/healthz").text
            last = [p for p, rc, _, _ in published if rc == 0]
            found = None
            if last:
                r = httpx.get(server.url + "/?" + urlencode({"q": "婴儿死亡率", "jurisdiction": last[-1]}))
                found = r.status_code == 200 and "data-plan=" in r.text
        n = len(lat)
        print(f"{args.clients} clients for {elapsed:.1f} s (at least {args.seconds:.0f} s), cache {args.cache}: "
              f"{n} searches answered, {n / elapsed:.1f} per second")
        if lat:
            print(f"latency: median {statistics.median(lat):.1f} ms, p95 {percentile(lat, 0.95):.1f} ms, "
                  f"p99 {percentile(lat, 0.99):.1f} ms, max {max(lat):.1f} ms")
        print(f"errors: {len(errors)}" + ("".join(f"\n  {e}" for e in errors[:10])))
        for place, rc, secs, line in published:
            print(f"published {place}: exit {rc} in {secs:.1f} s  {' '.join(line)}")
        print("server answered from: " + ", ".join(f"{g} from {t:.1f} s" for t, g in switches))
        print(f"server at the end: {health}; last published plan found by the page: {found}")
        if errors or found is False:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
