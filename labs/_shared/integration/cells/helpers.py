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
