def start_service(script, port=None, timeout=30):
    """Starts `bash script` in its folder with $PORT (yours by default); waits for GET /health."""
    port = port or int(os.environ.get("PORT", "8080"))
    folder = os.path.dirname(os.path.abspath(script))
    log = open(f"/tmp/{os.path.basename(folder)}.log", "w")
    proc = subprocess.Popen(["bash", os.path.basename(script)], cwd=folder, env={**os.environ, "PORT": str(port)},
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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
