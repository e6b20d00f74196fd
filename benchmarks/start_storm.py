"""Start storm: N candidates press Start together; how long until a kernel in each exam answers?

Runs a real `practicum up` (sandboxed labs) on free ports with a throwaway data dir, then:
  1. baseline: one candidate starts alone (same hub, same script);
  2. storm: N candidates press Start at the same moment (a thread each);
  3. idle: after the storm settles, memory per candidate (PSS and RSS of its sandbox's processes)
     beside the hub's own figures (its spawn-duration histogram and the hub, proxy and service RSS).
Prints a table and writes benchmarks/results/start_storm.json.

    .venv/bin/python benchmarks/start_storm.py [--candidates 20]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hubtest import RunningHub, User  # noqa: E402
from results_file import save  # noqa: E402

from practicum.sandbox import Cgroups  # noqa: E402


def kernel_ready_time(user: User, barrier: threading.Barrier | None) -> dict:
    """Seconds from pressing Start to a kernel in the candidate's lab answering 1 + 1."""
    if barrier is not None:
        barrier.wait()
    t0 = time.monotonic()
    r = user.post("api/start")
    if r.status_code != 200:
        return {"candidate": user.name, "error": r.text}
    user.wait_lab(timeout=300)
    t_lab = time.monotonic() - t0
    lab = user.lab()
    out = lab.run("print(1 + 1)", timeout=300)
    t_kernel = time.monotonic() - t0
    lab.close()
    return {"candidate": user.name, "lab_ready_s": t_lab, "kernel_answer_s": t_kernel, "ok": out.strip() == "2"}


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def sandbox_memory(hub: RunningHub, name: str) -> dict:
    """PSS and RSS (MB) of every process in the candidate's sandbox (its pids cgroup)."""
    base = Cgroups.base_dirs(f"practicum-{hub.port}")
    pids = Cgroups({"pids": str(base["pids"] / name)}).pids() if base else []
    pss = rss = 0
    for pid in pids:
        try:
            info = psutil.Process(pid).memory_full_info()
            pss += info.pss
            rss += info.rss
        except psutil.Error:
            continue
    return {"pss_mb": pss / 2**20, "rss_mb": rss / 2**20, "processes": len(pids)}


def hub_figures(hub: RunningHub) -> dict:
    figures = {}
    for name in ("hub", "service", "proxy"):
        try:
            figures[f"{name}_rss_mb"] = psutil.Process(hub.child_pid(name)).memory_info().rss / 2**20
        except (LookupError, psutil.Error):
            pass
    token = hub.settings.secret("service_api_token")
    text = requests.get(f"{hub.url}/hub/metrics", headers={"Authorization": f"token {token}"}, timeout=30).text
    buckets = {}
    for m in re.finditer(r'jupyterhub_server_spawn_duration_seconds_bucket\{le="([^"]+)",[^}]*status="success"\} (\S+)', text):
        buckets[m.group(1)] = float(m.group(2))
    count = re.search(r'jupyterhub_server_spawn_duration_seconds_count\{[^}]*status="success"\} (\S+)', text)
    total = re.search(r'jupyterhub_server_spawn_duration_seconds_sum\{[^}]*status="success"\} (\S+)', text)
    if count and total and float(count.group(1)):
        figures["hub_spawn_count"] = float(count.group(1))
        figures["hub_spawn_mean_s"] = float(total.group(1)) / float(count.group(1))
        figures["hub_spawn_buckets"] = buckets
    return figures


