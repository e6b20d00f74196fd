"""Submission snapshots taken as root from a workspace that hostile code controls."""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import datetime, timedelta, timezone

import pytest

from practicum.core.i18n import ExamError
from practicum.sittings.snapshot import snapshot_workspace

MB = 1024 * 1024


def make_ws(tmp_path):
    ws = tmp_path / "ws"
    (ws / "data").mkdir(parents=True)
    (ws / "exam.ipynb").write_text('{"cells": []}')
    (ws / "data" / "a.csv").write_text("1,2\n")
    return ws


def test_manifest_hash_can_be_recomputed_from_the_files(tmp_path):
    ws = make_ws(tmp_path)
    (ws / ".ipynb_checkpoints").mkdir()
    (ws / ".ipynb_checkpoints" / "exam-checkpoint.ipynb").write_text("old")
    (ws / "__pycache__").mkdir()
    (ws / "__pycache__" / "x.pyc").write_bytes(b"\0")
    snap = snapshot_workspace(ws, tmp_path / "out", max_bytes=MB, max_files=100)
    assert sorted(f.path for f in snap.files) == ["data/a.csv", "exam.ipynb"]
    manifest = "".join(
        f"{hashlib.sha256((tmp_path / 'out' / f.path).read_bytes()).hexdigest()}  {f.size}  {f.path}\n"
        for f in snap.files)
    assert hashlib.sha256(manifest.encode()).hexdigest() == snap.sha256
    assert not (tmp_path / "out" / ".ipynb_checkpoints").exists()


def test_symlinks_are_never_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden test answers")
    ws = make_ws(tmp_path)
    os.symlink(secret, ws / "leak.txt")
    os.symlink(tmp_path, ws / "leakdir")
    snap = snapshot_workspace(ws, tmp_path / "out", max_bytes=MB, max_files=100)
    assert {f.path for f in snap.files} == {"exam.ipynb", "data/a.csv"}
    assert not any("hidden" in p.read_text() for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_fifos_and_devices_do_not_hang_the_copy(tmp_path):
    ws = make_ws(tmp_path)
    os.mkfifo(ws / "pipe")
    done = threading.Event()

    def run():
        snapshot_workspace(ws, tmp_path / "out", max_bytes=MB, max_files=100)
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(10), "snapshot blocked on a FIFO"
    assert not (tmp_path / "out" / "pipe").exists()


def test_over_the_size_limit_is_refused_naming_the_biggest_file(tmp_path):
    ws = make_ws(tmp_path)
    (ws / "weights.bin").write_bytes(os.urandom(3 * MB))
    with pytest.raises(ExamError) as err:
        snapshot_workspace(ws, tmp_path / "out", max_bytes=2 * MB, max_files=100)
    assert err.value.status == 413 and "weights.bin" in err.value.message("en")
    assert "超过上限" in err.value.message("zh")
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.partial").exists()


def test_too_many_files_is_refused(tmp_path):
    ws = make_ws(tmp_path)
    for i in range(20):
        (ws / f"f{i}.txt").write_text("x")
    with pytest.raises(ExamError) as err:
        snapshot_workspace(ws, tmp_path / "out", max_bytes=MB, max_files=10)
    assert err.value.key == "err_too_many_files"


def test_deadline_collection_keeps_what_fits_and_flags_the_rest(tmp_path):
    ws = make_ws(tmp_path)
    (ws / "huge.bin").write_bytes(b"\0" * (2 * MB))
    deadline = datetime.now(timezone.utc) - timedelta(minutes=1)
    snap = snapshot_workspace(ws, tmp_path / "out", max_bytes=MB, max_files=100, deadline=deadline,
                              skip_over_limit=True)
    assert {f.path for f in snap.files} == {"exam.ipynb", "data/a.csv"}
    assert any("huge.bin" in flag for flag in snap.flags)
    assert any(flag.startswith("changed_after_deadline") for flag in snap.flags)


def test_deeply_nested_directories_do_not_crash(tmp_path):
    ws = make_ws(tmp_path)
    deep = ws
    for _ in range(60):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_text("x")
    snap = snapshot_workspace(ws, tmp_path / "out", max_bytes=MB, max_files=100)
    assert "exam.ipynb" in {f.path for f in snap.files}
