# %% [markdown] nbgrader={"grade_id": "p4_intro", "grade": false, "solution": false, "locked": true}
# # 04 · 服务 / The service
#
# 完成 `app/serve.py` 的 `do_POST`，新建启动脚本 `app/start.sh`（bash）：`bash app/start.sh` 在端口 `$PORT`（没有时 8080）上提供 `GET /health` 和 `POST /assistant`（请求体与 02 相同，回答 `handle()` 的结果），不合规的请求回答 4xx。也可以改用 FastAPI + uvicorn。
# Complete `do_POST` in `app/serve.py` and create the start script `app/start.sh` (bash): `bash app/start.sh` serves `GET /health` and `POST /assistant` (bodies as in 02, answering `handle()`'s result) on port `$PORT` (8080 if unset); malformed requests get a 4xx. FastAPI + uvicorn is fine too.
#
# 评分时整个文件夹位于 `/home/exam`、没有网络；评分内容：启动、隐藏请求的 `action`（≥ 97 % 满分）、P95 延迟 ≤ 40 ms、不合规请求得到 4xx。
# In grading the folder is at `/home/exam`, without network; graded: it starts, the hidden requests' `action` (≥ 97 % full), p95 latency ≤ 40 ms, malformed requests get a 4xx.

# %%
import base64
import importlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import numpy as np
import onnxruntime as ort
import yaml
from labkit.audio import log_mel

sys.path.insert(0, os.path.abspath("app"))
KWS_CARD = json.load(open("components/kws.json", encoding="utf-8"))
INTENT_CARD = json.load(open("components/intent.json", encoding="utf-8"))
VAL_TEXTS = [json.loads(line) for line in open("data/commands_text/val/texts.jsonl", encoding="utf-8")]
VAL_WAVES = np.load("data/speech_commands/val/waves.npy")
VAL_LABELS = np.load("data/speech_commands/val/labels.npy")
GRADING = bool(os.environ.get("PRACTICUM_GRADING"))


def reload_pipeline():
    """app/pipeline.py, freshly imported (after you edit it)."""
    import pipeline
    return importlib.reload(pipeline)


def audio_request(wave, rate=8000):
    return {"audio": base64.b64encode(np.asarray(wave, dtype="<i2").tobytes()).decode(), "sample_rate": rate}


def start_service(script, port=None, timeout=30):
    """Starts `bash script` in its folder with $PORT (yours by default); waits for GET /health."""
    port = port or int(os.environ.get("PORT", "8080"))
    log = open(f"/tmp/{os.path.basename(os.path.dirname(os.path.abspath(script)))}.log", "w")
    proc = subprocess.Popen(["bash", os.path.basename(script)], cwd=os.path.dirname(os.path.abspath(script)),
                            env={**os.environ, "PORT": str(port)}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    for _ in range(int(timeout * 10)):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc, port
        except Exception:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    stop_service(proc)
    raise RuntimeError(f"{script} did not answer GET /health on port {port}; log: {open(log.name).read()[-1500:]}")


def stop_service(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    proc.wait()


def post(port, path, body):
    """(status, JSON answer) of POST http://127.0.0.1:port/path."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.read()[:200]


def run_tests(path, Assistant):
    """Runs every test_* function of a pytest-style file with the Assistant class: (names, failures)."""
    import importlib.util
    import traceback
    spec = importlib.util.spec_from_file_location("candidate_tests", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    names = sorted(n for n in dir(mod) if n.startswith("test_") and callable(getattr(mod, n)))
    failures = {}
    for n in names:
        try:
            getattr(mod, n)(Assistant)
        except Exception as exc:  # noqa: BLE001 - a failing test is a result
            failures[n] = f"{type(exc).__name__}: {str(exc)[:150]}"
    return names, failures


print("components: kws", KWS_CARD["version"], "| intent", INTENT_CARD["version"], INTENT_CARD["input"])

# %%
# 启动、发送验证集请求、画延迟直方图、检查错误处理 / Start, send validation requests, plot latencies, check error handling
import matplotlib.pyplot as plt

if not GRADING and os.path.exists("app/start.sh"):
    proc, port = start_service("app/start.sh")
    try:
        expected = reload_pipeline().Assistant("config/assistant.yaml")
        lat, same, total = [], 0, 0
        bodies = [{"text": r["text"], "lang": r["lang"]} for r in VAL_TEXTS[:60]] + [audio_request(w) for w in VAL_WAVES[:40]]
        for body in bodies:
            t = time.perf_counter()
            status, doc = post(port, "/assistant", body)
            lat.append((time.perf_counter() - t) * 1000)
            total += 1
            same += status == 200 and doc.get("action") == expected.handle(body)["action"]
        print(f"{same} of {total} answers equal the pipeline run in this notebook")
        print(f"p50 {np.percentile(lat, 50):.1f} ms, p95 {np.percentile(lat, 95):.1f} ms")
        plt.figure(figsize=(6, 2.5))
        plt.hist(lat, bins=30)
        plt.xlabel("ms")
        plt.title("延迟 / latency")
        plt.show()
        bad = {"not JSON": b"{not json", "a list": b"[1, 2]", "{}": {}, "text of wrong type": {"text": 1, "lang": "en"},
               "empty text": {"text": "", "lang": "zh"}, "lang fr": {"text": "hi", "lang": "fr"},
               "not base64": {"audio": "%%%", "sample_rate": 8000}, "16 kHz": audio_request(VAL_WAVES[0], 16000)}
        for what, body in bad.items():
            status = post(port, "/assistant", body)[0]
            print(f"  {what:20s} -> {status} {'ok' if 400 <= status < 500 else '<-- should be 4xx'}")
        print("GET /health after the bad requests:", urllib.request.urlopen(f"http://127.0.0.1:{port}/health").status)
    finally:
        stop_service(proc)
elif not GRADING:
    print("create app/start.sh")