def summarize(rows: list[dict], key: str) -> dict:
    values = [r[key] for r in rows if key in r]
    return {"median": statistics.median(values), "p95": percentile(values, 0.95), "max": max(values)} if values else {}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--candidates", type=int, default=20)
    ap.add_argument("--idle-wait", type=float, default=15, help="seconds to let labs settle before measuring memory")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="practicum-bench-"))
    os.chmod(tmp, 0o711)
    hub = RunningHub(tmp / "data")
    try:
        ids = [f"s{i:03d}" for i in range(args.candidates)]
        passwords = hub.create_sitting("STORM", ids + ["solo"])
        users = {cid: User(hub, cid, passwords[cid]) for cid in ids + ["solo"]}
        for user in users.values():
            user._service_xsrf()

        print("baseline: one candidate alone…", flush=True)
        solo = kernel_ready_time(users["solo"], None)

        print(f"storm: {args.candidates} candidates press Start together…", flush=True)
        barrier = threading.Barrier(args.candidates)
        results: list[dict] = []
        lock = threading.Lock()

        def worker(cid: str) -> None:
            try:
                res = kernel_ready_time(users[cid], barrier)
            except Exception as exc:  # noqa: BLE001 - a failed candidate is a result too
                res = {"candidate": cid, "error": repr(exc)}
            with lock:
                results.append(res)

        t0 = time.monotonic()
        threads = [threading.Thread(target=worker, args=(cid,)) for cid in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - t0

        print(f"idle: waiting {args.idle_wait:.0f} s, then measuring memory…", flush=True)
        time.sleep(args.idle_wait)
        memory = {cid: sandbox_memory(hub, cid) for cid in ids}
        figures = hub_figures(hub)
    finally:
        hub.stop()

    ok = [r for r in results if r.get("ok")]
    failed = [r for r in results if not r.get("ok")]
    kernel = summarize(ok, "kernel_answer_s")
    lab_ready = summarize(ok, "lab_ready_s")
    pss = [m["pss_mb"] for m in memory.values() if m["processes"]]
    rss = [m["rss_mb"] for m in memory.values() if m["processes"]]
    report = {
        "machine": {"cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)},
        "candidates": args.candidates,
        "baseline_single_candidate": solo,
        "storm_wall_s": wall,
        "storm_kernel_answer_s": kernel,
        "storm_lab_ready_s": lab_ready,
        "storm_to_baseline_ratio_median": kernel["median"] / solo["kernel_answer_s"] if kernel else None,
        "all_working_within_60s": bool(ok) and len(ok) == args.candidates and kernel["max"] <= 60,
        "failures": failed,
        "idle_memory_per_candidate_mb": {
            "pss_median": statistics.median(pss) if pss else None, "pss_max": max(pss) if pss else None,
            "rss_median": statistics.median(rss) if rss else None, "rss_max": max(rss) if rss else None,
        },
        "hub": figures,
    }
    save("start_storm", report)

    print()
    print(f"Start storm on {report['machine']['cores']} cores, {args.candidates} candidates (sandboxed labs)")
    print(f"  baseline, one candidate alone: kernel answers after {solo['kernel_answer_s']:.1f} s")
    if kernel:
        print(f"  storm, time to a kernel answer: median {kernel['median']:.1f} s, p95 {kernel['p95']:.1f} s, "
              f"max {kernel['max']:.1f} s  (median/baseline = {report['storm_to_baseline_ratio_median']:.1f}x)")
        print(f"  storm, lab ready (before the kernel): median {lab_ready['median']:.1f} s, max {lab_ready['max']:.1f} s")
    print(f"  all {args.candidates} working within 60 s: {report['all_working_within_60s']}  (failures: {len(failed)})")
    mem = report["idle_memory_per_candidate_mb"]
    if pss:
        print(f"  idle candidate memory: PSS median {mem['pss_median']:.0f} MB, max {mem['pss_max']:.0f} MB; "
              f"RSS median {mem['rss_median']:.0f} MB")
    if "hub_spawn_mean_s" in figures:
        print(f"  the hub's own figures: spawn duration mean {figures['hub_spawn_mean_s']:.1f} s over "
              f"{figures['hub_spawn_count']:.0f} spawns; RSS hub {figures.get('hub_rss_mb', 0):.0f} MB, "
              f"service {figures.get('service_rss_mb', 0):.0f} MB, proxy {figures.get('proxy_rss_mb', 0):.0f} MB")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
