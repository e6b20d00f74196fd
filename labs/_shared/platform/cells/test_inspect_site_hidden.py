import socket as _socket
_s = _socket.socket(); _s.bind(("127.0.0.1", 0)); _port = _s.getsockname()[1]; _s.close()
_site = start_service(f"{_hidden_site}/start.sh", _port, timeout=30)
try:
    _r = inspect_site(f"http://127.0.0.1:{_port}", _hidden_site)
    check("live", [_r["health"], _r["version_live"], bool(_r["smoke_ok"])], weight=2)
    check("config", [_r["version_config"], bool(_r["released"])])
    check("checksums", [str(p) for p in _r["checksum_mismatches"]], weight=2)
    check("log", [float(_r["p95_ms"]), float(_r["error_rate"]), int(_r["bad_lines"])], tol=1e-6, weight=2)
finally:
    stop_service(_site)
_d = inspect_site(f"http://127.0.0.1:{_port}", _hidden_site)
check("down", [_d["health"], _d["version_live"], bool(_d["smoke_ok"])])
