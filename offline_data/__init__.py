"""Offline data sets for the model directions (computer vision, NLP and speech): generated, never
downloaded. Each generator module is deterministic (its SEED and VERSION fix every byte) and writes
one folder with four splits:

    <set>/train/        public: candidates train on it
    <set>/val/          public: candidates validate on it
    <set>/test/         hidden inputs: mounted read-only in grading sandboxes only
    <set>/test_labels/  hidden answers: read by the trusted grader only

Built once per version into a cache (`scripts/setup` fills it: `python -m offline_data build`) and
copied into an exam by its build.py with `publish()`. The cache key includes the generator's source,
so editing a generator rebuilds its set instead of serving stale bytes.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import tempfile
from pathlib import Path

# name -> generator module (offline_data.<module>); each has VERSION, SEED and build(out: Path).
GENERATORS = {
    "digits": "digits",
    "shapes": "shapes",
    "commands_text": "text",
    "speech_commands": "speech",
}

PROJECT = Path(__file__).resolve().parent.parent
SPLITS = ("train", "val", "test", "test_labels")


def cache_root() -> Path:
    return Path(os.environ.get("PRACTICUM_DATA_CACHE") or PROJECT / ".data")


def generator(name: str):
    if name not in GENERATORS:
        raise KeyError(f"unknown data set {name!r}; known: {', '.join(sorted(GENERATORS))}")
    return importlib.import_module(f"{__name__}.{GENERATORS[name]}")


def cache_key(name: str) -> str:
    mod = generator(name)
    digest = hashlib.sha256(Path(mod.__file__).read_bytes()).hexdigest()[:12]
    return f"{name}-v{mod.VERSION}-{digest}"


def build(name: str, out: Path) -> Path:
    """Generates a set into `out` (which must not exist yet)."""
    out.mkdir(parents=True)
    generator(name).build(out)
    missing = [s for s in SPLITS if not (out / s).is_dir()]
    if missing:
        raise RuntimeError(f"generator {name} wrote no {', '.join(missing)} split")
    return out


def get(name: str) -> Path:
    """The cached folder of a set, built on a miss (atomically: concurrent builders keep one copy)."""
    root = cache_root()
    target = root / cache_key(name)
    if target.is_dir():
        return target
    root.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        build(name, stage / "set")
        for path in [stage / "set", *(stage / "set").rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        try:
            (stage / "set").rename(target)
        except OSError:
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for old in root.glob(f"{name}-v*"):  # sets made by older generator versions: never read again
        if old != target and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return target


def publish(name: str, lab_root: Path, assignment: str, *, splits: dict[str, Path] | None = None) -> None:
    """Copies a set into a (pinned) exam: train and val into the released assignment's
    data/<name>/, test inputs into hidden/data/<name>/, test answers into hidden/labels/<name>/."""
    src = get(name)
    targets = splits or {
        "train": lab_root / "source" / assignment / "data" / name / "train",
        "val": lab_root / "source" / assignment / "data" / name / "val",
        "test": lab_root / "hidden" / "data" / name,
        "test_labels": lab_root / "hidden" / "labels" / name,
    }
    for split, dest in targets.items():
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(src / split, dest)
