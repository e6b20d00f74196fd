"""`practicum images build`: the hub and lab images of the Dockerfile, built offline.

There is no registry to pull from (a centre's server often has none, and neither have the machines
this is built on), so everything an image holds is made here:
  1. the OS image: a Debian rootfs made with debootstrap (Debian's mirror is reachable), with every
     Debian package the images need, imported with `docker import`;
  2. wheels of every lock, made on the host with pip (same Python, same glibc), and the lab-side
     packages of the project (practice feedback, labkit);
  3. `docker build --network=none` of each target: nothing comes from outside.
Each image is tagged with the digest of what it is made of (`practicum/<target>:<digest>`, and
`:latest`); a build whose tag exists is skipped, so a second run costs seconds.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from practicum.core.content_cache import tree_digest
from practicum.core.settings import PROJECT_ROOT
from practicum.deploy import lab_packages
from practicum.hub.lab_config import write_lab_config

BUILD_DIR = PROJECT_ROOT / ".build"
SUITE, MIRROR = "bookworm", "http://deb.debian.org/debian"
# What the images need of Debian: Python, venv and libpython (cocotb embeds Python in the simulator),
# tini (PID 1), the chip tools
# (Icarus, Verilator's coverage tool, Yosys, make and g++ for Verilator's builds), a CJK font
# (plots with Chinese labels), espeak-ng (the speech data set, made by the hub), Pango (PDF reports).
OS_PACKAGES = sorted([
    "python3", "python3-venv", "libpython3.11", "ca-certificates", "tini", "procps", "less",
    "iverilog", "verilator", "yosys", "make", "g++", "libgomp1",
    "fonts-wqy-microhei", "espeak-ng", "libpango-1.0-0", "libpangoft2-1.0-0",
])
LAB_TARGETS = {"lab-base": "base", "lab-chip": "chip", "lab-ml": "ml"}
TARGETS = [*LAB_TARGETS, "hub"]
REPO = "practicum"
# What the hub image copies of the project (the Dockerfile's hub stage): its tag follows their content.
HUB_SOURCES = ("pyproject.toml", "images", "hardware_sim", "labkit", "offline_data", "labs", "practicum")


class EngineMissing(RuntimeError):
    pass


def engine_version() -> str | None:
    """The Docker Engine's version, or None where no engine answers (no Docker: the embedded
    bubblewrap mode needs none)."""
    try:
        res = subprocess.run(["docker", "info", "--format", "{{.ServerVersion}}"], capture_output=True,
                             text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    version = res.stdout.strip()
    return version if res.returncode == 0 and version and "error" not in version.lower() else None


def image_exists(tag: str) -> bool:
    return subprocess.run(["docker", "image", "inspect", tag], capture_output=True).returncode == 0


def image_size(tag: str) -> int:
    out = subprocess.run(["docker", "image", "inspect", "-f", "{{.Size}}", tag], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]


def lock_lines(env: str) -> list[str]:
    path = PROJECT_ROOT / ("requirements.lock" if env == "hub" else f"images/{env}/requirements.lock")
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def extra_lines(env: str) -> list[str]:
    """What a direction's lock adds to the base lock (the locks agree on every shared pin)."""
    base = {line.split("==")[0].lower(): line for line in lock_lines("base")}
    extra = []
    for line in lock_lines(env):
        name = line.split("==")[0].lower()
        if name not in base:
            extra.append(line)
        elif base[name] != line:
            raise RuntimeError(f"images/{env}/requirements.lock pins {line}, the base lock {base[name]}: "
                               "an image layered on the base needs the same pin")
    return extra


@dataclass
class Plan:
    """What each image is made of, as digests: a target's tag changes exactly when its inputs do."""

    os_key: str
    keys: dict[str, str]

    @classmethod
    def make(cls) -> "Plan":
        dockerfile = (PROJECT_ROOT / "Dockerfile").read_bytes()
        os_key = _digest(SUITE, MIRROR, *OS_PACKAGES)
        base = _digest(os_key, dockerfile, *lock_lines("base"), json.dumps(_jupyter_config()))
        keys = {"lab-base": base}
        for target, env in LAB_TARGETS.items():
            if env != "base":
                keys[target] = _digest(base, *extra_lines(env),
                                       *(lab_packages.digest(n) for n in lab_packages.for_environment(env)))
        keys["hub"] = _digest(os_key, dockerfile, *lock_lines("hub"),
                              tree_digest(*(PROJECT_ROOT / part for part in HUB_SOURCES)))
        return cls(os_key, keys)

    def tag(self, target: str) -> str:
        return f"{REPO}/{target}:{self.keys[target]}"

    @property
    def os_tag(self) -> str:
        return f"{REPO}/os:{self.os_key}"


