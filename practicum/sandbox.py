"""The bubblewrap sandbox for untrusted candidate code, and the limits around it.

Layout inside a sandbox (an allow-list: nothing else of the host exists there):
    /usr, /etc, /bin, /lib...   read-only system
    <lab env>                   read-only Python environment of the candidate's direction
    /run/practicum/jupyter      read-only Jupyter configuration (autosave, language)
    /home/exam                  the candidate's own workspace, the only writable host path
    /tmp, /run                  private tmpfs
The process runs as a uid of its own (no capabilities), in new user, PID, IPC and UTS
namespaces, so it cannot see other candidates' processes or files, the databases, secrets,
exam sources or hidden assets, which are simply not mounted.

Limits: cgroup v1 memory and pids controllers where the host offers them (as here, as root),
else per-process rlimits; always RLIMIT_FSIZE, RLIMIT_NPROC and RLIMIT_CORE=0.
`describe()` says exactly which of these are enforced on this machine.
"""

from __future__ import annotations

import os
import resource
import selectors
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import psutil

from practicum.core.limits import Limits

MB = 1024 * 1024
WORKSPACE_MOUNT = "/home/exam"
JUPYTER_CONFIG_MOUNT = "/run/practicum/jupyter"
BWRAP = os.environ.get("PRACTICUM_BWRAP", "bwrap")


# ------------------------------------------------------------------ cgroups (v1)


def _own_cgroup(controller: str) -> str:
    with open("/proc/self/cgroup") as f:
        for line in f:
            _id, ctrls, path = line.rstrip("\n").split(":", 2)
            if controller in ctrls.split(","):
                return path
    raise FileNotFoundError(controller)


class Cgroups:
    """A per-sandbox group in the memory and pids controllers of cgroup v1, nested in our own."""

    CONTROLLERS = ("memory", "pids")

    def __init__(self, paths: dict[str, str]) -> None:
        self.paths = paths  # controller -> directory

    @staticmethod
    def base_dirs(namespace: str) -> dict[str, Path] | None:
        """Where this instance's groups go, or None when cgroup v1 is not usable here."""
        dirs = {}
        for ctrl in Cgroups.CONTROLLERS:
            root = Path("/sys/fs/cgroup") / ctrl
            try:
                own = _own_cgroup(ctrl)
            except (OSError, FileNotFoundError):
                return None
            base = root / own.lstrip("/") / namespace
            try:
                base.mkdir(parents=True, exist_ok=True)
            except OSError:
                return None
            if not os.access(base, os.W_OK):
                return None
            dirs[ctrl] = base
        return dirs

    @classmethod
    def create(cls, namespace: str, name: str, limits: Limits) -> "Cgroups | None":
        bases = cls.base_dirs(namespace)
        if bases is None:
            return None
        paths = {}
        for ctrl, base in bases.items():
            d = base / name
            d.mkdir(exist_ok=True)
            paths[ctrl] = str(d)
        mem = Path(paths["memory"])
        (mem / "memory.limit_in_bytes").write_text(str(limits.memory_mb * MB))
        memsw = mem / "memory.memsw.limit_in_bytes"
        if memsw.exists():
            try:  # no swap escape; fails harmlessly where swap accounting is off
                memsw.write_text(str(limits.memory_mb * MB))
            except OSError:
                pass
        (Path(paths["pids"]) / "pids.max").write_text(str(limits.processes))
        return cls(paths)

    def attach_self(self) -> None:
        """Called in the child before exec: it and all its descendants stay in the groups."""
        pid = str(os.getpid())
        for path in self.paths.values():
            with open(os.path.join(path, "cgroup.procs"), "w") as f:
                f.write(pid)

    def pids(self) -> list[int]:
        """Live processes of the group (a zombie waiting for its parent is already dead)."""
        try:
            with open(os.path.join(self.paths["pids"], "cgroup.procs")) as f:
                pids = [int(x) for x in f.read().split()]
        except FileNotFoundError:
            return []
        live = []
        for pid in pids:
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    live.append(pid)
            except psutil.Error:
                continue
        return live

    def memory_bytes(self) -> int:
        try:
            return int(Path(self.paths["memory"], "memory.usage_in_bytes").read_text())
        except (OSError, ValueError):
            return 0

    def oom_kills(self) -> int:
        try:
            for line in Path(self.paths["memory"], "memory.oom_control").read_text().splitlines():
                if line.startswith("oom_kill "):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def kill_all(self, sig: int = signal.SIGKILL, rounds: int = 20) -> None:
        for _ in range(rounds):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            time.sleep(0.05)

    def remove(self) -> None:
        for path in self.paths.values():
            try:
                os.rmdir(path)
            except OSError:
                pass


# ------------------------------------------------------------------ the bwrap command


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    return args


