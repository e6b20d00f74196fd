"""Service tasks: end-state grading of a delivered inference service (platform 3.2, integration 3.5).

    submission ─▶ staged (size cap) ─▶ sandbox: own network namespace (only `lo`), memory/process
       limits, the delivery copied into a size-capped in-memory home; service_relay.py runs the
       candidate's own `bash <start>` with PORT set and joins a Unix socket from the grader to
       127.0.0.1:PORT inside
    grader (trusted, outside) ─▶ GET ready until 200 ─▶ hidden requests one by one, each timed
       here ─▶ standard and exam-specific malformed requests ─▶ GET ready again ─▶ sandbox killed

Rows (each weighted by the task's `weights`): start (answers from its own start script), correct
(the metric of its answers against the hidden labels, with thresholds), consistency (answers equal
the candidate's own exported model run offline on the same inputs, `offline`), latency (p95 as
measured by the grader against the budget) and bad_requests (a 4xx for each malformed request and
still healthy after them). Nothing the service says about itself is used: its answers are read
from its HTTP responses and judged here. The hidden requests exist only on the grader's side until
sent one by one; their labels never leave this process.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil

from practicum import sandbox
from practicum.core.exam_spec import ExamSpec, ServiceTask, Task
from practicum.core.limits import Limits
from practicum.grading.kinds.base import GradingKind, GradingRun, each_task
from practicum.grading.kinds.model import _regular_inside, reference_hand_in_earns_all
from practicum.grading.scorers import credit_for, metric

RELAY = Path(__file__).with_name("service_relay.py")
RELAY_MOUNT = "/run/practicum/service_relay.py"
DELIVERY_MOUNT = "/run/practicum/delivery"
PORT = 8080  # the sandbox has a network namespace of its own: every service may use the same port
LOG_CAP = 200_000
BODY_CAP = 1 << 20  # bytes of a response read back
GIVE_UP_AFTER = 3  # requests in a row without an answer: the service is taken as stopped


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


class Reply:
    def __init__(self, status: int | None, body: bytes, seconds: float, error: str | None):
        self.status, self.body, self.seconds, self.error = status, body, seconds, error

    def json(self):
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            return None

    def describe(self) -> str:
        if self.status is None:
            return self.error or "no answer"
        text = self.body[:120].decode("utf-8", errors="replace").replace("\n", " ")
        return f"HTTP {self.status} {text!r}"


def request(sock_path: str, method: str, path: str, body: bytes | None, timeout: float) -> Reply:
    """One HTTP request over the relay socket, with a hard deadline on the whole exchange (a service
    that drips its answer a byte at a time is cut off like one that never answers)."""
    conn = _UnixHTTPConnection(sock_path, timeout)
    watchdog = threading.Timer(timeout, conn.close)
    started = time.perf_counter()
    watchdog.start()
    try:
        headers = {"Connection": "close"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read(BODY_CAP)
        return Reply(resp.status, data, time.perf_counter() - started, None)
    except (OSError, http.client.HTTPException, ValueError, AttributeError) as exc:
        seconds = time.perf_counter() - started
        if seconds >= timeout * 0.98:
            return Reply(None, b"", seconds, f"no answer within {timeout:g} s")
        if isinstance(exc, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
            return Reply(None, b"", seconds, "the connection closed without an answer (nothing listening?)")
        return Reply(None, b"", seconds, f"not an HTTP answer ({type(exc).__name__})")
    finally:
        watchdog.cancel()
        conn.close()


def _dig(doc, dotted: str):
    for key in dotted.split("."):
        if not isinstance(doc, dict) or key not in doc:
            return None
        doc = doc[key]
    return doc


def standard_bad_requests(example: dict) -> list[tuple[str, str, bytes | None]]:
    """(what, method, body): malformed requests every service must refuse with a 4xx."""
    bad: list[tuple[str, str, bytes | None]] = [
        ("a body that is not JSON", "POST", b"{not json"),
        ("a JSON list instead of an object", "POST", b"[1, 2, 3]"),
        ("an empty object (fields missing)", "POST", b"{}"),
    ]
    if example:
        key, value = next(iter(example.items()))
        wrong = 12345 if isinstance(value, str) else "not a number"
        bad.append((f"{key!r} of the wrong type", "POST", json.dumps({**example, key: wrong}).encode()))
        if isinstance(value, list) and len(value) >= 2:
            bad.append((f"{key!r} of the wrong length", "POST",
                        json.dumps({**example, key: value[: len(value) // 2]}).encode()))
    return bad


# ------------------------------------------------------------------ the sandbox


class RunningService:
    """The candidate's service in its sandbox, reachable through `sock_path`; a context manager."""

    def __init__(self, spec: ServiceTask, submission: Path, *, lab_env: Path, uid: int, scratch_root: Path,
                 limits: Limits, cgroup_namespace: str | None):
        self.spec, self.submission, self.lab_env, self.uid = spec, submission, lab_env, uid
        self.scratch_root, self.limits, self.cgroup_namespace = scratch_root, limits, cgroup_namespace
        self.log = bytearray()
        self.run: sandbox.SandboxRun | None = None

    @property
    def proc(self):
        return self.run.proc

    @property
    def started(self) -> float:
        return self.run.started

    def __enter__(self) -> "RunningService":
        self.scratch_root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.scratch_root, 0o711)
        self.stage = Path(tempfile.mkdtemp(prefix="service-", dir=self.scratch_root))
        self.sock_dir = Path(tempfile.mkdtemp(prefix="relay-", dir=self.scratch_root))  # root-only, never mounted
        try:
            self._start()
        except BaseException:
            self.__exit__()
            raise
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()
        return self

    def _start(self) -> None:
        shutil.copytree(self.submission, self.stage, dirs_exist_ok=True, symlinks=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        for path in [self.stage, *self.stage.rglob("*")]:
            if not path.is_symlink():
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
        self.sock_path = str(self.sock_dir / "relay.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.sock_path)
        listener.listen(64)
        listen_fd = listener.detach()  # handed over to the relay: the grader only connects
        os.set_inheritable(listen_fd, True)
        passwd = sandbox.passwd_memfd(self.uid)
        start = Path(self.spec.start)
        argv = sandbox.bwrap_argv(
            workspace=None, tmpfs_mb=512, ro_paths=[self.lab_env],
            ro_mounts={RELAY_MOUNT: RELAY, DELIVERY_MOUNT: self.stage}, network=False, die_with_parent=True,
            passwd_fd=passwd,
        ) + [str(self.lab_env / "bin" / "python"), "-I", "-u", RELAY_MOUNT, str(listen_fd), str(PORT),
             start.name, f"{sandbox.WORKSPACE_MOUNT}/{start.parent}".rstrip("/.")]
        env = {"PATH": f"{self.lab_env / 'bin'}:/usr/bin:/bin", "HOME": sandbox.WORKSPACE_MOUNT, "LANG": "C.UTF-8",
               "USER": "candidate", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "GLOG_minloglevel": "2",
               "PYTHONWARNINGS": "ignore", "PRACTICUM_GRADING": "1", "PRACTICUM_DELIVERY": DELIVERY_MOUNT}
        run = sandbox.SandboxRun(argv, uid=self.uid, limits=self.limits, env=env, name="service",
                                 cgroup_namespace=self.cgroup_namespace, pass_fds=(passwd, listen_fd))
        self.run = run.__enter__()

    def _read_log(self) -> None:
        while chunk := self.proc.stdout.read1(65536):
            self.log += chunk[: max(0, LOG_CAP - len(self.log))]

    def __exit__(self, *exc) -> None:
        if self.run is not None:
            self.run.__exit__()
            if getattr(self, "_reader", None) is not None:
                self._reader.join(timeout=5)
        shutil.rmtree(self.sock_dir, ignore_errors=True)
        shutil.rmtree(self.stage, ignore_errors=True)

    def request(self, method: str, path: str, body: bytes | None = None, timeout: float | None = None) -> Reply:
        return request(self.sock_path, method, path, body, timeout or self.spec.request_timeout_s)

    # -- what the grader can see for itself (for the reasons it gives)

    def _inside(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            return []

    def candidate_processes(self) -> int:
        """Processes in the sandbox other than bubblewrap and the relay."""
        count = 0
        for p in self._inside():
            try:
                cmd = p.cmdline()
            except psutil.Error:
                continue
            if cmd and (cmd[0].endswith("bwrap") or RELAY_MOUNT in cmd):
                continue
            count += 1
        return count

    def listening_ports(self) -> list[int]:
        """TCP ports listening in the sandbox's network namespace, read from the kernel's tables."""
        own = os.readlink("/proc/self/ns/net")
        for p in self._inside():
            try:
                if os.readlink(f"/proc/{p.pid}/ns/net") == own:
                    continue
                ports = set()
                for table in ("tcp", "tcp6"):
                    with open(f"/proc/{p.pid}/net/{table}") as f:
                        for line in f.readlines()[1:]:
                            fields = line.split()
                            if fields[3] == "0A":  # LISTEN
                                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
                return sorted(ports)
            except (OSError, IndexError, ValueError):
                continue
        return []

    def log_tail(self, lines: int = 3) -> str:
        text = re.sub(r"practicum: started bash .* with PORT=\d+\n", "", self.log.decode("utf-8", errors="replace"))
        tail = [ln for ln in text.strip().splitlines() if ln.strip()]
        return " | ".join(tail[-lines:])[-400:]

    def wait_ready(self) -> tuple[bool, str]:
        deadline = self.started + self.spec.ready_timeout_s
        quiet_since, launched = None, False
        while time.monotonic() < deadline:
            reply = self.request("GET", self.spec.ready, timeout=min(3.0, self.spec.request_timeout_s))
            if reply.status == 200:
                return True, f"answered GET {self.spec.ready} with 200 after {time.monotonic() - self.started:.1f} s"
            if self.proc.poll() is not None:
                break
            # The relay says when the start script has been launched (it may run and end between two
            # looks); from then on, nothing but the relay left running means nothing will ever answer.
            running = self.candidate_processes()
            launched = launched or running > 0 or b"practicum: started" in self.log
            if launched and running == 0:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since > 1.5:  # the start script ended and left nothing running
                    break
            else:
                quiet_since = None
            time.sleep(0.25)
        ports = [p for p in self.listening_ports() if p != PORT]
        why = [f"no answer 200 to GET {self.spec.ready} on port $PORT={PORT} within "
               f"{time.monotonic() - self.started:.0f} s"]
        if ports:
            why.append(f"listening on port {', '.join(map(str, ports))} instead of $PORT")
        elif self.candidate_processes() == 0:
            why.append(f"the start script {self.spec.start} ended and no service process is running")
        if tail := self.log_tail():
            why.append(f"its log ends: {tail}")
        return False, "; ".join(why)


# ------------------------------------------------------------------ grading


def _as_classes(labels: np.ndarray, answers: list) -> tuple[np.ndarray, np.ndarray]:
    """Labels and answers as class indices; an answer that is no known class is a class of its own."""
    names = [str(v) for v in labels.tolist()]
    classes = {name: i for i, name in enumerate(sorted(set(names)))}
    wrong = len(classes)

    def index(answer) -> int:
        if answer is None or isinstance(answer, (dict, list, bool)):
            return wrong
        if isinstance(answer, float) and answer.is_integer() and labels.dtype.kind in "iu":
            answer = int(answer)
        return classes.get(str(answer), wrong)

    return np.array([classes[n] for n in names]), np.array([index(a) for a in answers])


def read_requests(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def grade_service(task: Task, submission: Path, *, hidden_dir: Path, lab_env: Path, uid: int, scratch_root: Path,
                  limits: Limits, cgroup_namespace: str | None = None,
                  offline: dict[str, tuple[np.ndarray | None, str | None]] | None = None) -> list[dict]:
    """The task's check rows: start, correct, [consistency], latency, bad_requests (credit 0..1 each)."""
    spec = task.service
    rows = {name: {"task": task.id, "notebook": f"service:{task.id}", "cell": task.id, "name": name,
                   "weight": float(weight), "ok": False, "credit": 0.0, "reason": ""}
            for name, weight in spec.weights.items() if weight > 0}

    def result(**reasons: str) -> list[dict]:
        for name, reason in reasons.items():
            if name in rows and not rows[name]["reason"]:
                rows[name]["reason"] = reason
        for row in rows.values():
            row["reason"] = row["reason"] or reasons.get("all", "")
        return list(rows.values())

    def give(name: str, credit: float, reason: str) -> None:
        if name in rows:
            rows[name].update(credit=round(credit, 4), ok=credit >= 1.0, reason=reason)

    requests_file = hidden_dir / "data" / spec.requests
    if not requests_file.is_file():
        raise RuntimeError(f"{task.id}: the hidden requests {spec.requests} are missing (build.py?)")
    bodies = read_requests(requests_file)
    labels = np.load(hidden_dir / "labels" / spec.labels, allow_pickle=False)
    if len(labels) != len(bodies):
        raise RuntimeError(f"{task.id}: {len(bodies)} hidden requests but {len(labels)} labels")

    script, problem = _regular_inside(submission, spec.start)
    if script is None:
        return result(all=problem or f"missing {spec.start} (the start script)")
    size = sum(p.stat().st_size for p in submission.rglob("*") if p.is_file() and not p.is_symlink())
    if size > spec.max_mb * 2**20:
        return result(all=f"the delivery is {size / 2**20:.1f} MB, over the {spec.max_mb:g} MB limit")

    with RunningService(spec, submission, lab_env=lab_env, uid=uid, scratch_root=scratch_root, limits=limits,
                        cgroup_namespace=cgroup_namespace) as svc:
        ready, why = svc.wait_ready()
        if not ready:
            return result(start=why, all="the service never became ready")
        give("start", 1.0, f"started by bash {spec.start}: {why}")

        answers, seconds, failures, silent = [], [], [], 0
        for i, body in enumerate(bodies):
            if silent >= GIVE_UP_AFTER:
                answers.append(None)
                continue
            reply = svc.request("POST", spec.endpoint, json.dumps(body).encode())
            doc = reply.json() if reply.status == 200 else None
            answer = _dig(doc, spec.answer) if doc is not None else None
            silent = silent + 1 if reply.status is None else 0
            if answer is None:
                failures.append(f"request {i + 1}: {reply.describe()}")
            else:
                seconds.append(reply.seconds)
            answers.append(answer)
        answered = sum(a is not None for a in answers)
        stopped = f"; stopped answering after {GIVE_UP_AFTER} requests without an answer" \
            if silent >= GIVE_UP_AFTER else ""
        example = f"; e.g. {failures[0]}" if failures else ""
        y_true, y_got = _as_classes(labels, answers)
        value = metric(spec.metric, y_true, y_got, {"num_classes": int(max(y_true.max(), y_got.max()) + 1)})
        credit = credit_for(spec.metric, value, spec.thresholds)
        give("correct", credit, f"{spec.metric} {value:.4f} on {len(bodies)} hidden requests "
                                f"({answered} answered){stopped}{example} → {credit:.0%}")

        if "consistency" in rows:
            pred, why_not = (offline or {}).get(spec.offline, (None, f"the model task {spec.offline} was not graded"))
            if pred is None:
                give("consistency", 0.0, f"no offline predictions to compare with ({spec.offline}: {why_not})")
            elif len(pred) != len(answers):
                raise RuntimeError(f"{task.id}: {len(pred)} offline predictions for {len(answers)} requests")
            else:
                same = float(np.mean([a is not None and str(_int_like(a)) == str(_int_like(p))
                                      for a, p in zip(answers, pred.tolist())]))
                give("consistency", 1.0 if same >= spec.consistency else 0.0,
                     f"the service agrees with its own model run offline ({spec.offline}) on {same:.1%} of "
                     f"requests (needs {spec.consistency:.0%})")

        if "latency" in rows:
            if answered < max(1, len(bodies) // 2):
                give("latency", 0.0, f"too few answers to measure ({answered} of {len(bodies)})")
            else:
                ms = np.array(seconds) * 1000
                p50, p95 = float(np.percentile(ms, 50)), float(np.percentile(ms, 95))
                credit = 1.0 if p95 <= spec.latency_ms else 0.5 if p95 <= 2 * spec.latency_ms else 0.0
                give("latency", credit, f"p95 {p95:.1f} ms, p50 {p50:.1f} ms over {answered} requests, measured by "
                                        f"the grader (budget {spec.latency_ms:g} ms) → {credit:.0%}")

        if "bad_requests" in rows and (answered == 0 or silent >= GIVE_UP_AFTER):
            give("bad_requests", 0.0, "not tried: the service does not answer valid requests")
        elif "bad_requests" in rows:
            bad = standard_bad_requests(bodies[0] if bodies else {}) + [("a wrong method (GET)", "GET", None)]
            bad += [(f"exam case {i + 1}", "POST", b.encode() if isinstance(b, str) else json.dumps(b).encode())
                    for i, b in enumerate(spec.bad_requests)]
            refused, wrong = 0, []
            for what, method, body in bad:
                reply = svc.request(method, spec.endpoint, body)
                if reply.status is not None and 400 <= reply.status < 500:
                    refused += 1
                else:
                    wrong.append(f"{what}: {reply.describe()}")
            healthy = svc.request("GET", spec.ready).status == 200
            credit = refused / len(bad) if healthy else 0.0
            reason = f"{refused} of {len(bad)} malformed requests refused with a 4xx"
            if not healthy:
                reason += f"; afterwards it no longer answers GET {spec.ready}"
            if wrong:
                reason += f"; not refused: {'; '.join(wrong[:3])}"
            give("bad_requests", credit, reason)
        return result()


def _int_like(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


class ServiceKind(GradingKind):
    name = "service"

    def reference_files(self, task: Task) -> list[str]:
        return list(dict.fromkeys(task.service.files))  # what the service loads that the author's notebook writes

    def grade(self, run: GradingRun, tasks: list[Task]) -> list[dict]:
        ctx = run.ctx
        return each_task(run, tasks, lambda task: grade_service(
            task, run.submission_dir, hidden_dir=ctx.exam.hidden_dir, lab_env=ctx.lab_env, uid=run.uid,
            scratch_root=ctx.scratch_root, limits=ctx.model_limits(), cgroup_namespace=ctx.cgroup_namespace,
            offline=run.predictions))

    def check_reference(self, exam: ExamSpec, task: Task, expected: dict, graded: dict, problems: list[str]) -> None:
        reference_hand_in_earns_all(task, graded, problems)

    def summary(self, task: Task) -> str:
        s = task.service
        return f"bash {s.start} → POST {s.endpoint} → {s.answer} ({s.metric}, p95 ≤ {s.latency_ms:g} ms)"
