"""Deadline collection lag: N candidates' clocks run out at the same instant; how late is the last
collection, and the last lab stop?

Simulated candidates: real sittings, workspaces, snapshots and database commits (the exam
service's own DeadlineWatcher and collector), with the hub's lab stop replaced by a wait of
waits as seen with 30 real labs (one stop in 30 took 5 s, --stop-seconds; the others
--typical-stop), since 300 real labs do not fit on this machine. Each workspace holds the released demo exam plus --extra-mb of data.

Baseline, in the same run: the watcher as it was before (one candidate at a time, each lab stop
awaited before the next collection), on the same candidates' copies.

    .venv/bin/python benchmarks/deadline_collection.py [--candidates 30 100 300] [--db-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from results_file import save  # noqa: E402
from submissions import make_settings, started_sitting  # noqa: E402

from practicum.db import store  # noqa: E402
from practicum.db.models import Candidate, utcnow  # noqa: E402
from practicum.sittings import collector
from practicum.sittings.deadline_watcher import DeadlineWatcher  # noqa: E402
from practicum.sittings.sitting_files import SittingFiles  # noqa: E402


class SlowHub:
    """Lab stops as seen with 30 real labs: most take --typical-stop, one in 30 --stop-seconds."""

    def __init__(self, slow: float, typical: float) -> None:
        self.slow, self.typical, self.count = slow, typical, 0

    async def stop(self, name: str) -> bool:
        self.count += 1
        await asyncio.sleep(self.slow if self.count % 30 == 1 else self.typical)
        return True


class App:
    def __init__(self, settings, slow: float, typical: float) -> None:
        self.settings = settings
        self.store = store.Store(settings.database_url)
        self.hub = SlowHub(slow, typical)
        self._locks: dict[str, asyncio.Lock] = {}

    def lock(self, name: str) -> asyncio.Lock:
        return self._locks.setdefault(name, asyncio.Lock())


async def serial_tick(app: App) -> None:
    """The watcher before the fix: collect one, await its lab's stop, then the next."""
    now = utcnow()
    with app.store.session() as db:
        due = [(c.id, c.candidate_id) for c in store.open_attempts(db) if c.closed_at is None and store.is_over(c, now)]
    for pk, name in due:
        await asyncio.to_thread(collector.close, app.settings, app.store, pk)
        await app.hub.stop(name)
        with app.store.session() as db:
            db.get(Candidate, pk).server_stopped = True


def make_candidates(settings, code: str, n: int, extra_mb: int) -> tuple[dict[str, int], float]:
    """n started candidates whose clocks all run out 3 s after this returns; returns their pks
    and the deadline (epoch seconds)."""
    ids = [f"{code.lower()}-{i:03d}" for i in range(n)]
    pks = started_sitting(settings, code, ids, duration_s=3600)
    files = SittingFiles(settings, code)
    blob = os.urandom(extra_mb * 1024 * 1024)
    for cid in ids:
        (files.workspace(cid) / "data.bin").write_bytes(blob)
    st = store.Store(settings.database_url)
    deadline = utcnow() + timedelta(seconds=3)
    with st.session() as db:
        for pk in pks.values():
            cand = db.get(Candidate, pk)
            cand.started_at = deadline - timedelta(seconds=cand.sitting.duration_s)
    return pks, deadline.timestamp()


async def measure(app: App, pks: dict[str, int], deadline: float, serial: bool) -> dict:
    await asyncio.sleep(max(0.0, deadline - time.time()))
    watcher = DeadlineWatcher(app)
    t0 = time.time()
    if serial:
        await serial_tick(app)
        stops_done = time.time()
    else:
        await watcher.tick()
        await asyncio.gather(*list(watcher.stopping.values()))
        stops_done = time.time()
    with app.store.session() as db:
        closed = [db.get(Candidate, pk).closed_at.timestamp() for pk in pks.values()]
    return {"last_collection_lag_s": round(max(closed) - deadline, 2),
            "median_collection_lag_s": round(sorted(closed)[len(closed) // 2] - deadline, 2),
            "last_lab_stop_lag_s": round(stops_done - deadline, 2),
            "tick_started_late_s": round(t0 - deadline, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--candidates", type=int, nargs="+", default=[30, 100, 300])
    ap.add_argument("--stop-seconds", type=float, default=5.0, help="the slow stop (one in 30)")
    ap.add_argument("--typical-stop", type=float, default=0.2, help="every other stop")
    ap.add_argument("--extra-mb", type=int, default=2)
    ap.add_argument("--db-url", default="")
    ap.add_argument("--baseline-max", type=int, default=300,
                    help="run the serial baseline only up to this many candidates (it takes N x stop time)")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="practicum-bench-deadline-"))
    os.chmod(root, 0o711)
    results = []
    try:
        settings = make_settings(root / "data", args.db_url)
        for n in args.candidates:
            row = {"candidates": n, "stop_seconds": args.stop_seconds, "extra_mb": args.extra_mb}
            for label, serial in (("parallel", False), ("serial_before", True)):
                if serial and n > args.baseline_max:
                    row[label] = None
                    continue
                code = f"DL{n}{'s' if serial else 'p'}"
                pks, deadline = make_candidates(settings, code, n, args.extra_mb)
                row[label] = asyncio.run(measure(App(settings, args.stop_seconds, args.typical_stop), pks, deadline, serial))
            if row["serial_before"]:
                row["speedup_last_collection"] = round(
                    row["serial_before"]["last_collection_lag_s"] / max(row["parallel"]["last_collection_lag_s"], 1e-3), 1)
            results.append(row)
            print(json.dumps(row), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    save("deadline_collection", results)
    print("\n candidates | last collection (s after deadline) | median | last lab stop | serial before: last collection")
    for r in results:
        p, s = r["parallel"], r["serial_before"]
        print(f" {r['candidates']:>10} | {p['last_collection_lag_s']:>33} | {p['median_collection_lag_s']:>6} | "
              f"{p['last_lab_stop_lag_s']:>13} | {s['last_collection_lag_s'] if s else '-'}")


if __name__ == "__main__":
    main()
