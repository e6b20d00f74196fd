"""The grading kinds, registered here, in the order a submission is graded (a service's consistency
check reads the predictions its model task made). The contract is kinds/base.py; adding a kind is
a module with its class, one line below, and its section in exam_spec.Task (which names it)."""

from __future__ import annotations

from practicum.core.exam_spec import Task
from practicum.grading.kinds.base import GradingKind
from practicum.grading.kinds.cells import CellsKind
from practicum.grading.kinds.hdl import HdlKind
from practicum.grading.kinds.manual import ManualKind
from practicum.grading.kinds.model import ModelKind
from practicum.grading.kinds.service import ServiceKind

KINDS: dict[str, GradingKind] = {k.name: k for k in (CellsKind(), HdlKind(), ModelKind(), ServiceKind(), ManualKind())}


def kind_of(task: Task) -> GradingKind:
    return KINDS[task.kind]
