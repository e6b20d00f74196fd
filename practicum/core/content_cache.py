"""Work that depends only on files (an exam's built data, its reference run), kept by the digest of
those files: the same content is never built or run twice, and changed content always is. The cache
lives in the data dir (Settings.cache_dir), root-only like the pinned exams it copies."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

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


def keep(src: Path, cached: Path) -> None:
    """Copies the folder `src` to `cached` atomically: two sittings building at once keep one copy."""
    cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=cached.parent))
    shutil.copytree(src, stage, symlinks=True, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*SKIP_PARTS))
    try:
        stage.rename(cached)
    except OSError:  # the other one won
        shutil.rmtree(stage, ignore_errors=True)
