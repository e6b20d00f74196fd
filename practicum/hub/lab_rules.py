"""The exam rules of a candidate's lab, for every spawner backend (bubblewrap here; containers and
pods use the same mixin): who may have a lab now and where (placement and its refusals), the
environment a lab gets, and the deadline stop (extra time included, from the exam database).

The database decides, never the lab: a start is refused unless the candidate's clock runs, and a
running lab is stopped at its deadline by the hub's poll even while the exam service is down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from practicum.core.i18n import ExamError
from practicum.core.limits import Limits, from_sitting
from practicum.db import store
from practicum.db.models import utcnow
from practicum.hub.context import hub_settings, hub_store
from practicum.sittings.sitting_files import SittingFiles, candidate_uid

# Tool state goes to the private /tmp, not into the work that gets submitted.
TOOL_STATE_ENV = {
    "JUPYTER_RUNTIME_DIR": "/tmp/.jupyter-runtime",
    "JUPYTER_DATA_DIR": "/tmp/.jupyter-data",
    "JUPYTERLAB_SETTINGS_DIR": "/tmp/.jupyterlab-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "/tmp/.jupyterlab-workspaces",
    "IPYTHONDIR": "/tmp/.ipython",
    "MPLCONFIGDIR": "/tmp/.matplotlib",
    "XDG_CACHE_HOME": "/tmp/.cache",
    "npm_config_cache": "/tmp/.npm",
}


class SpawnRefused(Exception):
    """Shown on the hub's spawn-failed page: keep it one clear bilingual sentence."""


@dataclass(frozen=True)
class Placement:
    """Where and how one candidate's lab runs now."""

    workspace: Path  # the candidate's folder (host side), mounted as the lab's home
    uid: int  # the candidate's own unprivileged uid
    limits: Limits
    lang: str  # "zh" or "en": the lab's language
    open_file: str  # opened first
    deadline: datetime  # the candidate's, extra time included
    lab_env: Path  # the direction's lab environment (images/<name>)
    jupyter_config: Path  # the read-only Jupyter configuration for that language


def placement(username: str) -> Placement:
    """Where `username`'s lab runs; refuses (SpawnRefused) when it may not run now."""
    settings = hub_settings()
    now = utcnow()
    with hub_store().session() as db:
        if store.get_account(db, username) is not None:
            raise SpawnRefused(ExamError("err_staff_no_lab").args[0])
        entry = store.current_entry(db, username)
        if entry is None:
            raise SpawnRefused(ExamError("err_not_candidate").args[0])
        if entry.started_at is None:
            raise SpawnRefused(ExamError("err_not_started").args[0])
        if store.is_over(entry, now):
            raise SpawnRefused(ExamError("err_deadline_passed", at=entry.deadline.isoformat()).args[0])
        if entry.sitting.mode == "exam" and settings.insecure:
            raise SpawnRefused(ExamError("err_insecure_exam").args[0])
        files = SittingFiles(settings, entry.sitting.code)
        return Placement(
            workspace=files.workspace(username),
            uid=candidate_uid(settings, entry.id),
            limits=from_sitting(entry.sitting.limits),
            lang=entry.lang,
            open_file=entry.sitting.open_file,
            deadline=entry.deadline,
            lab_env=settings.lab_env_for(entry.sitting.environment),
            jupyter_config=settings.public_dir / "jupyter" / ("zh_CN" if entry.lang == "zh" else "en"),
        )


def deadline_passed(username: str) -> bool:
    with hub_store().session() as db:
        entry = store.current_entry(db, username)
        return entry is not None and store.is_over(entry, utcnow())


def lab_env_vars(username: str, lab_env: Path, service_port: int) -> dict[str, str]:
    """The environment every lab gets, whatever runs it (paths as the lab sees them)."""
    lab_bin = lab_env / "bin"
    return dict(
        USER=username,
        LOGNAME=username,
        SHELL="/bin/bash",
        LANG="C.UTF-8",
        PATH=f"{lab_bin}:/usr/local/bin:/usr/bin:/bin",
        VIRTUAL_ENV=str(lab_env),
        PYTHONNOUSERSITE="1",
        # Paddle warns on every import that ccache (for compiling C++ extensions) is missing:
        # noise in a candidate's notebook under time pressure, about nothing they use.
        PYTHONWARNINGS="ignore:No ccache found:UserWarning",
        # A port of the candidate's own for the services they build and try in the lab: labs
        # may share the host's loopback, so a fixed 8080 would clash between candidates. Grading
        # sets PORT as well, inside a network namespace of the service's own.
        PORT=str(service_port),
        **TOOL_STATE_ENV,
    )


class ExamRules:
    """Mixin for a JupyterHub spawner (put it first): the exam rules above, applied by any backend.
    The backend's `start` calls `self.placement()` and uses what it says; `poll` stops a lab whose
    deadline has passed."""

    def placement(self) -> Placement:
        return placement(self.user.name)

    def deadline_passed(self) -> bool:
        return deadline_passed(self.user.name)

    async def poll(self):
        status = await super().poll()
        if status is None and self.deadline_passed():
            self.log.warning("Deadline passed for %s: stopping the lab", self.user.name)
            await self.stop(now=True)
            return 0
        return status
