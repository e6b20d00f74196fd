"""The container images (Dockerfile, practicum/deploy/images.py): built offline by the project's own
command from an engine with no registry, each lab image starts its server as an unprivileged user
with a read-only root filesystem and runs its direction's tools for real; chip and ml share the base
layers (one copy of Paddle). Where no engine answers, the command says so plainly."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid

import pytest
import requests

from practicum.core.settings import PROJECT_ROOT
from practicum.deploy import images


def docker(*args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    res = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check:
        assert res.returncode == 0, f"docker {' '.join(args)}:\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}"
    return res


def run_in(image: str, code: str, *, mounts: dict[str, str] | None = None, timeout: float = 600) -> str:
    """Python code in a throwaway container of the image: no network, read-only root, its own /tmp."""
    volumes = [arg for host, inside in (mounts or {}).items() for arg in ("-v", f"{host}:{inside}")]
    res = docker("run", "--rm", "--network=none", "--read-only", "--tmpfs", "/tmp:exec", "--cap-drop=ALL",
                 "--tmpfs", "/home/candidate:uid=1000,gid=1000",  # the workspace volume's place
                 "--security-opt", "no-new-privileges", *volumes, image, "python", "-c", code, timeout=timeout)
    return res.stdout


@pytest.fixture(scope="module")
def built():
    """The project's one command, as scripts/setup runs it (a second run: nothing to do)."""
    if images.engine_version() is None:
        pytest.skip("no Docker Engine answers here: the container images cannot be built")
    first = subprocess.run([sys.executable, "-m", "practicum.cli", "images", "build", "--json"], cwd=PROJECT_ROOT,
                           capture_output=True, text=True, timeout=3600)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    docker("tag", "practicum/lab-base:latest", "practicum/lab-base:0000000000000000")  # an earlier build's
    began = time.monotonic()
    again = subprocess.run([sys.executable, "-m", "practicum.cli", "images", "build", "--json"], cwd=PROJECT_ROOT,
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout.strip().splitlines()[-1])
    return report, time.monotonic() - began


def test_every_image_is_built_and_a_second_build_does_nothing(built):
    report, seconds = built
    assert set(report) == set(images.TARGETS)
    assert not any(r["built"] for r in report.values()), report
    assert docker("image", "inspect", "practicum/lab-base:0000000000000000", check=False).returncode != 0, \
        "an earlier build's tag is kept"
    for target, r in report.items():
        assert r["tag"].startswith(f"practicum/{target}:") and r["size_mb"] > 100
        assert docker("image", "inspect", f"practicum/{target}:latest").returncode == 0
    print(f"second build: {seconds:.1f} s; sizes: " + ", ".join(f"{t} {r['size_mb']} MB" for t, r in report.items()))


def test_chip_and_ml_share_the_base_layers(built):
    def layers(target):
        tag = f"practicum/{target}:latest"
        return json.loads(docker("image", "inspect", "-f", "{{json .RootFS.Layers}}", tag).stdout)

    base = layers("lab-base")
    for target in ("lab-chip", "lab-ml"):
        mine = layers(target)
        assert mine[:len(base)] == base, f"{target} does not stand on lab-base's layers"
        assert len(mine) - len(base) <= 3  # its extras, the .pth: no second copy of the base


def test_a_lab_serves_jupyterlab_as_an_unprivileged_user_in_chinese(built):
    name = f"practicum-test-lab-{uuid.uuid4().hex[:8]}"
    token = uuid.uuid4().hex
    docker("run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp:exec", "--cap-drop=ALL",
           "--security-opt", "no-new-privileges", "--pids-limit", "512", "--memory", "2g",
           "--tmpfs", "/home/candidate:uid=1000,gid=1000", "-p", "127.0.0.1::8888", "practicum/lab-base:latest",
           "jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser", f"--IdentityProvider.token={token}")
    try:
        port = docker("port", name, "8888").stdout.strip().splitlines()[0].rsplit(":", 1)[1]
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                status = requests.get(f"{url}/api/status", params={"token": token}, timeout=5)
                if status.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, docker("logs", name, check=False).stderr[-3000:]
            time.sleep(1)
        assert requests.get(f"{url}/api/status", timeout=5).status_code == 403  # no token: refused
        zh = requests.get(f"{url}/lab/api/translations/zh_CN", params={"token": token}, timeout=10).json()
        assert zh["data"] and "jupyterlab" in zh["data"], "the zh-CN language pack is missing"
        settings = requests.get(f"{url}/lab/api/settings/@jupyterlab/docmanager-extension:plugin",
                                params={"token": token}, timeout=10).json()
        # the exam's overrides become the schema's defaults: autosave every 10 s, in Chinese
        assert settings["schema"]["properties"]["autosaveInterval"]["default"] == 10
        who = docker("exec", name, "id", "-u").stdout.strip()
        assert who == "1000"
        assert docker("exec", name, "touch", "/opt/lab/x", check=False).returncode != 0  # read-only root
    finally:
        docker("rm", "-f", name, check=False)