def _jupyter_config() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        write_lab_config(Path(tmp))
        return {str(p.relative_to(tmp)): p.read_text() for p in sorted(Path(tmp).rglob("*")) if p.is_file()}


def _say(out, text: str) -> None:
    print(text, file=out, flush=True)


def _run_logged(argv: list[str], log: Path | None, env: dict | None = None) -> None:
    res = subprocess.run(argv, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        detail = log.read_text(errors="replace")[-3000:] if log and log.exists() else res.stderr[-3000:]
        raise RuntimeError(f"{' '.join(argv[:3])} failed:\n{res.stdout[-1500:]}\n{detail}")


def build_os_image(plan: Plan, out) -> None:
    """debootstrap (minbase) with OS_PACKAGES into a folder, then `docker import` it."""
    if image_exists(plan.os_tag):
        return
    if not shutil.which("debootstrap"):
        raise RuntimeError("debootstrap is missing: apt-get install debootstrap (scripts/setup does)")
    BUILD_DIR.mkdir(exist_ok=True)
    rootfs = Path(tempfile.mkdtemp(prefix="rootfs-", dir=BUILD_DIR))
    try:
        _say(out, f"images: Debian {SUITE} with {len(OS_PACKAGES)} packages (debootstrap, a few minutes)…")
        # debootstrap only the core (its --include cannot configure a set as large as GTK, which
        # yosys pulls in through xdot); apt in the new root installs the rest.
        core = ["python3", "python3-venv", "ca-certificates"]
        _run_logged(["debootstrap", "--variant=minbase", f"--include={','.join(core)}", SUITE, str(rootfs), MIRROR],
                    rootfs / "debootstrap" / "debootstrap.log")
        env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
        _run_logged(["chroot", str(rootfs), "apt-get", "update", "-qq"], None, env)
        _run_logged(["chroot", str(rootfs), "apt-get", "install", "-y", "-qq", "--no-install-recommends",
                     *[p for p in OS_PACKAGES if p not in core]], None, env)
        _run_logged(["chroot", str(rootfs), "apt-get", "clean"], None, env)
        # Lean: no package lists, caches or docs in the layer every image shares.
        for junk in ("var/cache/apt", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/info"):
            for path in (rootfs / junk).glob("*"):
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        subprocess.run(["docker", "import", "--change", "ENV PATH=/usr/local/bin:/usr/bin:/bin", "-", plan.os_tag],
                       stdin=tar.stdout, check=True, stdout=subprocess.DEVNULL)
        if tar.wait() != 0:
            raise RuntimeError("tar of the rootfs failed")
    finally:
        shutil.rmtree(rootfs, ignore_errors=True)


def make_wheels(env: str, lines: list[str], out) -> None:
    """The wheels of `lines` (exact pins) in .build/wheels/<env>, made once per set of pins."""
    folder = BUILD_DIR / "wheels" / env
    stamp = folder / ".pins"
    want = "\n".join(lines) + "\n"
    if stamp.exists() and stamp.read_text() == want:
        return
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as req:
        req.write(want)
        req.flush()
        _say(out, f"images: wheels for {env} ({len(lines)} packages)…")
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
                        "--use-pep517",  # sdists built in isolation (setuptools and wheel fetched for them)
                        "-r", req.name, "-w", str(folder)], check=True)
    stamp.write_text(want)


def _lab_package_wheel(name: str, folder: Path) -> str:
    """The project's lab package `name` as a wheel in folder, rebuilt only when its files change
    (a new wheel is new bytes, which would make Docker rebuild every layer after it)."""
    stamp = folder / f".{name}.digest"
    wheels = sorted(folder.glob(f"practicum_*{name}*.whl"))
    if wheels and stamp.exists() and stamp.read_text() == lab_packages.digest(name):
        return wheels[-1].name
    for old in wheels:
        old.unlink()
    wheel = lab_packages.build_wheel(name, folder)
    stamp.write_text(lab_packages.digest(name))
    return wheel.name


