"""The project's own libraries that run inside candidates' labs, packaged for a lab environment:
the chip labs' practice feedback (hardware_sim.practice and the modules it imports) and labkit for the
model labs. Labs cannot see the project folder, so each is a small wheel made from the files listed
here, installed into the lab virtualenv by scripts/setup and into the lab images by images.py. The
library's RTL, golden models, benches and mutants are not among the files: they never reach a lab."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from practicum.core.settings import PROJECT_ROOT

# name: (the lab environment it goes into, its pyproject, the files of its package)
PACKAGES = {
    "practice": ("chip", "images/chip/practice/pyproject.toml",
                 ["hardware_sim/__init__.py", "hardware_sim/checks.py", "hardware_sim/cocotb_runner.py",
                  "hardware_sim/coverage.py", "hardware_sim/run_sim.py", "hardware_sim/practice.py"]),
    "labkit": ("ml", "images/ml/labkit/pyproject.toml", sorted(str(p.relative_to(PROJECT_ROOT))
                                                               for p in (PROJECT_ROOT / "labkit").glob("*.py"))),
}


def for_environment(env: str) -> list[str]:
    return [name for name, (target, _, _) in PACKAGES.items() if target == env]


def digest(name: str) -> str:
    """Changes when the package would: its pyproject or one of its files."""
    _, pyproject, files = PACKAGES[name]
    h = hashlib.sha256()
    for rel in [pyproject, *files]:
        h.update(rel.encode() + b"\0" + (PROJECT_ROOT / rel).read_bytes())
    return h.hexdigest()


def build_wheel(name: str, out_dir: Path) -> Path:
    """Builds the package's wheel into out_dir (made if missing) and returns its path."""
    _, pyproject, files = PACKAGES[name]
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        shutil.copy(PROJECT_ROOT / pyproject, stage / "pyproject.toml")
        for rel in files:
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(PROJECT_ROOT / rel, stage / rel)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
                        "-w", str(stage / "dist"), str(stage)], check=True)
        [wheel] = (stage / "dist").glob("*.whl")
        return Path(shutil.move(wheel, out_dir / wheel.name))


def install(env: str, env_dir: Path) -> None:
    """Installs (again, when a file changed) the packages of lab environment `env` into env_dir."""
    for name in for_environment(env):
        stamp = env_dir / f".installed-{name}"
        want = digest(name)
        if stamp.exists() and stamp.read_text().strip() == want:
            continue
        print(f"setup: installing {name} into {env_dir}")
        with tempfile.TemporaryDirectory() as tmp:
            wheel = build_wheel(name, Path(tmp))
            subprocess.run([str(env_dir / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", "--no-input",
                            "--no-deps", "--force-reinstall", str(wheel)], check=True)
        stamp.write_text(want + "\n")


if __name__ == "__main__":  # python -m practicum.deploy.lab_packages install ENV ENV_DIR
    command, env, env_dir = sys.argv[1:4]
    if command != "install":
        raise SystemExit("usage: python -m practicum.deploy.lab_packages install ENV ENV_DIR")
    install(env, Path(env_dir))
