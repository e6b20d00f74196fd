def start_service(script, port, timeout=30):
    """（已给出 / given）runs `bash script` with PORT=port; waits until GET /health answers 200.
    On failure everything the script launched is stopped and the end of its output is shown."""
    import tempfile
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(["bash", script], env=dict(os.environ, PORT=str(port)),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    proc.log = log
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    stop_service(proc)
    log.seek(0)
    tail = log.read().decode(errors="replace")[-800:]
    raise RuntimeError(f"{script}: no answer 200 on GET /health, port {port}; its output ends:\n{tail}")


def stop_service(proc):
    """（已给出 / given）stops the service and everything its start script launched."""
    import signal
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def post(url, body, timeout=5):
    """（已给出 / given）POST a JSON body (or raw bytes); returns (status, parsed JSON or None, seconds)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    seconds = time.perf_counter() - started
    try:
        return status, json.loads(raw), seconds
    except ValueError:
        return status, None, seconds
