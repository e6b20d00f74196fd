"""Work that depends only on files (an exam's built data, its reference run), kept by the digest of
those files: the same content is never built or run twice, and changed content always is. The cache
lives in the data dir (Settings.cache_dir), root-only like the pinned exams it copies."""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Callable

SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def tree_digest(*roots: Path, extra: bytes = b"") -> str:
    """SHA-256 over every file under the roots (a root may be a file or missing), by relative path and
    content, in a stable order, plus `extra`."""
    digest = hashlib.sha256()
    for index, root in enumerate(roots):
        root = Path(root)
        digest.update(f"\0root {index}\0".encode())
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for f in files:
            if f.is_file() and not SKIP_PARTS.intersection(f.parts):
                rel = f.name if f == root else str(f.relative_to(root))
                digest.update(rel.encode() + b"\0" + f.read_bytes())
    digest.update(extra)
    return digest.hexdigest()


def keep(cached: Path, fill: Callable[[Path], None]) -> None:
    """Makes the folder `cached` atomically: `fill` writes a stage beside it, which is renamed into
    place, so a reader never sees a half-written copy. Makers of the same folder take turns (a lock
    file beside it): the second waits for the first and finds the folder made instead of doing the
    same minutes of work again (grading workers, the test suite's parallel workers)."""
    cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new cache folder is root-only
    with open(cached.parent / f".{cached.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cached.exists():
            return
        stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=cached.parent))
        try:
            fill(stage)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        stage.rename(cached)


def copy_tree(src: Path) -> Callable[[Path], None]:
    """A `fill` for keep: a copy of the folder `src` (links kept as links)."""
    return lambda stage: shutil.copytree(src, stage, symlinks=True, dirs_exist_ok=True,
                                         ignore=shutil.ignore_patterns(*SKIP_PARTS))
