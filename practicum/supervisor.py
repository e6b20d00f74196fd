"""`practicum up`: prepare the data dir, check the sandbox, run the hub and the exam service.

The supervisor restarts the hub or the service if either dies, adopts orphaned processes (it is
a child subreaper, so a lab started by a hub that was killed stays in its tree), and on Ctrl-C
stops the labs, the service, the hub and its proxy, and then anything else left in its tree.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

from practicum import sandbox
from practicum.core.i18n import ExamError
from practicum.core.limits import Limits
from practicum.core.settings import PROJECT_ROOT, SETTINGS_ENV, Settings
from practicum.db import store
from practicum.hub.api import HubAPI
from practicum.hub.lab_config import write_lab_config

PR_SET_CHILD_SUBREAPER = 36
LAB_STOP_BUDGET_S = 30  # Ctrl-C should finish within about a minute, whatever hangs
CHILD_STOP_S = 10
PR_SET_PDEATHSIG = 1


def _die_with_supervisor() -> None:
    """Runs in each child before exec: if the supervisor is killed, its proxy, hub and service
    get SIGTERM rather than hold the ports. (Labs are not its children: they outlive it, and the
    next `practicum up` finds them again.)"""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


class UpError(Exception):
    """A reason not to start, said plainly."""


def prepare(settings: Settings) -> store.Store:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.data_dir, 0o711)
    for d in (settings.hub_dir, settings.secrets_dir, settings.logs_dir, settings.sittings_dir):
        d.mkdir(exist_ok=True)
        os.chmod(d, 0o700)
    settings.workspaces_dir.mkdir(exist_ok=True)
    os.chmod(settings.workspaces_dir, 0o711)
    write_lab_config(settings.public_dir)
    settings.save()
    for name in ("proxy_auth_token", "service_api_token", "service_cookie_secret"):
        settings.secret(name)
    st = store.Store(settings.database_url)
    st.migrate()
    if st.url.startswith("sqlite:///"):
        os.chmod(st.url.removeprefix("sqlite:///"), 0o600)
    return st


def check_environment(settings: Settings) -> list[str]:
    """Raises UpError for what would break a sitting; returns lines describing the sandbox."""
    if os.geteuid() != 0:
        raise UpError("practicum up must run as root: it starts each candidate's lab as a separate "
                      "unprivileged user. / 请以 root 身份运行：每位考生的实验环境以独立的非特权用户运行。")
    singleuser = settings.lab_env / "bin" / "jupyterhub-singleuser"
    if not singleuser.exists():
        raise UpError(f"No candidate lab environment at {settings.lab_env}: run scripts/setup first. "
                      f"/ 未找到考生实验环境，请先运行 scripts/setup。")
    busy = [p for p in (settings.port, settings.proxy_api_port, settings.hub_port, settings.service_port)
            if not _port_free(settings.host if p == settings.port else "127.0.0.1", p)]
    if busy:
        raise UpError(f"Port(s) {', '.join(map(str, busy))} already in use: is another hub running? "
                      f"Choose another with --port. / 端口已被占用，请用 --port 指定其他端口。")
    limits = Limits()
    if settings.insecure:
        return ["INSECURE: no sandbox (--insecure-no-sandbox); practice sittings only. "
                "/ 不安全模式：未启用沙箱，仅可进行练习。"] + sandbox.describe(limits)
    probe = sandbox.probe_bwrap(settings.uid_base - 1)
    if not probe.ok:
        raise UpError(
            f"{probe.detail}\nExam sittings need the bubblewrap sandbox, so the hub will not start. Install "
            "bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1), or, for practice only, add --insecure-no-sandbox.\n"
            "正式考试需要 bubblewrap 沙箱，因此不启动。请安装 bubblewrap 并允许非特权用户命名空间；"
            "仅供练习时可加 --insecure-no-sandbox。")
    lab_probe = _probe_lab_env(settings)
    if lab_probe:
        raise UpError(lab_probe)
    return [f"sandbox: {probe.detail} (own uid, user/PID/IPC/UTS namespaces, read-only system, "
            "private /tmp, only the workspace writable)"] + sandbox.describe(limits)


def _probe_lab_env(settings: Settings) -> str | None:
    """The lab environment must be readable by sandbox users (a home directory of 0700 is not)."""
    import tempfile

    uid = settings.uid_base - 1
    with tempfile.TemporaryDirectory(dir=settings.workspaces_dir) as tmp:
        os.chmod(tmp, 0o700)
        os.chown(tmp, uid, uid)
        res = sandbox.run_sandboxed(
            [str(settings.lab_env / "bin" / "python"), "-c", "import jupyterhub, jupyterlab; print('ok')"],
            workspace=Path(tmp), uid=uid, ro_paths=[settings.lab_env], timeout=60,
        )
    if res.returncode != 0 or b"ok" not in res.stdout:
        return (f"The candidate lab environment {settings.lab_env} does not run inside the sandbox "
                f"(every parent directory must be readable by other users, e.g. not under /root):\n"
                f"{res.stderr.decode(errors='replace')[-800:]}")
    return None


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
            return True
        except OSError:
            return False


class Supervisor:
    def __init__(self, settings: Settings, st: store.Store) -> None:
        self.settings = settings
        self.store = st
        self.children: dict[str, subprocess.Popen] = {}
        self.restarts: dict[str, list[float]] = {"proxy": [], "hub": [], "service": []}
        self.stopping = False

    # ---------------------------------------------------------------- child processes

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTERHUB_")}
        env[SETTINGS_ENV] = str(self.settings.settings_file)
        env["PYTHONPATH"] = str(PROJECT_ROOT)
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
        return env

    def _service_env(self) -> dict[str, str]:
        s = self.settings
        prefix = "/services/exam/"
        return {
            **self._env(),
            "JUPYTERHUB_API_TOKEN": s.secret("service_api_token"),
            "JUPYTERHUB_API_URL": s.hub_api_url,
            "JUPYTERHUB_CLIENT_ID": "service-exam",
            "JUPYTERHUB_SERVICE_NAME": "exam",
            "JUPYTERHUB_SERVICE_PREFIX": prefix,
            "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{s.service_port}",
            "JUPYTERHUB_OAUTH_CALLBACK_URL": prefix + "oauth_callback",
            "JUPYTERHUB_BASE_URL": "/",
            "JUPYTERHUB_HOST": "",
        }

    def _proxy_argv(self) -> list[str]:
        """The Node configurable-http-proxy where installed, else the pure-Python port (PyPI)."""
        s = self.settings
        node = shutil.which("configurable-http-proxy", path="/usr/local/bin:/usr/bin")
        exe = [node] if node else [sys.executable, "-m", "practicum.hub.proxy_main"]
        # Generous timeouts (ms): a lab answering slowly during a start storm is not an error.
        return [*exe, "--ip", s.host, "--port", str(s.port), "--api-ip", "127.0.0.1",
                "--api-port", str(s.proxy_api_port), "--error-target", f"http://127.0.0.1:{s.hub_port}/hub/error",
                "--timeout", "300000", "--proxy-timeout", "300000", "--log-level", "info"]

    def start_child(self, name: str) -> None:
        log = open(self.settings.logs_dir / f"{name}.log", "ab", buffering=0)
        if name == "proxy":
            argv = self._proxy_argv()
            env = {**self._env(), "CONFIGPROXY_AUTH_TOKEN": self.settings.secret("proxy_auth_token")}
        elif name == "hub":
            argv = [sys.executable, "-m", "jupyterhub", "-f", str(Path(__file__).parent / "hub" / "jupyterhub_config.py")]
            env = self._env()
        else:
            argv = [sys.executable, "-m", "practicum.web.app"]
            env = self._service_env()
        self.children[name] = subprocess.Popen(
            argv, cwd=self.settings.hub_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_supervisor,
        )
        log.close()

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        hub_url = f"http://127.0.0.1:{self.settings.hub_port}/hub/api/"
        svc = ("127.0.0.1", self.settings.service_port)
        while time.monotonic() < deadline:
            for name, proc in self.children.items():
                if proc.poll() is not None:
                    raise UpError(f"The {name} exited while starting; see {self.settings.logs_dir / (name + '.log')}:\n"
                                  + _tail(self.settings.logs_dir / f"{name}.log"))
            try:
                urllib.request.urlopen(hub_url, timeout=2).read()
                socket.create_connection(svc, timeout=2).close()
                urllib.request.urlopen(f"http://127.0.0.1:{self.settings.port}/hub/login", timeout=2).read()
                return
            except OSError:
                time.sleep(0.3)
        raise UpError(f"The hub did not come up within {timeout:.0f} s; see {self.settings.logs_dir}")

    def _reap_orphans(self) -> None:
        """As subreaper we inherit labs whose hub died; reap those that exit (not our own children)."""
        ours = {p.pid for p in self.children.values()}
        while True:
            try:
                info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                return
            if info is None or info.si_pid in ours:
                return
            os.waitpid(info.si_pid, 0)

    def supervise(self) -> None:
        while not self.stopping:
            time.sleep(0.5)
            self._reap_orphans()
            for name, proc in list(self.children.items()):
                if self.children.get(name) is not proc:
                    continue  # replaced during this round (a proxy restart restarts the hub)
                if proc.poll() is not None and not self.stopping:
                    recent = [t for t in self.restarts[name] if time.monotonic() - t < 60]
                    if len(recent) >= 5:
                        print(f"! the {name} keeps dying; see {self.settings.logs_dir / (name + '.log')}", flush=True)
                        self.stopping = True
                        break
                    self.restarts[name] = recent + [time.monotonic()]
                    print(f"! the {name} exited ({proc.returncode}); restarting it", flush=True)
                    self.start_child(name)
                    if name == "proxy":  # a new proxy has no routes: a hub restart adds them back
                        self.restart("hub")

    def terminate(self, name: str) -> None:
        proc = self.children.get(name)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=CHILD_STOP_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def restart(self, name: str) -> None:
        self.terminate(name)
        self.start_child(name)

    # ---------------------------------------------------------------- shutdown

    def stop_labs(self) -> None:
        """Asks the hub to stop every running lab (the spawner kills each sandbox's cgroup)."""

        async def stop_all() -> None:
            hub = HubAPI(self.settings.hub_api_url, self.settings.secret("service_api_token"))
            try:
                names = await hub.running_servers()
                await asyncio.gather(*(hub.stop(name) for name in names))
                for _ in range(100):  # the API answers 202 while stops finish
                    if not await hub.running_servers():
                        return
                    await asyncio.sleep(0.2)
            except ExamError:
                return  # the hub is down: the final sweep below kills what is left

        async def bounded() -> None:
            try:
                await asyncio.wait_for(stop_all(), timeout=LAB_STOP_BUDGET_S)
            except asyncio.TimeoutError:
                print(f"! labs still stopping after {LAB_STOP_BUDGET_S} s; killing them", flush=True)

        asyncio.run(bounded())

    def shutdown(self) -> None:
        self.stopping = True

        def still_stopping(signum, _frame):  # a second Ctrl-C must not leave things half-stopped
            print("  still stopping (at most a minute)…", flush=True)

        signal.signal(signal.SIGINT, still_stopping)
        signal.signal(signal.SIGTERM, still_stopping)
        start = time.monotonic()
        print("Stopping labs, exam service and hub…", flush=True)
        self.stop_labs()
        print(f"  labs stopped ({time.monotonic() - start:.1f} s)", flush=True)
        for name in ("service", "hub", "proxy"):
            self.terminate(name)
        print(f"  service, hub and proxy stopped ({time.monotonic() - start:.1f} s)", flush=True)
        # Whatever is left in our tree (a proxy or lab orphaned by a killed hub) goes too.
        leftovers = psutil.Process().children(recursive=True)
        for p in leftovers:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(leftovers, timeout=5)
        self._reap_orphans()
        bases = sandbox.Cgroups.base_dirs(f"practicum-{self.settings.port}")
        for base in (bases or {}).values():
            for child in base.iterdir() if base.exists() else []:
                if child.is_dir():
                    try:
                        child.rmdir()
                    except OSError:
                        pass
            try:
                base.rmdir()
            except OSError:
                pass
        print("Stopped.", flush=True)


def _tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def run(settings: Settings, demo: bool) -> int:
    try:
        st = prepare(settings)
        lines = check_environment(settings)
    except UpError as exc:
        print(f"practicum up: {exc}", file=sys.stderr)
        return 2
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    creds = None
    if demo:
        from practicum.authoring.demo import ensure_demo

        print("Preparing the demo sittings (nbgrader release; the direction exams build their data)…", flush=True)
        creds = ensure_demo(settings, st)
    sup = Supervisor(settings, st)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    # Explicitly: a shell that starts us in the background hands us SIGINT ignored.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        sup.start_child("proxy")
        sup.start_child("hub")
        sup.start_child("service")
        sup.wait_ready()
        print_banner(settings, lines, creds)
        sup.supervise()
    except UpError as exc:
        print(f"practicum up: {exc}", file=sys.stderr)
        sup.shutdown()
        return 2
    except KeyboardInterrupt:
        pass
    sup.shutdown()
    return 0


def print_banner(settings: Settings, lines: list[str], creds: dict | None) -> None:
    out = [
        "",
        f"Practicum exam hub is up / 考试平台已启动:  {settings.public_url}",
        f"  data: {settings.data_dir}   logs: {settings.logs_dir}",
        *[f"  {line}" for line in lines],
    ]
    if creds:
        out += ["", f"Demo sitting / 演示考场: {creds['sitting']}  (exam demo-numpy, 120 min)"]
        for cid, pw in creds.get("candidates", {}).items():
            out.append(f"  candidate 考生   {cid:<10} password {pw}")
        for user, pw in creds.get("accounts", {}).items():
            role = ("proctor 监考" if user == "proctor" else
                    "chief examiner 主考评" if user == "examiner1" else "examiner 考评")
            out.append(f"  {role:<14} {user:<10} password {pw}")
        for exam_id, entry in creds.get("extra", {}).items():
            for cid, pw in entry.get("candidates", {}).items():
                out.append(f"  {exam_id + ':':<19} candidate 考生 {cid:<9} password {pw}  (sitting {entry['sitting']})")
        out.append(f"  (kept in {settings.secrets_dir / 'demo_credentials.json'})")
    out += ["", "Press Ctrl-C to stop everything. / 按 Ctrl-C 停止。", ""]
    print("\n".join(out), flush=True)
