"""Where a sitting's files live and how they get there: pinned exam, nbgrader course, workspaces.

    <data>/sittings/<code>/exam/         pinned copy of labs/<exam> (sources, solutions, hidden)
    <data>/sittings/<code>/course/       nbgrader course root: source/, release/, submitted/
    <data>/sittings/<code>/archive/<id>/ every submission and collection, never overwritten
    <data>/workspaces/<code>/<id>/       the candidate's writable home in the sandbox (0700, own uid)

Only the workspaces are ever mounted into a sandbox; everything else stays root-only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from practicum.core.content_cache import copy_tree, keep, tree_digest
from practicum.core.exam_spec import ExamSpec
from practicum.core.settings import PROJECT_ROOT, Settings

NBGRADER_TIMESTAMP = "%Y-%m-%d %H:%M:%S.%f %Z"


class SittingFiles:
    def __init__(self, settings: Settings, code: str) -> None:
        self.settings = settings
        self.code = code
        self.root = settings.sittings_dir / code

    @property
    def exam_dir(self) -> Path:
        return self.root / "exam"

    @property
    def course_dir(self) -> Path:
        return self.root / "course"

    @property
    def archive_dir(self) -> Path:
        return self.root / "archive"

    def release_dir(self, assignment: str) -> Path:
        return self.course_dir / "release" / assignment

    def submitted_dir(self, candidate_id: str, assignment: str) -> Path:
        return self.course_dir / "submitted" / candidate_id / assignment

    def workspace(self, candidate_id: str) -> Path:
        return self.settings.workspaces_dir / self.code / candidate_id

    def waves_dir(self, candidate_id: str) -> Path | None:
        return waves_dir(self.root, candidate_id)


def waves_dir(sitting_root: Path, candidate_id: str) -> Path | None:
    """Where the waveforms of a candidate's graded HDL runs are kept for the examiners (None for a
    name that is no safe path component)."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", candidate_id) or ".." in candidate_id:
        return None
    return sitting_root / "waves" / candidate_id


def candidate_uid(settings: Settings, candidate_pk: int) -> int:
    """Each roster entry gets its own unprivileged uid: no file or process limit is shared."""
    return settings.uid_base + candidate_pk


def prepare_sitting(settings: Settings, code: str, exam: ExamSpec) -> SittingFiles:
    """Pins the exam and releases it with nbgrader (solutions and hidden tests stripped)."""
    files = SittingFiles(settings, code)
    files.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(settings.sittings_dir, 0o700)
    if files.exam_dir.exists():
        shutil.rmtree(files.exam_dir)
    shutil.copytree(exam.root, files.exam_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    build_lab_data(settings, exam, files.exam_dir)
    source = files.course_dir / "source" / exam.assignment
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(files.exam_dir / "source" / exam.assignment, source)
    (files.course_dir / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(files.course_dir)!r}\n"
        f"c.CourseDirectory.course_id = {code!r}\n"
    )
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
    result = subprocess.run(
        [str(bin_dir / "nbgrader"), "generate_assignment", exam.assignment, "--force",
         f"--CourseDirectory.root={files.course_dir}"],
        cwd=files.course_dir, env=env, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 or not files.release_dir(exam.assignment).is_dir():
        raise RuntimeError(
            f"nbgrader generate_assignment failed for {exam.id}:\n{result.stdout}\n{result.stderr}"
        )
    return files


def build_lab_data(settings: Settings, exam: ExamSpec, pinned: Path) -> None:
    """Runs the lab's build.py, if any, on the pinned copy: it generates the data sets
    (deterministic, seeded) into source/ (public) and hidden/ (grader only). The built copy is kept
    in the cache by the digest of everything the build reads; the same content is copied, not rebuilt."""
    script = pinned / "build.py"
    if not script.is_file():
        return
    python = settings.lab_env_for(exam.environment) / "bin" / "python"
    lock = PROJECT_ROOT / "images" / exam.environment / "requirements.lock"
    key = tree_digest(pinned, PROJECT_ROOT / "offline_data", lock)
    cached = settings.cache_dir / "builds" / f"{exam.id}-{key[:24]}"
    if cached.is_dir():
        shutil.rmtree(pinned)
        shutil.copytree(cached, pinned, symlinks=True)
        return
    env = {"PATH": "/usr/bin:/bin", "HOME": str(pinned), "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "2",
           "LANG": "C.UTF-8", "PYTHONPATH": str(PROJECT_ROOT)}  # build.py may use offline_data (cached sets)
    if os.environ.get("PRACTICUM_DATA_CACHE"):
        env["PRACTICUM_DATA_CACHE"] = os.environ["PRACTICUM_DATA_CACHE"]
    res = subprocess.run([str(python), str(script), str(pinned)], cwd=pinned, capture_output=True, text=True,
                         timeout=900, env=env)
    if res.returncode != 0:
        raise RuntimeError(f"{exam.id}/build.py failed:\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
    keep(cached, copy_tree(pinned))


def make_workspace(files: SittingFiles, candidate_id: str, uid: int) -> Path:
    """Creates the candidate's workspace: reachable for its uid only, invisible to the rest."""
    for parent in (files.settings.data_dir, files.settings.workspaces_dir, files.settings.workspaces_dir / files.code):
        parent.mkdir(exist_ok=True, parents=True)
        os.chmod(parent, 0o711)  # traversable, not listable: a sandbox binds only its own
    ws = files.workspace(candidate_id)
    ws.mkdir(exist_ok=True, mode=0o700)
    os.chown(ws, uid, uid)
    os.chmod(ws, 0o700)
    return ws


def seed_workspace(release_dir: Path, workspace: Path, uid: int) -> list[str]:
    """Copies released files in; never overwrites what the candidate already has.

    Runs before the candidate's server first starts; still, as root it refuses any path that
    leads out of the workspace through a link.
    """
    copied = []
    real_ws = os.path.realpath(workspace)
    for src in sorted(release_dir.rglob("*")):
        rel = src.relative_to(release_dir)
        dst = workspace / rel
        if os.path.realpath(dst.parent) != os.path.normpath(os.path.join(real_ws, rel.parent)):
            continue
        if src.is_dir():
            if not dst.exists():
                dst.mkdir()
                os.chown(dst, uid, uid)
            continue
        if dst.exists() or dst.is_symlink():
            continue
        shutil.copyfile(src, dst)
        os.chmod(dst, 0o644)
        os.chown(dst, uid, uid)
        copied.append(str(rel))
    return copied
