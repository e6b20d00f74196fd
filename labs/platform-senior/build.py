"""Builds the senior AI platform exam's data, deterministically (argument: the pinned exam's folder;
run with the ml environment's Python and PYTHONPATH = the project).

    source/platform/data/digits/{train,val}/  the offline digits set (clean, as the lab scanned it)
    source/platform/data/site/                100 labelled digits as the new sites' scanners deliver them
                                              (shifted by up to one pixel, fainter, with sensor noise)
    hidden/data/site/x.npy, hidden/labels/site/y.npy   the hidden site set (450, the test split seen by
                                              the sites' scanners): the model task
    hidden/data/service/requests.jsonl, x.npy  200 of them as service requests (grey levels 0..16 with
                                              two decimals) and exactly those inputs as the model sees them
    source/platform/logs/requests.jsonl       a week of one site's request log (R1); hidden/data/slo_b/
    hidden/data/canary_b.json                 canary metrics for E1's hidden cases
"""

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import offline_data

ASSIGNMENT = "platform"


def site_view(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """What a site scanner delivers: shifted by up to one pixel, 70–100 % contrast, noise σ 0.08."""
    out = np.zeros_like(x)
    for i in range(len(x)):
        dy, dx = rng.integers(-1, 2, 2)
        out[i] = np.roll(np.roll(x[i], dy, axis=1), dx, axis=2)
    out = out * rng.uniform(0.7, 1.0, (len(x), 1, 1, 1)) + rng.normal(0, 0.08, x.shape)
    return np.clip(out, 0, 1).astype(np.float32)


def request_log(path: Path, seed: int, days: int = 7) -> None:
    """A week of requests at one site, an hour-resolution load pattern, with slow spells and errors."""
    rng = np.random.default_rng([2021, seed])
    start = datetime(2026, 11, 16)
    slow_hours = set(rng.choice(days * 24, 6, replace=False).tolist())
    lines = []
    for hour in range(days * 24):
        h = hour % 24
        rate = 30 if 8 <= h <= 20 else 5
        n = int(rng.poisson(rate * (1.6 if hour % 24 == 10 else 1.0)))
        for s in np.sort(rng.uniform(0, 3600, n)):
            t = start + timedelta(hours=hour, seconds=float(s))
            lat = float(rng.lognormal(np.log(8.0), 0.45)) * (4.0 if hour in slow_hours else 1.0)
            status = "error" if rng.random() < (0.08 if hour in slow_hours else 0.004) else "ok"
            lines.append(json.dumps({"ts": t.strftime("%Y-%m-%d %H:%M:%S"), "latency_ms": round(lat, 2), "status": status}))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


def canary_cases(path: Path, seed: int) -> None:
    rng = np.random.default_rng([2021, seed])
    cases = []
    for i in range(12):
        old = {"requests": int(rng.integers(2000, 9000)), "errors": 0, "p95_ms": round(float(rng.uniform(8, 20)), 2),
               "accuracy": round(float(rng.uniform(0.9, 0.97)), 4)}
        old["errors"] = int(old["requests"] * rng.uniform(0.001, 0.01))
        new = {"requests": int(rng.integers(50, 1500)), "p95_ms": round(old["p95_ms"] * float(rng.uniform(0.75, 1.35)), 2),
               "accuracy": round(old["accuracy"] + float(rng.uniform(-0.015, 0.02)), 4)}
        new["errors"] = int(new["requests"] * rng.uniform(0.0, 0.013))
        cases.append({"old": old, "new": new})
    path.write_text(json.dumps(cases, indent=1) + "\n")


def main(root: Path) -> None:
    offline_data.publish("digits", root, ASSIGNMENT)
    src, hidden = root / "source" / ASSIGNMENT, root / "hidden"
    # the clean test split is not used: the hidden set is the test split as the sites see it
    test_x = np.load(hidden / "data" / "digits" / "x.npy")
    test_y = np.load(hidden / "labels" / "digits" / "y.npy")
    site_x = site_view(test_x, np.random.default_rng([2021, 1]))
    grey = np.round(site_x.reshape(len(site_x), -1) * 16, 2)
    site_x = (grey / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)  # exactly what a request carries
    for part, name, arr in (("data", "site", site_x), ("labels", "site", test_y)):
        (hidden / part / name).mkdir(parents=True, exist_ok=True)
        np.save(hidden / part / name / ("x.npy" if part == "data" else "y.npy"), arr)
    for part in ("data", "labels"):
        (hidden / part / "service").mkdir(parents=True, exist_ok=True)
    np.save(hidden / "data" / "service" / "x.npy", site_x[:200])
    np.save(hidden / "labels" / "service" / "y.npy", test_y[:200])
    with open(hidden / "data" / "service" / "requests.jsonl", "w") as f:
        for row in grey[:200]:
            f.write(json.dumps({"pixels": [float(v) for v in row]}) + "\n")

    val_x = np.load(src / "data" / "digits" / "val" / "x.npy")
    val_y = np.load(src / "data" / "digits" / "val" / "y.npy")
    (src / "data" / "site").mkdir(parents=True, exist_ok=True)
    np.save(src / "data" / "site" / "x.npy", site_view(val_x[:100], np.random.default_rng([2021, 2])))
    np.save(src / "data" / "site" / "y.npy", val_y[:100])
    request_log(src / "logs" / "requests.jsonl", 11)
    request_log(hidden / "data" / "slo_b" / "requests.jsonl", 12)
    canary_cases(src / "data" / "canary.json", 21)
    canary_cases(hidden / "data" / "canary_b.json", 22)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
