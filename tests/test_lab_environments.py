"""The lab environments hold exactly their pinned packages, and the model tools work offline.

Tools that install what they miss at run time hide missing pins on a machine where they once had
network (paddle2onnx lets Polygraphy pip-install onnx_graphsurgeon; ONNX Runtime's quantisation
imports ml_dtypes without declaring it): the sandbox and a fresh CI machine then behave otherwise.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from practicum.core.settings import PROJECT_ROOT

IMAGES = PROJECT_ROOT / "images"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock) -> dict[str, str]:
    pins = {}
    for line in lock.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[_normalise(name)] = version
    return pins


@pytest.mark.parametrize("env", sorted(p.parent.name for p in IMAGES.glob("*/requirements.lock")))
def test_environment_matches_its_lock(env):
    python = PROJECT_ROOT / ".envs" / env / "bin" / "python"
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
                         capture_output=True, text=True, check=True).stdout
    installed = {_normalise(n): v for n, v in (ln.split("==", 1) for ln in out.splitlines() if "==" in ln)}
    pins = _pins(IMAGES / env / "requirements.lock")
    own = {"pip", "setuptools", "wheel"}  # pip itself; the project's own packages are practicum-*
    extra = {n: v for n, v in installed.items() if n not in pins and n not in own and not n.startswith("practicum-")}
    assert not extra, f".envs/{env} has packages its lock does not pin (installed at run time?): {extra}"
    wrong = {n: (installed.get(n), v) for n, v in pins.items() if installed.get(n) != v}
    assert not wrong, f".envs/{env} differs from its lock (installed, pinned): {wrong}"


def test_model_tools_need_nothing_installed_at_run_time():
    code = ("import onnxruntime.quantization, onnx_graphsurgeon, ml_dtypes\n"
            "from polygraphy.backend.onnx import fold_constants\n"
            "import onnx, onnx.helper as h\n"
            "g = h.make_graph([h.make_node('Add', ['a', 'b'], ['c'])], 'g', [],\n"
            "                 [h.make_tensor_value_info('c', onnx.TensorProto.FLOAT, [1])],\n"
            "                 [h.make_tensor('a', onnx.TensorProto.FLOAT, [1], [1.0]),\n"
            "                  h.make_tensor('b', onnx.TensorProto.FLOAT, [1], [2.0])])\n"
            "folded = fold_constants(h.make_model(g, opset_imports=[h.make_opsetid('', 13)]))\n"
            "print(len(folded.graph.node))\n")
    res = subprocess.run([str(PROJECT_ROOT / ".envs" / "ml" / "bin" / "python"), "-c", code], capture_output=True,
                         text=True, env={"POLYGRAPHY_AUTOINSTALL_DEPS": "0", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip().splitlines()[-1] == "0", "constant folding did not fold the Add"