def bwrap_argv(
    *,
    workspace: Path | None,
    ro_paths: list[Path] = (),
    ro_mounts: dict[str, Path] | None = None,
    network: bool = True,
    die_with_parent: bool = False,
    passwd_fd: int | None = None,
    data_fds: dict[str, int] | None = None,
    workdir: str = WORKSPACE_MOUNT,
    tmpfs_mb: int | None = None,
) -> list[str]:
    """The bubblewrap prefix for a command; see the module docstring for the layout.

    `network=True` keeps the host's loopback (the hub must reach a lab's server); graders
    pass False for a namespace with nothing but its own `lo`. `die_with_parent` is for graders:
    a lab must outlive a hub restart, so it is stopped through its cgroup instead.
    `workspace=None` with `tmpfs_mb` gives a home that lives in memory, capped in size, and caps
    /tmp the same way: graders use it so that a disk-filling loop fills nothing but its own quota.
    """
    size = ["--size", str(tmpfs_mb * MB)] if tmpfs_mb else []
    args = [
        BWRAP,
        "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        "--new-session",  # no TIOCSTI into a terminal outside
        "--cap-drop", "ALL",
        "--hostname", "practicum",
        *_system_binds(),
        "--proc", "/proc", "--dev", "/dev",
        *size, "--tmpfs", "/tmp", "--tmpfs", "/run", "--tmpfs", "/home",
        "--symlink", "/tmp", "/var/tmp",
    ]
    if not network:
        args.append("--unshare-net")
    if die_with_parent:
        args.append("--die-with-parent")
    for path in ro_paths:
        args += ["--ro-bind", str(path), str(path)]
    for target, source in (ro_mounts or {}).items():
        args += ["--ro-bind", str(source), target]
    if passwd_fd is not None:
        args += ["--ro-bind-data", str(passwd_fd), "/etc/passwd"]
    for target, fd in (data_fds or {}).items():  # read-only files made from memory (memfd)
        args += ["--ro-bind-data", str(fd), target]
    if workspace is not None:
        args += ["--bind", str(workspace), WORKSPACE_MOUNT]
    else:
        args += [*size, "--tmpfs", WORKSPACE_MOUNT]
    args += ["--chdir", workdir, "--"]
    return args


def data_memfd(data: bytes, name: str = "data") -> int:
    """An inheritable in-memory file, for bwrap's --ro-bind-data."""
    fd = os.memfd_create(name, 0)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.lseek(fd, 0, os.SEEK_SET)
    os.set_inheritable(fd, True)
    return fd


def passwd_memfd(uid: int, name: str = "candidate") -> int:
    """An /etc/passwd naming the sandbox user, so shells and `whoami` behave."""
    return data_memfd(
        f"root:x:0:0::/root:/usr/sbin/nologin\n{name}:x:{uid}:{uid}:{name}:{WORKSPACE_MOUNT}:/bin/bash\n".encode(),
        "passwd")


def make_preexec(uid: int, limits: Limits, cgroups: Cgroups | None) -> Callable[[], None]:
    """Runs in the forked child as root: join the cgroups, set rlimits, drop to `uid`."""

    def preexec() -> None:
        if cgroups is not None:
            cgroups.attach_self()
        else:  # no memory controller: a per-process address-space cap is the fallback
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * MB,) * 2)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * MB,) * 2)
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes,) * 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files,) * 2)
        if limits.cpu_seconds:
            resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        os.umask(0o022)

    return preexec


class SandboxRun:
    """One command in a fresh sandbox (a context manager): its own cgroups where the host has them,
    started with the limits as `uid`, its stdout and stderr on one pipe; on exit every process it
    left behind is killed and its groups removed. Graders' runs are built on this.

    `pass_fds` are handed over to the command: this side closes them once it has started (or failed
    to start), so the caller never closes them itself."""

    def __init__(self, argv: list[str], *, uid: int, limits: Limits, env: dict[str, str], name: str,
                 cgroup_namespace: str | None = None, pass_fds: tuple[int, ...] = ()) -> None:
        self.argv, self.uid, self.limits, self.env, self.pass_fds = argv, uid, limits, env, pass_fds
        self.name = f"{name}-{os.getpid()}-{time.monotonic_ns()}"
        self.cgroup_namespace = cgroup_namespace
        self.cgroups: Cgroups | None = None
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "SandboxRun":
        try:
            if self.cgroup_namespace:
                self.cgroups = Cgroups.create(self.cgroup_namespace, self.name, self.limits)
            self.proc = subprocess.Popen(self.argv, preexec_fn=make_preexec(self.uid, self.limits, self.cgroups),
                                         env=self.env, pass_fds=self.pass_fds, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        except BaseException:
            self._remove_groups()
            raise
        finally:
            for fd in self.pass_fds:
                os.close(fd)
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        kill_process_group(self.proc.pid, self.cgroups)
        self.proc.wait()
        self._remove_groups()

    def _remove_groups(self) -> None:
        if self.cgroups is not None:
            self.cgroups.kill_all()
            self.cgroups.remove()

    @property
    def stdout_fd(self) -> int:
        return self.proc.stdout.fileno()

    def pump(self, handlers: dict[int, Callable[[bytes], str | None]], tick: Callable[[], str | None],
             until_exit: bool = False) -> str | None:
        """Reads the given pipes (fd -> handler of each chunk) until every one has closed and returns
        None, or returns the first reason to stop that a handler or `tick` (called every 0.2 s at
        least) gives. `until_exit` also ends the reading when the command has exited and its pipes
        are quiet, though something it started in the background still holds them open."""
        sel = selectors.DefaultSelector()
        for fd in handlers:
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ)
        try:
            while sel.get_map():
                reason = tick()
                if reason:
                    return reason
                ready = sel.select(timeout=0.2)
                if not ready and until_exit and self.proc.poll() is not None:
                    return None
                for key, _ in ready:
                    try:
                        chunk = os.read(key.fd, 1 << 20)
                    except BlockingIOError:
                        continue
                    if not chunk:
                        sel.unregister(key.fd)
                        continue
                    reason = handlers[key.fd](chunk)
                    if reason:
                        return reason
            return None
        finally:
            sel.close()


