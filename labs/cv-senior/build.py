"""Builds the senior computer vision exam's data, deterministically, on the pinned copy of the exam
(argument: its folder); run by `practicum sitting create` / `practicum check` with the lab
environment's Python and PYTHONPATH = the project.

    source/cv/data/shapes/{train,val}/   public: offline_data's shapes set
    source/cv/data/site_samples/         public: 150 labelled validation crops as the site camera sees them
    source/cv/logs/                      public: the service's prediction logs (reference week, days 01-07)
    hidden/data/shapes/, hidden/labels/shapes/   the hidden split (scenes, single shapes) and its answers
    hidden/data/site/single_images.npy   the 600 hidden single shapes through the site camera
    hidden/labels/site/single_labels.npy their classes
    hidden/data/logs/                    hidden days of the same service (part E)

The site camera: dimmer light and lower contrast, a blue cast, slight defocus, more sensor noise.
"""

import json
import sys
from pathlib import Path

import numpy as np
from scipy import ndimage

import offline_data

SEED = 34066
CLASSES = ["circle", "square", "triangle"]


def site_camera(images: np.ndarray, seed: int) -> np.ndarray:
    rng = np.random.default_rng([SEED, seed])
    x = ndimage.uniform_filter(images.astype(np.float32), size=(1, 3, 3, 1))       # slight defocus
    x = x * 0.45 * np.array([0.9, 1.0, 1.2], np.float32) + 20                      # dim, flat, blue
    x = x + rng.normal(0, 10, x.shape)                                              # sensor noise
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)


# (records, class mix, confidence Beta(a, b), median latency ms, bad lines) per day
REFERENCE = (2000, (0.34, 0.33, 0.33), (12.0, 1.2), 12.0, 0)
PUBLIC_DAYS = {
    "day-01": (600, (0.35, 0.33, 0.32), (12.0, 1.2), 12.0, 0),
    "day-02": (640, (0.33, 0.34, 0.33), (12.0, 1.2), 13.0, 2),
    "day-03": (580, (0.34, 0.31, 0.35), (11.5, 1.2), 12.0, 0),
    "day-04": (610, (0.15, 0.20, 0.65), (12.0, 1.2), 12.0, 0),    # the product mix changed
    "day-05": (590, (0.34, 0.33, 0.33), (8.0, 1.3), 12.0, 1),     # the light is ageing
    "day-06": (620, (0.33, 0.34, 0.33), (4.0, 1.5), 12.0, 0),     # the light failed
    "day-07": (600, (0.34, 0.33, 0.33), (12.0, 1.2), 45.0, 0),    # a slow disk on the edge box
}
HIDDEN_DAYS = {
    "day-11": (620, (0.33, 0.34, 0.33), (12.0, 1.2), 12.0, 0),
    "day-12": (600, (0.50, 0.10, 0.40), (12.0, 1.2), 12.0, 0),
    "day-13": (590, (0.34, 0.33, 0.33), (5.0, 1.4), 14.0, 3),
    "day-14": (610, (0.34, 0.33, 0.33), (12.0, 1.2), 60.0, 0),
    "day-15": (45, (0.30, 0.40, 0.30), (10.0, 1.2), 12.0, 0),
    "day-16": (600, (0.15, 0.15, 0.70), (6.0, 1.4), 30.0, 40),
}
BAD_LINES = ['{"ts": "2026-10-01T12:00:00", "camera": "line2", "pred": "circ', "garbage",
             '{"ts": "2026-10-01T12:00:01", "camera": "line1", "pred": "hexagon", "conf": 0.9, "latency_ms": 10.0}',
             '{"ts": "2026-10-01T12:00:02", "camera": "line3", "pred": "square", "conf": 1.7, "latency_ms": 10.0}',
             '{"ts": "2026-10-01T12:00:03", "camera": "line3", "pred": "square", "latency_ms": 11.0}', "[1, 2, 3]"]


def day_log(name: str, spec, day: int) -> str:
    n, mix, (a, b), latency, bad = spec
    rng = np.random.default_rng([SEED, day])
    lines = []
    for i in range(n):
        second = int(i * 28800 / max(n, 1))
        conf = np.floor(rng.beta(a, b) * 10000) / 10000 + 0.00005   # never on a 0.1 bin edge
        lines.append(json.dumps({
            "ts": f"2026-10-{day:02d}T{8 + second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}",
            "camera": f"line{int(rng.integers(1, 4))}", "pred": CLASSES[int(rng.choice(3, p=mix))],
            "conf": round(float(conf), 5), "latency_ms": round(float(rng.lognormal(np.log(latency), 0.25)), 2)}))
    for k in range(bad):
        lines.insert(int(rng.integers(0, len(lines) + 1)), BAD_LINES[k % len(BAD_LINES)])
        if k % 7 == 3:
            lines.insert(int(rng.integers(0, len(lines) + 1)), "")
    return "\n".join(lines) + "\n"


def main(root: Path) -> None:
    offline_data.publish("shapes", root, "cv")
    public = root / "source" / "cv"
    val = public / "data" / "shapes" / "val"
    samples = public / "data" / "site_samples"
    samples.mkdir(parents=True, exist_ok=True)
    np.save(samples / "images.npy", site_camera(np.load(val / "single_images.npy")[:150], 1))
    np.save(samples / "labels.npy", np.load(val / "single_labels.npy")[:150])
    hidden, labels = root / "hidden" / "data", root / "hidden" / "labels"
    (hidden / "site").mkdir(parents=True, exist_ok=True)
    (labels / "site").mkdir(parents=True, exist_ok=True)
    np.save(hidden / "site" / "single_images.npy", site_camera(np.load(hidden / "shapes" / "single_images.npy"), 2))
    np.save(labels / "site" / "single_labels.npy", np.load(labels / "shapes" / "single_labels.npy"))
    logs, hidden_logs = public / "logs", hidden / "logs"
    logs.mkdir(exist_ok=True)
    hidden_logs.mkdir(exist_ok=True)
    (logs / "reference.jsonl").write_text(day_log("reference", REFERENCE, 1))
    for k, (name, spec) in enumerate(PUBLIC_DAYS.items()):
        (logs / f"{name}.jsonl").write_text(day_log(name, spec, 2 + k))
    for k, (name, spec) in enumerate(HIDDEN_DAYS.items()):
        (hidden_logs / f"{name}.jsonl").write_text(day_log(name, spec, 11 + k))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
