"""An exam as lab authors write it: `labs/<id>/exam.yaml` beside nbgrader source notebooks.

    labs/<id>/exam.yaml                  this spec
    labs/<id>/source/<assignment>/...    nbgrader source notebooks and starter files
                                         (solutions and hidden tests inside, stripped on release)
    labs/<id>/hidden/...                 grader-only assets; never released

The schema grows with the grading pipeline (tasks, points, skill items); what the exam spine
needs is here: identity, duration, rules, what to open first and the sandbox limits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .i18n import ExamError

MIN_CERTIFICATION_MINUTES = 120


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Limits(BaseModel):
    """Per-candidate sandbox and submission limits."""

    model_config = ConfigDict(extra="forbid")
    submission_mb: int = Field(50, gt=0, le=4096)
    max_files: int = Field(2000, gt=0, le=100_000)
    memory_mb: int = Field(2048, ge=256)
    processes: int = Field(512, ge=32)
    file_mb: int = Field(1024, gt=0)


class ExamSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    title: Text
    kind: Literal["certification", "practice", "demo"]
    direction: str | None = None
    level: str | None = None
    minutes: int = Field(gt=0)
    assignment: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    open_file: str
    rules: list[Text] = []
    limits: Limits = Limits()
    tasks: list[dict] = []  # validated by the grading pipeline's schema

    root: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _timed_exams_are_long_enough(self) -> "ExamSpec":
        if self.kind != "practice" and self.minutes < MIN_CERTIFICATION_MINUTES:
            raise ValueError(
                f"a {self.kind} exam lasts at least {MIN_CERTIFICATION_MINUTES} minutes "
                f"(got {self.minutes})"
            )
        return self

    @property
    def source_dir(self) -> Path:
        return self.root / "source" / self.assignment

    @property
    def hidden_dir(self) -> Path:
        return self.root / "hidden"


class SpecError(Exception):
    pass


def load_exam(labs_dir: Path, exam_id: str) -> ExamSpec:
    root = Path(labs_dir) / exam_id
    spec_file = root / "exam.yaml"
    if not spec_file.is_file():
        raise ExamError("err_unknown_exam", status=404, exam=exam_id)
    try:
        data = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        spec = ExamSpec.model_validate({**data, "root": root})
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise SpecError(f"{spec_file}: {exc}") from exc
    if spec.id != exam_id:
        raise SpecError(f"{spec_file}: id {spec.id!r} differs from its folder name {exam_id!r}")
    if not spec.source_dir.is_dir():
        raise SpecError(f"{spec_file}: no source folder {spec.source_dir}")
    if not (spec.source_dir / spec.open_file).is_file():
        raise SpecError(f"{spec_file}: open_file {spec.open_file!r} is not in {spec.source_dir}")
    return spec


def list_exam_ids(labs_dir: Path) -> list[str]:
    return sorted(p.parent.name for p in Path(labs_dir).glob("*/exam.yaml"))
