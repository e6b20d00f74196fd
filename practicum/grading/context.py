"""Where things are for one sitting's grading: the pinned exam, its nbgrader course, the lab
environment, the scratch space the grading sandboxes use, and the limits of each kind of run."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from practicum.core.content_cache import keep
from practicum.core.exam_spec import ExamSpec, load_exam_dir
from practicum.core.limits import HDL_GRADING, Limits, model_grading, notebook_grading
from practicum.core.settings import Settings
from practicum.sittings.sitting_files import SittingFiles, waves_dir

SEED = 20211  # one fixed seed: a regrade reproduces every random input


@dataclass
class GradingContext:
    """Where things are for one sitting's grading."""

    exam: ExamSpec
    course_dir: Path  # nbgrader course root (source/, release/, gradebook.db)
    lab_env: Path
    scratch_root: Path  # traversable by grading uids
    cgroup_namespace: str | None = None
    hdl_limits: Limits = HDL_GRADING  # a simulation's limits (tests tighten them)
    cache_dir: Path | None = None  # the content cache (Settings.cache_dir): references shared by sittings

    @classmethod
    def for_sitting(cls, settings: Settings, files: SittingFiles, cgroup_namespace: str,
                    scratch_root: Path | None = None) -> "GradingContext":
        """The grading of a pinned sitting, with the data dir's content cache."""
        exam = load_exam_dir(files.exam_dir)
        return cls(exam=exam, course_dir=files.course_dir, lab_env=settings.lab_env_for(exam.environment),
                   scratch_root=scratch_root or settings.data_dir / "grading-scratch",
                   cgroup_namespace=cgroup_namespace, cache_dir=settings.cache_dir)

    @property
    def assignment(self) -> str:
        return self.exam.assignment

    @property
    def source_dir(self) -> Path:
        return self.course_dir / "source" / self.assignment

    @property
    def solution_dir(self) -> Path:
        """Reference versions of non-notebook deliverables (RTL, benches, scripts): never released.
        Notebooks carry their solutions inline (nbgrader strips them)."""
        return self.exam.root / "solution"

    def reference_submission(self, dest: Path) -> Path:
        """What the author would hand in: the source assignment with the solution files on top, and
        the models the author's notebook exported in the reference run (for model tasks)."""
        shutil.copytree(self.source_dir, dest, dirs_exist_ok=True)
        for extra in (self.solution_dir, self.reference_files_dir):
            if extra.is_dir():
                shutil.copytree(extra, dest, dirs_exist_ok=True)
        return dest

    @property
    def reference_files_dir(self) -> Path:
        """Files the reference run's notebooks wrote that model tasks evaluate (models, vocabularies)."""
        return self.course_dir / "practicum-reference-files"

    def reference_files(self) -> list[str]:
        """Files the author's notebooks write that grading reads (each kind says which)."""
        from practicum.grading.kinds import kind_of

        files: list[str] = []
        for task in self.exam.tasks:
            files += [f for f in kind_of(task).reference_files(task) if f not in files]
        return files

    def model_limits(self) -> Limits:
        return model_grading(self.exam)

    @property
    def hidden_data_dir(self) -> Path:
        """Hidden test inputs, mounted read-only in grading sandboxes (never in a lab)."""
        return self.exam.hidden_dir / "data"

    def staged_hidden_data(self) -> Path | None:
        """A world-readable copy of the hidden inputs under the scratch root: the pinned exam is
        root-only, and bubblewrap resolves a mount's source as the sandbox's (unprivileged) user."""
        if not self.hidden_data_dir.is_dir():
            return None
        target = self.scratch_root / "hidden-data" / self.course_dir.parent.name
        if target.is_dir():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.scratch_root, 0o711)
        os.chmod(target.parent, 0o711)

        def fill(stage: Path) -> None:
            shutil.copytree(self.hidden_data_dir, stage, dirs_exist_ok=True)
            for path in [stage, *stage.rglob("*")]:
                os.chmod(path, 0o755 if path.is_dir() else 0o644)

        keep(target, fill)  # atomic: two workers staging at once keep one copy
        return target

    @property
    def hidden_labels_dir(self) -> Path:
        """Hidden answers: read by the trusted process only, never mounted anywhere."""
        return self.exam.hidden_dir / "labels"

    def waves_dir(self, student: str) -> Path | None:
        """Where the waveforms of a student's HDL runs are kept for the examiner (per sitting)."""
        return waves_dir(self.course_dir.parent, student)

    @property
    def release_dir(self) -> Path:
        return self.course_dir / "release" / self.assignment

    def limits(self) -> Limits:
        return notebook_grading(self.exam)
