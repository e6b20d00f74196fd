"""JupyterHub spawner: each candidate's JupyterLab in its own bubblewrap sandbox (the embedded
backend). The exam rules (who may have a lab, where, until when) are lab_rules.ExamRules, shared
with every backend; this module is only how bubblewrap runs and stops a lab. Servers survive a hub
restart (the hub finds them again by pid and cgroup)."""

from __future__ import annotations

import asyncio
import os
import signal
from subprocess import Popen

from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.utils import random_port
from traitlets import Dict

from practicum import sandbox
from practicum.hub.context import hub_settings
from practicum.hub.lab_rules import TOOL_STATE_ENV, ExamRules, lab_env_vars

STOP_GRACE_S = 8
class SandboxSpawner(ExamRules, LocalProcessSpawner):
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

    # ------------------------------------------------------------ environment

    def user_env(self, env):
        env.update(lab_env_vars(self.user.name, self._lab_env, self._service_port))
        return env

    # ------------------------------------------------------------ lifecycle

    async def start(self):
        settings = hub_settings()
        place = self.placement()
        self._lab_env = place.lab_env
        self.env_keep = []
        if self.port == 0:
            self.port = random_port()
        self._service_port = random_port()
        self.ip = "127.0.0.1"
        jupyter_config = place.jupyter_config
        self.default_url = f"/lab/tree/{place.open_file}"
        cmd = [str(self._lab_env / "bin" / "jupyterhub-singleuser"), *self.args]
        limits = place.limits
        uid = place.uid
        cgroups = sandbox.Cgroups.create(f"practicum-{settings.port}", self.user.name, limits)
        self.cgroup_paths = cgroups.paths if cgroups else {}

        if settings.insecure:
            # Practice only (refused for exam sittings above): same uid and limits, no namespaces.
            self.notebook_dir = str(place.workspace)
            env = self.get_env()
            # No private /tmp here: give each candidate a scratch dir of its own instead.
            scratch = settings.data_dir / "insecure-tmp" / self.user.name
            scratch.mkdir(parents=True, exist_ok=True)
            os.chmod(scratch.parent, 0o711)
            os.chown(scratch, uid, uid)
            os.chmod(scratch, 0o700)
            for key, value in TOOL_STATE_ENV.items():
                env[key] = str(scratch / value.removeprefix("/tmp/"))
            env.update(HOME=str(place.workspace), JUPYTER_CONFIG_DIR=str(jupyter_config), TMPDIR=str(scratch))
            argv, pass_fds, passwd = cmd, (), None
            cwd = str(place.workspace)
        else:
            self.notebook_dir = sandbox.WORKSPACE_MOUNT
            env = self.get_env()
            env.update(HOME=sandbox.WORKSPACE_MOUNT, JUPYTER_CONFIG_DIR=sandbox.JUPYTER_CONFIG_MOUNT)
            passwd = sandbox.passwd_memfd(uid, self.user.name)
            argv = sandbox.bwrap_argv(
                workspace=place.workspace,
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
