"""Submit latency under a burst: 200 candidates press Submit within 10 s, through the real proxy,
hub login and exam service, with SQLite and with PostgreSQL.

Baseline, in the same run and hub: one Submit at a time on an idle hub. Each Submit snapshots
the released demo exam plus --extra-kb of the candidate's own files, syncs, reads back, commits.

    .venv/bin/python benchmarks/submit_burst.py [--candidates 200] [--seconds 10] [--db sqlite postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hubtest import RunningHub, User  # noqa: E402
from results_file import save  # noqa: E402
from submissions import edit_work, started_sitting  # noqa: E402


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def submit_once(user: User) -> tuple[float, int]:
    t0 = time.monotonic()
    r = user.post("api/submit", json={"key": uuid.uuid4().hex})
    return time.monotonic() - t0, r.status_code


def run(db: str, n: int, seconds: float, extra_kb: int, root: Path) -> dict:
    args, pg = [], None
    if db == "postgresql":
        from postgres import TempPostgres

        pg = TempPostgres()
        args = ["--db-url", pg.create_database("burst")]
    hub = RunningHub(root / db, args)
    try:
        ids = [f"sb{i:03d}" for i in range(n)]
        started_sitting(hub.settings, "BURST", ids)
        payload = os.urandom(extra_kb * 1024).hex()[: extra_kb * 1024]
        for cid in ids:
            edit_work(hub.settings, "BURST", cid, payload)
        with ThreadPoolExecutor(8) as pool:
            users = list(pool.map(lambda c: User(hub, c, "pw-" + c), ids))
        for u in users:
            u._service_xsrf()
        idle = [submit_once(users[i])[0] for i in range(10)]
        results: list[tuple[float, int]] = []
        lock = threading.Lock()
        t_start = time.monotonic() + 0.5

        def fire(i: int, user: User) -> None:
            time.sleep(max(0.0, t_start + i * seconds / n - time.monotonic()))
            out = submit_once(user)
            with lock:
                results.append(out)

        threads = [threading.Thread(target=fire, args=(i, u)) for i, u in enumerate(users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        lat = [s for s, code in results if code == 200]
        return {
            "database": db, "candidates": n, "spread_seconds": seconds, "extra_kb": extra_kb,
            "ok": len(lat), "failed": sum(1 for _s, code in results if code != 200),
            "idle_p50_s": round(statistics.median(idle), 3),
            "burst_p50_s": round(statistics.median(lat), 3), "burst_p95_s": round(p95(lat), 3),
            "burst_max_s": round(max(lat), 3),
            "p95_over_idle": round(p95(lat) / statistics.median(idle), 1),
        }
    finally:
        hub.stop()
        if pg is not None:
            pg.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--candidates", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--extra-kb", type=int, default=64)
    ap.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="practicum-bench-burst-"))
    os.chmod(root, 0o711)
    rows = []
    try:
        for db in args.db:
            row = run(db, args.candidates, args.seconds, args.extra_kb, root)
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    save("submit_burst", rows)


if __name__ == "__main__":
    main()
