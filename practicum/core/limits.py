"""One type for what bounds a sandboxed run, and the presets each kind of run starts from.

The kernel enforces memory, processes, file size, CPU and open files (sandbox.py: cgroups and
rlimits); the trusted side that watches the run enforces the wall-clock time, the output it keeps
and the in-memory disk. A lab, a notebook's grading, a hardware simulation, a model's evaluation
and a delivered service all run under a `Limits`; an exam's exam.yaml (`limits:` and the
timeouts) sets the values its runs start from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from practicum.core.exam_spec import ExamSpec


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 2048
    processes: int = 512
    file_mb: int = 1024  # the largest file a process may write
    cpu_seconds: int | None = None  # grading sets this; a lab runs for hours
    open_files: int = 4096
    timeout_s: float | None = None  # wall clock for the whole run (None: the caller's clock decides)
    cell_timeout_s: float | None = None  # a notebook run: wall clock per cell
    output_bytes: int = 1_000_000  # printed output kept (and allowed) per run
    channel_bytes: int = 64_000_000  # what a grading harness may report
    disk_mb: int = 512  # the in-memory home and /tmp, each

    def but(self, **changes) -> "Limits":
        return replace(self, **changes)


def from_sitting(limits: dict) -> Limits:
    """A lab's limits as a sitting stored them (the exam's `limits:` when it was pinned)."""
    return Limits(memory_mb=limits["memory_mb"], processes=limits["processes"], file_mb=limits["file_mb"])


def notebook_grading(exam: "ExamSpec") -> Limits:
    """Running a submitted notebook (or the reference) with the grading harness."""
    lim = exam.limits
    return Limits(memory_mb=lim.memory_mb, processes=128, file_mb=min(lim.file_mb, 256), cpu_seconds=900,
                  timeout_s=exam.notebook_timeout_s, cell_timeout_s=exam.cell_timeout_s)


def model_grading(exam: "ExamSpec") -> Limits:
    """Loading a handed-in model, or starting a delivered service, on hidden inputs."""
    lim = exam.limits
    return Limits(memory_mb=lim.memory_mb, processes=min(lim.processes, 256), file_mb=min(lim.file_mb, 256),
                  cpu_seconds=900)


# A simulation (Icarus or Verilator, with a build): more memory and disk than a notebook, one wall clock.
HDL_GRADING = Limits(memory_mb=3072, processes=256, file_mb=512, cpu_seconds=600, timeout_s=300,
                     output_bytes=4_000_000, disk_mb=1024)
