"""Test helpers: a real `practicum up` on free ports, HTTP clients for its users, a kernel client."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import requests
import websocket

from practicum.core.exam_spec import load_exam
from practicum.core.roster import RosterRow
from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.db import store
from practicum.db.models import utcnow
from practicum.sittings.sitting_files import prepare_sitting

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


def free_port_block(n: int = 4) -> int:
    """A base port with the n ports from it all free (the hub uses port..port+3)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n >= 65535:
            continue
        ok = True
        for p in range(base, base + n):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", p))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError("no free port block")


class RunningHub:
    """`practicum up` in a subprocess, exactly as an operator runs it."""

    def __init__(self, data_dir: Path, extra_args: list[str] = (), env: dict | None = None,
                 up_timeout: float = 120) -> None:
        self.data_dir = data_dir
        self.port = free_port_block()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir.parent / f"up-{self.port}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "practicum.cli", "--data-dir", str(data_dir), "up", "--port", str(self.port),
             *extra_args],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
            env={**os.environ, **(env or {})},
        )
        self.wait_up(up_timeout)
        self.settings = Settings.load(data_dir / "practicum.json")
        self.store = store.Store(self.settings.database_url)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "is up" in self.output():
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"practicum up exited {self.proc.returncode}:\n{self.output()}")
            time.sleep(0.2)
        raise RuntimeError(f"practicum up did not come up:\n{self.output()}")

    def child_pid(self, name: str) -> int:
        """pid of the supervised 'proxy', 'hub' or 'service' process."""
        import psutil

        needle = {"hub": "-m jupyterhub", "service": "practicum.web.app", "proxy": "--api-port"}[name]
        for p in psutil.Process(self.proc.pid).children():
            try:
                if needle in " ".join(p.cmdline()):
                    return p.pid
            except psutil.Error:  # a zombie not yet reaped by the supervisor
                continue
        raise LookupError(name)

    def kill_child(self, name: str, timeout: float = 90) -> None:
        """SIGKILL the supervised 'proxy', 'hub' or 'service' and wait until its successor serves."""
        old = self.child_pid(name)
        os.kill(old, signal.SIGKILL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.child_pid(name) != old:
                    break
            except LookupError:
                pass
            time.sleep(0.2)
        self.wait_http("/hub/api/")

    def wait_http(self, path: str = "/hub/api/", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + path, timeout=2).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise TimeoutError(path)

    def create_sitting(self, code: str, candidates: list[str], *, exam: str = "demo-numpy", mode: str = "exam",
                       duration_s: int | None = None, window_s: int = 3600) -> dict[str, str]:
        """Creates and releases a sitting; returns {candidate_id: password}."""
        spec = load_exam(self.settings.labs_dir, exam)
        prepare_sitting(self.settings, code, spec)
        now = utcnow()
        with self.store.session() as db:
            sitting = store.create_sitting(db, code, spec, mode=mode, duration_s=duration_s,
                                           opens_at=now - timedelta(seconds=5),
                                           closes_at=now + timedelta(seconds=window_s))
            issued = store.import_roster(db, sitting, [RosterRow(i + 2, c, f"Name {c}", None)
                                                      for i, c in enumerate(candidates)], "test")
        return {cid: pw for cid, _n, pw in issued}

    def add_staff(self, username: str, role: str) -> str:
        password = f"pw-{username}-{uuid.uuid4().hex[:8]}"
        with self.store.session() as db:
            store.add_account(db, username, role, password)
        return password

    def workspace(self, code: str, candidate: str) -> Path:
        return self.settings.workspaces_dir / code / candidate

    def stop(self, sig: int = signal.SIGINT, timeout: float = 90) -> int:
        import psutil

        if self.proc.poll() is None:
            tree = psutil.Process(self.proc.pid).children(recursive=True)
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:  # a failed test must not leave a hub behind
                for p in [psutil.Process(self.proc.pid), *tree]:
                    try:
                        p.kill()
                    except psutil.Error:
                        pass
                self.proc.wait()
        self._log.close()
        return self.proc.returncode


class User:
    """A browser-like HTTP session for one hub user."""

    def __init__(self, hub: RunningHub, username: str, password: str) -> None:
        self.hub = hub
        self.name = username
        self.s = requests.Session()
        # The hub's pages declare UTF-8 in <meta>, not in the header, as browsers accept.
        self.s.hooks["response"].append(lambda r, *a, **k: setattr(r, "encoding", "utf-8"))
        self.login_response = self.login(password)

    def login(self, password: str) -> requests.Response:
        self.s.get(self.hub.url + "/hub/login", timeout=30)
        return self.s.post(self.hub.url + "/hub/login", timeout=60, allow_redirects=True,
                           data={"username": self.name, "password": password, "_xsrf": self.s.cookies.get("_xsrf", path="/hub/")})

    @property
    def logged_in(self) -> bool:
        return self.login_response.url.startswith(self.hub.url + "/services/exam/")

    def _service_xsrf(self) -> str:
        if not hasattr(self, "_xsrf"):
            page = self.s.get(self.hub.url + "/services/exam/", timeout=30).text
            self._xsrf = re.search(r'name="xsrf" content="([^"]+)"', page).group(1)
        return self._xsrf

    def get(self, path: str, **kw) -> requests.Response:
        return self.s.get(self.hub.url + "/services/exam/" + path, timeout=60, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        headers = {"X-XSRFToken": self._service_xsrf(), **kw.pop("headers", {})}
        return self.s.post(self.hub.url + "/services/exam/" + path, headers=headers, timeout=120, **kw)

    def me(self) -> dict:
        r = self.get("api/me")
        r.raise_for_status()
        return r.json()

    def start_and_wait_lab(self, timeout: float = 120) -> dict:
        r = self.post("api/start")
        assert r.status_code == 200, r.text
        return self.wait_lab(timeout)

    def wait_lab(self, timeout: float = 120) -> dict:
        """Polls as the exam page does, asking again for the lab when none is starting."""
        deadline = time.monotonic() + timeout
        last_ask = time.monotonic()
        while time.monotonic() < deadline:
            me = self.me()
            if me["lab"] and me["lab"]["ready"]:
                return me
            if me["lab"] and not me["lab"]["running"] and time.monotonic() - last_ask > 15:
                self.post("api/lab")
                last_ask = time.monotonic()
            time.sleep(0.5)
        raise TimeoutError(f"lab of {self.name} not ready: {self.me()}")

    # ------------------------------------------------------------ the candidate's own lab

    def lab(self) -> "Lab":
        return Lab(self)


class Lab:
    """The candidate's JupyterLab server API (through the proxy) and a kernel to run code in."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.base = f"{user.hub.url}/user/{user.name}"
        r = user.s.get(self.base + "/lab", timeout=60)  # completes the server's OAuth login
        r.raise_for_status()
        self.xsrf = user.s.cookies.get("_xsrf", path=f"/user/{user.name}/")
        self.headers = {"X-XSRFToken": self.xsrf}
        self.ws = None
        self.kernel_id: str | None = None

    def contents(self, path: str = "") -> requests.Response:
        return self.user.s.get(f"{self.base}/api/contents/{path}", headers=self.headers, timeout=30)

    def save(self, path: str, text: str) -> requests.Response:
        return self.user.s.put(f"{self.base}/api/contents/{path}", headers=self.headers, timeout=30,
                               json={"type": "file", "format": "text", "content": text})

    def _connect(self, timeout: float) -> None:
        if self.kernel_id is None:
            r = self.user.s.post(f"{self.base}/api/kernels", headers=self.headers, json={"name": "python3"}, timeout=60)
            r.raise_for_status()
            self.kernel_id = r.json()["id"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.user.s.cookies)
        url = self.base.replace("http://", "ws://") + f"/api/kernels/{self.kernel_id}/channels"
        self.ws = websocket.create_connection(url, header=[f"Cookie: {cookie}", f"X-XSRFToken: {self.xsrf}"],
                                              timeout=timeout)

    def run(self, code: str, timeout: float = 60) -> str:
        """Executes code in the kernel; returns stdout, with 'ERR name: value' for an exception.

        Reconnects to the same kernel when the connection dropped, as JupyterLab does.
        """
        try:
            return self._run(code, timeout)
        except (websocket.WebSocketConnectionClosedException, BrokenPipeError, ConnectionError):
            self.ws = None
            return self._run(code, timeout)

    def _run(self, code: str, timeout: float) -> str:
        if self.ws is None:
            self._connect(timeout)
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False},
        }))
        out = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append(f"ERR {msg['content']['ename']}: {msg['content']['evalue']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)
        raise TimeoutError(code)

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
