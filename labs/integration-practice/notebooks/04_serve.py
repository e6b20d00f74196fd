# %% [markdown] nbgrader={"grade_id": "p4_intro", "grade": false, "solution": false, "locked": true}
# # 04 · 服务 / The service
#
# 完成 `app/serve.py` 的 `do_POST`，新建启动脚本 `app/start.sh`（bash）：`bash app/start.sh` 在端口 `$PORT`（没有时 8080）上提供 `GET /health` 和 `POST /assistant`（请求体与 02 相同，回答 `handle()` 的结果），不合规的请求回答 4xx。也可以改用 FastAPI + uvicorn。
# Complete `do_POST` in `app/serve.py` and create the start script `app/start.sh` (bash): `bash app/start.sh` serves `GET /health` and `POST /assistant` (bodies as in 02, answering `handle()`'s result) on port `$PORT` (8080 if unset); malformed requests get a 4xx. FastAPI + uvicorn is fine too.
#
# 评分时整个文件夹位于 `/home/exam`、没有网络；评分内容：启动、隐藏请求的 `action`（≥ 97 % 满分）、P95 延迟 ≤ 40 ms、不合规请求得到 4xx。
# In grading the folder is at `/home/exam`, without network; graded: it starts, the hidden requests' `action` (≥ 97 % full), p95 latency ≤ 40 ms, malformed requests get a 4xx.

# %%
# %include ../cells/setup.py

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
