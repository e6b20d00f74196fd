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

from practicum.core.i18n import ExamError
from practicum.core.standard import exam_rules

MIN_CERTIFICATION_MINUTES = 120


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class ExamLimits(BaseModel):
    """What exam.yaml declares under `limits:`: the candidate's lab and hand-in (core/limits.py turns it
    into the `Limits` of each kind of run)."""

    model_config = ConfigDict(extra="forbid")
    submission_mb: int = Field(50, gt=0, le=4096)
    max_files: int = Field(2000, gt=0, le=100_000)
    memory_mb: int = Field(2048, ge=256)
    processes: int = Field(512, ge=32)
    file_mb: int = Field(1024, gt=0)


class Criterion(BaseModel):
    """One line of a manual task's rubric: what earns how many points."""

    model_config = ConfigDict(extra="forbid")
    points: float = Field(gt=0)
    zh: str
    en: str


METRICS = ("accuracy", "macro_f1", "precision", "recall", "auc", "map50", "miou", "slot_f1", "mae", "rmse")


RELATIVE = r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}$"  # a relative path (no leading / or .)


class ModelTask(BaseModel):
    """A handed-in model evaluated on the hidden split in a sandbox (practicum/grading/kinds/model.py)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["paddle", "onnx", "script"]
    path: str = Field(pattern=RELATIVE)  # inside the submission
    inputs: str = Field(pattern=RELATIVE)  # under hidden/data/
    labels: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}\.npy$")  # under hidden/labels/
    metric: Literal[METRICS]
    files: list[str] = []  # other files it reads from the submission (a script's weights, vocabulary)
    params: dict = {}
    output: Literal["argmax", "raw", "prob1"] = "argmax"
    thresholds: list[tuple[float, float]] = Field(min_length=1)
    batch: int = Field(64, gt=0, le=4096)
    timeout_s: float = Field(120, gt=0, le=900)
    max_mb: float = Field(64, gt=0, le=1024)

    @model_validator(mode="after")
    def _consistent(self) -> "ModelTask":
        if any(".." in p.split("/") or p.startswith("/") for p in [self.path, self.inputs, self.labels, *self.files]):
            raise ValueError("paths stay inside their folder (no ..)")
        if self.kind == "onnx" and not self.path.endswith(".onnx"):
            raise ValueError("an onnx model's path ends in .onnx")
        if self.kind == "script" and not self.path.endswith(".py"):
            raise ValueError("a script model's path ends in .py")
        if self.metric == "miou" and "num_classes" not in self.params:
            raise ValueError("miou needs params.num_classes")
        if self.metric == "slot_f1" and not self.params.get("tags"):
            raise ValueError("slot_f1 needs params.tags (O first, then B-/I- names)")
        if any(not 0 < share <= 1 for _, share in self.thresholds):
            raise ValueError("a threshold's share is in (0, 1]")
        return self


class ServiceTask(BaseModel):
    """A service the candidate delivers, started from their own start script after collection and
    probed with hidden requests from outside its sandbox (practicum/grading/kinds/service.py)."""

    model_config = ConfigDict(extra="forbid")
    start: str = Field(pattern=RELATIVE)  # the candidate's start script, run as `bash <start>` in its folder
    files: list[str] = []  # files it needs that the author's notebook writes (a model), collected for the reference
    ready: str = Field("/health", pattern=r"^/[A-Za-z0-9_./-]{0,100}$")  # GET answers 200 once it can serve
    endpoint: str = Field("/predict", pattern=r"^/[A-Za-z0-9_./-]{0,100}$")  # POST, a JSON body per request
    requests: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}\.jsonl$")  # under hidden/data/
    labels: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}\.npy$")  # under hidden/labels/
    answer: str = Field("label", pattern=r"^[A-Za-z0-9_.]{1,100}$")  # the response field (dotted) holding the answer
    metric: Literal["accuracy", "macro_f1"] = "accuracy"  # one class answer (a number or a name) per request
    thresholds: list[tuple[float, float]] = Field(min_length=1)
    offline: str | None = None  # a model task of this exam: its predictions must equal the service's answers
    consistency: float = Field(0.99, gt=0, le=1)  # the share of answers that must agree with `offline`
    latency_ms: float = Field(100, gt=0)  # p95 budget for one request, measured by the grader; twice it: half
    bad_requests: list[dict | str] = []  # extra malformed bodies (beyond the standard ones) that must get a 4xx
    weights: dict[Literal["start", "correct", "consistency", "latency", "bad_requests"], float] = \
        {"start": 1, "correct": 4, "consistency": 1, "latency": 1, "bad_requests": 1}
    ready_timeout_s: float = Field(60, gt=0, le=300)
    request_timeout_s: float = Field(5, gt=0, le=60)
    max_mb: float = Field(64, gt=0, le=1024)  # the staged delivery

    @model_validator(mode="after")
    def _consistent(self) -> "ServiceTask":
        if any(".." in p.split("/") for p in [self.start, self.requests, self.labels, *self.files]):
            raise ValueError("paths stay inside their folder (no ..)")
        if any(not 0 < share <= 1 for _, share in self.thresholds):
            raise ValueError("a threshold's share is in (0, 1]")
        if any(w < 0 for w in self.weights.values()) or not any(self.weights.values()):
            raise ValueError("weights are not negative and at least one is positive")
        if self.offline is None and self.weights.get("consistency"):
            self.weights = {k: v for k, v in self.weights.items() if k != "consistency"}
        return self


class Task(BaseModel):
    """A scored part of an exam: its points, work area, skill items and how it is graded.

    Autograded tasks are scored by the `check()` calls in the listed nbgrader test cells (each
    check weighted, compared with the reference solution's value by the trusted grader); manual
    tasks by the examiner panel against the rubric, in the listed answer cells.
    """

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")
    title: Text
    points: float = Field(gt=0)
    area: str
    skills: list[str] = Field(min_length=1)
    grading: Literal["auto", "manual"]
    notebook: str | None = None  # default: the exam's open_file
    cells: list[str] = []  # nbgrader grade ids: test cells (auto) or answer cells (manual)
    hdl: dict | None = None  # a hardware task instead of test cells (see practicum/grading/kinds/hdl.py)
    model: ModelTask | None = None  # a handed-in model instead of test cells (practicum/grading/kinds/model.py)
    service: ServiceTask | None = None  # a delivered service, started and probed (practicum/grading/kinds/service.py)
    rubric: list[Criterion] = []

    @model_validator(mode="after")
    def _graded_by_something(self) -> "Task":
        if self.grading == "manual" and not self.cells:
            raise ValueError(f"task {self.id}: a manual task names its answer cells")
        if self.grading == "auto" and [bool(self.cells), bool(self.hdl), bool(self.model),
                                       bool(self.service)].count(True) != 1:
            raise ValueError(f"task {self.id}: an autograded task has exactly one of test cells, an hdl section, "
                             f"a model section or a service section")
        if self.hdl is not None and self.hdl.get("kind") not in ("rtl", "bench", "lint"):
            raise ValueError(f"task {self.id}: hdl kind must be rtl, bench or lint")
        return self

    @property
    def kind(self) -> str:
        """How the task is graded: one of practicum/grading/kinds (manual, cells, hdl, model, service)."""
        if self.grading == "manual":
            return "manual"
        for section in ("hdl", "model", "service"):
            if getattr(self, section) is not None:
                return section
        return "cells"


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
    environment: str = Field("base", pattern=r"^[a-z0-9_-]+$")  # the lab environment (images/<name>)
    rules: list[Text] = []
    # Released files the candidate edits and hands in (e.g. a module the notebook imports): grading
    # keeps the candidate's copy. Every other released file is restored, since it is given input.
    # A model task's path and files count as deliverables without being listed.
    deliverables: list[str] = []
    limits: ExamLimits = ExamLimits()
    tasks: list[Task] = []
    # Grading: per-cell and per-notebook time limits inside the grading sandbox.
    cell_timeout_s: float = Field(60, gt=0, le=3600)
    notebook_timeout_s: float = Field(600, gt=0, le=7200)

    root: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _standard_rules(cls, data):
        """`- standard: name` (or a list of names) in `rules:` places the standard's rules of that name
        (practicum/core/standard_data/exam_rules.yaml) there, with the exam's duration filled in."""
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            return data
        rules = []
        for rule in data["rules"]:
            if not (isinstance(rule, dict) and set(rule) == {"standard"}):
                rules.append(rule)
                continue
            names = rule["standard"] if isinstance(rule["standard"], list) else [rule["standard"]]
            minutes = data.get("minutes")
            for name in names:
                if name not in exam_rules():
                    raise ValueError(f"rules: no standard rule {name!r} (one of {', '.join(exam_rules())})")
                if not isinstance(minutes, int):
                    raise ValueError("rules: a standard rule needs the exam's minutes")
                rules.append({lang: text.format(minutes=minutes, hours=f"{minutes / 60:g}")
                              for lang, text in exam_rules()[name].items()})
        return {**data, "rules": rules}

    @model_validator(mode="after")
    def _timed_exams_are_long_enough(self) -> "ExamSpec":
        if self.kind != "practice" and self.minutes < MIN_CERTIFICATION_MINUTES:
            raise ValueError(
                f"a {self.kind} exam lasts at least {MIN_CERTIFICATION_MINUTES} minutes "
                f"(got {self.minutes})"
            )
        return self

    def task_notebook(self, task: Task) -> str:
        return task.notebook or self.open_file

    @property
    def notebooks(self) -> list[str]:
        """The graded notebooks, in the order their tasks appear."""
        seen: list[str] = []
        for task in self.tasks:
            if task.kind not in ("cells", "manual"):
                continue
            nb = self.task_notebook(task)
            if nb not in seen:
                seen.append(nb)
        return seen or [self.open_file]

    @model_validator(mode="after")
    def _offline_names_a_model_task(self) -> "ExamSpec":
        models = {t.id for t in self.tasks if t.model is not None}
        for task in self.tasks:
            if task.service is not None and task.service.offline is not None and task.service.offline not in models:
                raise ValueError(f"task {task.id}: offline {task.service.offline!r} is not a model task of this exam")
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
    if not (root / "exam.yaml").is_file():
        raise ExamError("err_unknown_exam", status=404, exam=exam_id)
    spec = load_exam_dir(root)
    if spec.id != exam_id:
        raise SpecError(f"{root / 'exam.yaml'}: id {spec.id!r} differs from its folder name {exam_id!r}")
    return spec


def load_exam_dir(root: Path) -> ExamSpec:
    """An exam from its folder, e.g. the copy a sitting pinned at <data>/sittings/<code>/exam."""
    spec_file = root / "exam.yaml"
    try:
        data = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        spec = ExamSpec.model_validate({**data, "root": root})
    except (OSError, yaml.YAMLError, ValidationError, TypeError) as exc:
        raise SpecError(f"{spec_file}: {exc}") from exc
    if not spec.source_dir.is_dir():
        raise SpecError(f"{spec_file}: no source folder {spec.source_dir}")
    if not (spec.source_dir / spec.open_file).is_file():
        raise SpecError(f"{spec_file}: open_file {spec.open_file!r} is not in {spec.source_dir}")
    return spec


def list_exam_ids(labs_dir: Path) -> list[str]:
    return sorted(p.parent.name for p in Path(labs_dir).glob("*/exam.yaml"))