def prepare_context(plan: Plan, out) -> None:
    """Everything the Dockerfile copies from .build/."""
    make_wheels("base", lock_lines("base"), out)
    make_wheels("hub", lock_lines("hub"), out)
    locks = BUILD_DIR / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    for env in ("chip", "ml"):
        extra = extra_lines(env)
        make_wheels(env, extra, out)
        folder = BUILD_DIR / "wheels" / env
        own = [_lab_package_wheel(name, folder) for name in lab_packages.for_environment(env)]
        (locks / f"{env}-extra.txt").write_text("\n".join([*extra, *(f"/wheels/{env}/{w}" for w in own)]) + "\n")
    jupyter = BUILD_DIR / "jupyter"  # .build/jupyter/<language>/: what the bubblewrap labs mount
    shutil.rmtree(jupyter, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        write_lab_config(Path(tmp))
        shutil.copytree(Path(tmp) / "jupyter", jupyter)


def build(targets: list[str] | None = None, out=sys.stdout) -> dict[str, dict]:
    """Builds the targets that are not built yet (all by default); returns per target its tag,
    whether it was built now, the seconds it took and its size."""
    if engine_version() is None:
        raise EngineMissing("no Docker Engine answers (`docker info` fails): the container images were not "
                            "built; the embedded mode (bubblewrap) does not need them")
    plan = Plan.make()
    wanted = targets or TARGETS
    todo = [t for t in wanted if not image_exists(plan.tag(t))]
    report = {t: {"tag": plan.tag(t), "built": False, "seconds": 0.0} for t in wanted}
    if todo:
        build_os_image(plan, out)
        prepare_context(plan, out)
    for target in todo:
        _say(out, f"images: building {plan.tag(target)}…")
        began = time.monotonic()
        res = subprocess.run(["docker", "build", "--network=none", "-f", str(PROJECT_ROOT / "Dockerfile"),
                              "--build-arg", f"OS_IMAGE={plan.os_tag}", "--target", target,
                              "-t", plan.tag(target), "-t", f"{REPO}/{target}:latest", str(PROJECT_ROOT)],
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError(f"docker build of {target} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
        report[target].update(built=True, seconds=round(time.monotonic() - began, 1))
    for target in wanted:
        subprocess.run(["docker", "tag", plan.tag(target), f"{REPO}/{target}:latest"], check=True)
        report[target]["size_mb"] = round(image_size(plan.tag(target)) / 2**20)
    if targets is None:  # a whole build knows every current tag
        untag_old(plan)
    return report


def untag_old(plan: Plan) -> list[str]:
    """Removes the tags of earlier builds (`practicum/<name>:<other digest>`), so old images do not
    pile up on a centre's disk; layers still used by the current images stay."""
    current = {plan.os_tag, *(plan.tag(t) for t in TARGETS)}
    listed = subprocess.run(["docker", "images", "--format", "{{.Repository}}:{{.Tag}}", f"{REPO}/*"],
                            capture_output=True, text=True).stdout.split()
    old = [tag for tag in listed if not tag.endswith(":latest") and tag not in current]
    for tag in old:
        subprocess.run(["docker", "rmi", tag], capture_output=True)
    return old


def main(targets: list[str], *, if_engine: bool = False, as_json: bool = False) -> int:
    """`practicum images build [targets] [--if-engine] [--json]`."""
    unknown = sorted(set(targets) - set(TARGETS))
    if unknown:
        print(f"unknown image {', '.join(unknown)}; the images are {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    try:
        report = build(targets or None)
    except EngineMissing as exc:
        print(f"images: skipped: {exc}")
        return 0 if if_engine else 1
    for target, r in report.items():
        print(f"images: {r['tag']}  {r['size_mb']} MiB  " + (f"built in {r['seconds']:.0f} s" if r["built"]
                                                            else "up to date"))
    if as_json:
        print(json.dumps(report))
    return 0
