"""JupyterHub spawner: each candidate's JupyterLab in its own bubblewrap sandbox.

The spawner asks the exam database before every start: only a candidate whose exam clock is
running gets a server, in that sitting's workspace, with that exam's limits. `poll` enforces the
deadline too, so a candidate's server stops on time even while the exam service is down.
Servers survive a hub restart (the hub finds them again by pid and cgroup).
"""

from __future__ import annotations

import asyncio
import os
import signal
from subprocess import Popen

from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.utils import random_port
from traitlets import Dict

from practicum import sandbox
from practicum.core.i18n import ExamError
from practicum.core.limits import from_sitting
from practicum.db import store
from practicum.db.models import utcnow
from practicum.hub.context import hub_settings, hub_store
from practicum.sittings.sitting_files import SittingFiles, candidate_uid

STOP_GRACE_S = 8
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


class SandboxSpawner(LocalProcessSpawner):
    cgroup_paths = Dict(help="cgroup directories of the running sandbox (kept in state)")

    def load_state(self, state):
        super().load_state(state)
        self.cgroup_paths = state.get("cgroup_paths", {})

    def get_state(self):
        state = super().get_state()
        if self.cgroup_paths:
            state["cgroup_paths"] = self.cgroup_paths
        return state

    def clear_state(self):
        super().clear_state()
        self.cgroup_paths = {}

    def _cgroups(self) -> sandbox.Cgroups | None:
        return sandbox.Cgroups(dict(self.cgroup_paths)) if self.cgroup_paths else None

    # ------------------------------------------------------------ what may run, where

    def placement(self) -> dict:
        """Where and how this user's lab runs; refuses (SpawnRefused) when it may not run now."""
        settings = hub_settings()
        name = self.user.name
        now = utcnow()
        with hub_store().session() as db:
            if store.get_account(db, name) is not None:
                raise SpawnRefused(ExamError("err_staff_no_lab").args[0])
            entry = store.current_entry(db, name)
            if entry is None:
                raise SpawnRefused(ExamError("err_not_candidate").args[0])
            if entry.started_at is None:
                raise SpawnRefused(ExamError("err_not_started").args[0])
            if store.is_over(entry, now):
                raise SpawnRefused(ExamError("err_deadline_passed", at=entry.deadline.isoformat()).args[0])
            if entry.sitting.mode == "exam" and settings.insecure:
                raise SpawnRefused(ExamError("err_insecure_exam").args[0])
            files = SittingFiles(settings, entry.sitting.code)
            return {
                "workspace": files.workspace(name),
                "uid": candidate_uid(settings, entry.id),
                "limits": from_sitting(entry.sitting.limits),
                "lang": entry.lang,
                "open_file": entry.sitting.open_file,
                "deadline": entry.deadline,
                "lab_env": settings.lab_env_for(entry.sitting.environment),
            }

    def deadline_passed(self) -> bool:
        with hub_store().session() as db:
            entry = store.current_entry(db, self.user.name)
            return entry is not None and store.is_over(entry, utcnow())

    # ------------------------------------------------------------ environment

    def user_env(self, env):
        lab_env = self._lab_env
        lab_bin = lab_env / "bin"
        env.update(
            USER=self.user.name,
            LOGNAME=self.user.name,
            SHELL="/bin/bash",
            LANG="C.UTF-8",
            PATH=f"{lab_bin}:/usr/local/bin:/usr/bin:/bin",
            VIRTUAL_ENV=str(lab_env),
            PYTHONNOUSERSITE="1",
            # Paddle warns on every import that ccache (for compiling C++ extensions) is missing:
            # noise in a candidate's notebook under time pressure, about nothing they use.
            PYTHONWARNINGS="ignore:No ccache found:UserWarning",
            # A port of the candidate's own for the services they build and try in the lab: labs
            # share the host's loopback, so a fixed 8080 would clash between candidates. Grading
            # sets PORT as well, inside a network namespace of the service's own.
            PORT=str(self._service_port),
            **TOOL_STATE_ENV,
        )
        return env

    # ------------------------------------------------------------ lifecycle

    async def start(self):
        settings = hub_settings()
        place = self.placement()
        self._lab_env = place["lab_env"]
        self.env_keep = []
        if self.port == 0:
            self.port = random_port()
        self._service_port = random_port()
        self.ip = "127.0.0.1"
        jupyter_config = settings.public_dir / "jupyter" / ("zh_CN" if place["lang"] == "zh" else "en")
        self.default_url = f"/lab/tree/{place['open_file']}"
        cmd = [str(self._lab_env / "bin" / "jupyterhub-singleuser"), *self.args]
        limits = place["limits"]
        uid = place["uid"]
        cgroups = sandbox.Cgroups.create(f"practicum-{settings.port}", self.user.name, limits)
        self.cgroup_paths = cgroups.paths if cgroups else {}

        if settings.insecure:
            # Practice only (refused for exam sittings above): same uid and limits, no namespaces.
            self.notebook_dir = str(place["workspace"])
            env = self.get_env()
            # No private /tmp here: give each candidate a scratch dir of its own instead.
            scratch = settings.data_dir / "insecure-tmp" / self.user.name
            scratch.mkdir(parents=True, exist_ok=True)
            os.chmod(scratch.parent, 0o711)
            os.chown(scratch, uid, uid)
            os.chmod(scratch, 0o700)
            for key, value in TOOL_STATE_ENV.items():
                env[key] = str(scratch / value.removeprefix("/tmp/"))
            env.update(HOME=str(place["workspace"]), JUPYTER_CONFIG_DIR=str(jupyter_config), TMPDIR=str(scratch))
            argv, pass_fds, passwd = cmd, (), None
            cwd = str(place["workspace"])
        else:
            self.notebook_dir = sandbox.WORKSPACE_MOUNT
            env = self.get_env()
            env.update(HOME=sandbox.WORKSPACE_MOUNT, JUPYTER_CONFIG_DIR=sandbox.JUPYTER_CONFIG_MOUNT)
            passwd = sandbox.passwd_memfd(uid, self.user.name)
            argv = sandbox.bwrap_argv(
                workspace=place["workspace"],
                ro_paths=[self._lab_env],
                ro_mounts={sandbox.JUPYTER_CONFIG_MOUNT: jupyter_config},
                passwd_fd=passwd,
            ) + cmd
            pass_fds, cwd = (passwd,), "/"
        self.log.info("Starting sandboxed lab for %s (uid %d, limits %s)", self.user.name, uid, limits)
        try:
            self.proc = Popen(
                argv,
                preexec_fn=sandbox.make_preexec(uid, limits, cgroups),
                start_new_session=True,
                env=env,
                pass_fds=pass_fds,
                cwd=cwd,
            )
        finally:
            if passwd is not None:
                os.close(passwd)
        self.pid = self.proc.pid
        return (self.ip, self.port)

    async def poll(self):
        status = await super().poll()
        if status is None and self.deadline_passed():
            self.log.warning("Deadline passed for %s: stopping the lab", self.user.name)
            await self.stop(now=True)
            return 0
        return status

    async def stop(self, now=False):
        """SIGTERM everything in the sandbox, wait briefly, then kill what is left."""
        cgroups = self._cgroups()
        if self.pid:
            self._signal_all(signal.SIGTERM, cgroups)
            for _ in range(0 if now else STOP_GRACE_S * 10):
                if not self._alive(cgroups):
                    break
                await asyncio.sleep(0.1)
            sandbox.kill_process_group(self.pid, cgroups)
            for _ in range(50):
                if not self._alive(cgroups):
                    break
                await asyncio.sleep(0.1)
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except Exception:  # noqa: BLE001 - a zombie is reaped by the supervisor
                pass
        if cgroups is not None:
            cgroups.remove()
        self.clear_state()

    def _alive(self, cgroups: sandbox.Cgroups | None) -> bool:
        if cgroups is not None and cgroups.pids():
            return True
        if self.proc is not None:
            return self.proc.poll() is None
        try:
            os.kill(self.pid, 0)
            return True
        except ProcessLookupError:
            return False

    def _signal_all(self, sig: int, cgroups: sandbox.Cgroups | None) -> None:
        pids = cgroups.pids() if cgroups is not None else [self.pid]
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
