"""HTTP service of the intent gateway: POST /route {"text", "lang"} -> Gateway.route(); GET /health.
Port: $PORT (default 8080)."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gateway import Gateway  # noqa: E402

gateway = Gateway(os.environ.get("GATEWAY_CONFIG", "config/gateway.yaml"))


class Handler(BaseHTTPRequestHandler):
    def reply(self, code, doc):
        body = json.dumps(doc, ensure_ascii=False).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {"status": "ok"})
        else:
            self.reply(405 if self.path == "/route" else 404, {"error": "use POST /route"})

    def do_POST(self):
        if self.path != "/route":
            return self.reply(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1 << 16:
            return self.reply(413, {"error": "request too large"})
        try:
            result = gateway.route(json.loads(self.rfile.read(length)))
        except ValueError as exc:
            return self.reply(400, {"error": str(exc)[:200]})
        self.reply(200, result)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
