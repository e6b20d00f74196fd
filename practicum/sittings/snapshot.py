"""Copying a candidate's workspace into the submission archive, safely and with a receipt hash.

The workspace belongs to untrusted code and this runs as root, so the walk never follows a
symbolic link, copies only regular files (no FIFOs, devices or sockets that could hang or leak),
opens each file with O_NOFOLLOW relative to its directory's descriptor, and checks the limits
before and while copying. The receipt hash is the SHA-256 of a `sha256sum`-style manifest, so
anyone can recompute it from the files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from practicum.core.i18n import ExamError

# Tool state rather than the candidate's work: never submitted.
EXCLUDED_DIRS = frozenset(
    {".ipynb_checkpoints", "__pycache__", ".jupyter", ".local", ".cache", ".ipython",
     ".virtual_documents", ".config", ".npm", ".mozilla"}
)
MAX_DEPTH = 24
CHUNK = 1 << 20


@dataclass
class FileEntry:
    path: str
    size: int
    sha256: str
    mtime: float


@dataclass
class Snapshot:
    files: list[FileEntry]
    total_bytes: int
    sha256: str
    manifest_text: str
    flags: list[str] = field(default_factory=list)

    def manifest(self) -> list[dict]:
        return manifest_of(self.files)


def manifest_of(files: list[FileEntry]) -> list[dict]:
    return [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in files]


def manifest_text(manifest: list[dict]) -> str:
    """The `sha256sum`-style text whose SHA-256 is the receipt hash."""
    return "".join(f"{f['sha256']}  {f['size']}  {f['path']}\n" for f in manifest)


def receipt_hash(manifest: list[dict]) -> str:
    return hashlib.sha256(manifest_text(manifest).encode()).hexdigest()


def verify_stored(root: Path, manifest: list[dict]) -> list[str]:
    """What differs between a stored submission folder and its manifest (empty: it matches).

    Reads every byte again, so a receipt is checked against what is on disk, not what was meant.
    """
    problems = []
    listed = {f["path"] for f in manifest}
    try:
        present = {rel for rel, *_ in _walk_regular_files(root, excluded=frozenset())}
    except OSError as exc:
        return [f"unreadable: {exc.strerror}"]
    for rel in sorted(present - listed):
        problems.append(f"extra file: {rel}")
    for f in manifest:
        if f["path"] not in present:
            problems.append(f"missing: {f['path']}")
            continue
        digest, size = hashlib.sha256(), 0
        with open(root / f["path"], "rb") as fh:
            while chunk := fh.read(CHUNK):
                size += len(chunk)
                digest.update(chunk)
        if size != f["size"] or digest.hexdigest() != f["sha256"]:
            problems.append(f"changed: {f['path']}")
    return problems


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _walk_regular_files(root: Path, excluded: frozenset[str] = EXCLUDED_DIRS):
    """Yields (relative path, dir_fd, name, stat) for regular files; skips links and devices."""
    root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        for dirpath, dirnames, filenames, dir_fd in os.fwalk(
            ".", topdown=True, follow_symlinks=False, dir_fd=root_fd
        ):
            depth = 0 if dirpath == "." else dirpath.count(os.sep)
            dirnames[:] = sorted(
                d for d in dirnames if d not in excluded and depth < MAX_DEPTH
            )
            for name in sorted(filenames):
                st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                if not stat.S_ISREG(st.st_mode):
                    continue
                rel = os.path.normpath(os.path.join(dirpath, name))
                yield rel, dir_fd, name, st
    finally:
        os.close(root_fd)


def measure(workspace: Path) -> list[tuple[str, int]]:
    """(path, size) of every file that a submission would contain."""
    return [(rel, st.st_size) for rel, _fd, _n, st in _walk_regular_files(workspace)]


def check_limits(entries: list[tuple[str, int]], max_bytes: int, max_files: int) -> None:
    if len(entries) > max_files:
        raise ExamError("err_too_many_files", status=413, limit=max_files)
    total = sum(size for _p, size in entries)
    if total > max_bytes:
        biggest = sorted(entries, key=lambda e: -e[1])[:3]
        raise ExamError(
            "err_too_large",
            status=413,
            size=human_size(total),
            limit=human_size(max_bytes),
            biggest=", ".join(f"{p} ({human_size(s)})" for p, s in biggest),
        )


def snapshot_workspace(
    workspace: Path,
    dest: Path,
    *,
    max_bytes: int,
    max_files: int,
    deadline: datetime | None = None,
    skip_over_limit: bool = False,
) -> Snapshot:
    """Copies the workspace into `dest` (which must not exist) and returns its manifest.

    Over the limits it raises ExamError (413), leaving nothing behind; with `skip_over_limit`
    (the deadline collection, which must always yield something) it keeps the smallest files
    that fit and flags the rest, which stay in the workspace for the examiners.
    """
    entries = measure(workspace)
    skipped: set[str] = set()
    if skip_over_limit:
        budget, kept = max_bytes, 0
        for rel, size in sorted(entries, key=lambda e: (e[1], e[0])):
            if size <= budget and kept < max_files:
                budget -= size
                kept += 1
            else:
                skipped.add(rel)
    else:
        check_limits(entries, max_bytes, max_files)
    tmp = dest.with_name(dest.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True, mode=0o700)
    files: list[FileEntry] = []
    total = 0
    try:
        for rel, dir_fd, name, _st in _walk_regular_files(workspace):
            if rel in skipped:
                continue
            if len(files) >= max_files:
                if skip_over_limit:
                    skipped.add(rel)
                    continue
                raise ExamError("err_too_many_files", status=413, limit=max_files)
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
            try:
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode):
                    continue  # swapped for something else since the walk: skip it
                target = tmp / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with open(target, "wb") as out:
                    while chunk := os.read(fd, CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if total > max_bytes:  # the file grew while we copied
                            if skip_over_limit:
                                break
                            check_limits([(rel, total)], max_bytes, max_files)
                        digest.update(chunk)
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())  # acknowledged means on disk, even after a power cut
                if total > max_bytes:
                    total -= size
                    target.unlink()
                    skipped.add(rel)
                    continue
                files.append(FileEntry(rel, size, digest.hexdigest(), st.st_mtime))
            finally:
                os.close(fd)
        stored = manifest_of(files)
        problems = verify_stored(tmp, stored)
        if problems:  # the copy on disk is not what was read: never give a receipt for it
            raise OSError(f"the stored copy does not match what was read: {problems[:3]}")
        _fsync_tree(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    flags = []
    if skipped:
        flags.append("over_limit_not_collected: " + ", ".join(sorted(skipped)[:20]))
    if deadline is not None:
        late = [f.path for f in files if f.mtime > deadline.timestamp()]
        if late:
            flags.append("changed_after_deadline: " + ", ".join(late[:20]))
    text = manifest_text(stored)
    return Snapshot(
        files=files,
        total_bytes=total,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        manifest_text=text,
        flags=flags,
    )


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    """Makes the new folders' entries durable (the files were synced as they were written)."""
    for dirpath, _dirs, _files in os.walk(root):
        _fsync_dir(Path(dirpath))


def write_durably(path: Path, text: str) -> None:
    """Replaces a small file in one step: readers see the old or the new text, never a part."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)