def test_the_base_image_trains_with_paddle(built):
    out = run_in("practicum/lab-base:latest", """
import numpy as np, paddle
paddle.seed(0)
x = paddle.to_tensor(np.random.default_rng(0).normal(size=(64, 3)).astype('float32'))
y = x @ paddle.to_tensor([[1.0], [-2.0], [0.5]])
net = paddle.nn.Linear(3, 1)
opt = paddle.optimizer.SGD(learning_rate=0.1, parameters=net.parameters())
for _ in range(200):
    loss = ((net(x) - y) ** 2).mean(); loss.backward(); opt.step(); opt.clear_grad()
print(round(float(loss), 6), paddle.__version__)
""")
    loss, version = out.split()
    assert float(loss) < 1e-4 and version == "3.3.1"


def test_the_ml_image_exports_to_onnx_and_runs_it(built, tmp_path):
    tmp_path.chmod(0o777)
    out = run_in("practicum/lab-ml:latest", """
import numpy as np, paddle, onnxruntime as ort, labkit
net = paddle.nn.Sequential(paddle.nn.Linear(4, 8), paddle.nn.ReLU(), paddle.nn.Linear(8, 2)); net.eval()
spec = [paddle.static.InputSpec([None, 4], 'float32', 'x')]
paddle.onnx.export(net, '/work/m', input_spec=spec)
x = np.random.default_rng(1).normal(size=(5, 4)).astype('float32')
got = ort.InferenceSession('/work/m.onnx').run(None, {'x': x})[0]
print(float(np.abs(got - net(paddle.to_tensor(x)).numpy()).max()))
""", mounts={str(tmp_path): "/work"})
    assert float(out.strip().splitlines()[-1]) < 1e-5  # paddle2onnx logs to stdout before it


COUNTER_V = """
module counter (input clk, input rst, output reg [3:0] q);
  always @(posedge clk) if (rst) q <= 0; else q <= q + 1;
endmodule
"""
TEST_COUNTER = """
import cocotb
from cocotb.clock import Clock
from cocotb.triggers import RisingEdge, ReadOnly

@cocotb.test()
async def counts(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value = 1
    await RisingEdge(dut.clk); await RisingEdge(dut.clk)
    dut.rst.value = 0
    for want in range(1, 6):
        await RisingEdge(dut.clk); await ReadOnly()
        assert int(dut.q.value) == want
"""


@pytest.mark.parametrize("sim", ["verilator", "icarus"])
def test_the_chip_image_simulates_with_cocotb(built, tmp_path, sim):
    (tmp_path / "counter.v").write_text(COUNTER_V)
    (tmp_path / "test_counter.py").write_text(TEST_COUNTER)
    tmp_path.chmod(0o777)
    out = run_in("practicum/lab-chip:latest", f"""
from pathlib import Path
from cocotb_tools.runner import get_runner
from hardware_sim import cocotb_runner
runner = get_runner("{sim}")
job = {{"sources": ["/work/counter.v"], "toplevel": "counter", "test_module": "test_counter", "sim": "{sim}"}}
s = cocotb_runner.build_and_test(runner, job, build_dir=Path("/tmp/build"), test_dir="/work",
                                 results_xml=Path("/tmp/results.xml"), key="k")
assert s["build_exc"] is None and s["test_exc"] is None, s
print([(c["name"], c["status"]) for c in cocotb_runner.read_junit(Path("/tmp/results.xml"))])
""", mounts={str(tmp_path): "/work"})
    assert "('counts', 'passed')" in out, out


@pytest.mark.unit
def test_where_no_engine_answers_the_build_says_so(tmp_path):
    env = {"DOCKER_HOST": f"unix://{tmp_path}/no-such.sock", "PATH": "/usr/local/bin:/usr/bin:/bin"}
    plain = subprocess.run([sys.executable, "-m", "practicum.cli", "images", "build"], cwd=PROJECT_ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode == 1 and "no Docker Engine answers" in plain.stdout
    lenient = subprocess.run([sys.executable, "-m", "practicum.cli", "images", "build", "--if-engine"],
                             cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert lenient.returncode == 0 and "skipped" in lenient.stdout and "bubblewrap" in lenient.stdout