def killed_by_signal(returncode: int | None) -> int | None:
    """The signal that ended a sandboxed command (bwrap reports a killed child as 128 + N)."""
    if returncode is None:
        return None
    return -returncode if returncode < 0 else returncode - 128 if returncode > 128 else None


def run_sandboxed(
    cmd: list[str],
    *,
    workspace: Path,
    uid: int,
    limits: Limits = Limits(),
    ro_paths: list[Path] = (),
    network: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    cgroup_namespace: str | None = None,
) -> subprocess.CompletedProcess:
    """Runs one command in a fresh sandbox and waits; the whole sandbox dies on timeout."""
    name = f"run-{os.getpid()}-{time.monotonic_ns()}"
    cgroups = Cgroups.create(cgroup_namespace, name, limits) if cgroup_namespace else None
    passwd = passwd_memfd(uid)
    argv = bwrap_argv(workspace=workspace, ro_paths=list(ro_paths), network=network,
                      die_with_parent=True, passwd_fd=passwd) + cmd
    base_env = {"PATH": "/usr/bin:/bin", "HOME": WORKSPACE_MOUNT, "LANG": "C.UTF-8", "USER": "candidate"}
    try:
        proc = subprocess.Popen(argv, preexec_fn=make_preexec(uid, limits, cgroups), pass_fds=(passwd,),
                                env={**base_env, **(env or {})}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_process_group(proc.pid, cgroups)
            out, err = proc.communicate()
        return subprocess.CompletedProcess(argv, proc.returncode, out, err)
    finally:
        os.close(passwd)
        if cgroups is not None:
            cgroups.kill_all()
            cgroups.remove()


def kill_process_group(pid: int, cgroups: Cgroups | None) -> None:
    """Kills a sandbox: every process of its cgroup, and the outer bwrap with its children.

    Killing bwrap's first child (PID 1 of the sandbox's PID namespace) makes the kernel kill
    everything else in that namespace, so this holds without cgroups too.
    """
    if cgroups is not None:
        cgroups.kill_all()
    try:
        procs = psutil.Process(pid).children(recursive=True) + [psutil.Process(pid)]
    except psutil.NoSuchProcess:
        return
    for proc in procs:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass


# ------------------------------------------------------------------ checks and reports


@dataclass
class Probe:
    ok: bool
    detail: str


def probe_bwrap(uid: int) -> Probe:
    """Can an unprivileged uid build our sandbox here? Exams are refused when it cannot."""
    exe = shutil.which(BWRAP)
    if exe is None:
        return Probe(False, f"{BWRAP} is not installed (apt-get install bubblewrap)")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        os.chown(tmp, uid, uid)
        argv = bwrap_argv(workspace=Path(tmp), die_with_parent=True) + ["/bin/sh", "-c", "echo ok > /home/exam/probe"]
        try:
            res = subprocess.run(argv, preexec_fn=make_preexec(uid, Limits(), None), capture_output=True,
                                 text=True, timeout=20)
        except (OSError, subprocess.SubprocessError) as exc:
            return Probe(False, f"bubblewrap failed to run: {exc}")
        if res.returncode != 0 or not (Path(tmp) / "probe").exists():
            return Probe(False, f"bubblewrap cannot create a sandbox here: {res.stderr.strip() or res.returncode}")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    return Probe(True, version)


def describe(limits: Limits, namespace: str = "practicum-probe") -> list[str]:
    """What this machine enforces (default limits; each exam sets its own), for `up` and `doctor`."""
    lines = []
    bases = Cgroups.base_dirs(namespace)
    if bases is not None:
        lines.append(f"memory: {limits.memory_mb} MB per candidate (cgroup v1 memory controller)")
        lines.append(f"processes/threads: {limits.processes} per candidate (cgroup v1 pids controller)")
        for base in bases.values():
            try:
                base.rmdir()
            except OSError:
                pass
    else:
        lines.append(f"memory: {limits.memory_mb} MB per process (RLIMIT_AS; no usable cgroup v1 here)")
        lines.append(f"processes/threads: {limits.processes} per candidate uid (RLIMIT_NPROC)")
    lines.append(f"file size: {limits.file_mb} MB per file (RLIMIT_FSIZE)")
    lines.append("workspace disk space: not limited (no per-candidate quota)")
    return lines
