"""HTTP service of the voice assistant: POST /assistant (a JSON request) -> pipeline.Assistant.handle;
GET /health. Config: $ASSISTANT_CONFIG (default config/assistant.yaml); port: $PORT (default 8080)."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pipeline import Assistant  # noqa: E402

assistant = Assistant(os.environ.get("ASSISTANT_CONFIG", "config/assistant.yaml"))


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
            self.reply(405 if self.path == "/assistant" else 404, {"error": "use POST /assistant"})

    def do_POST(self):
        # YOUR CODE HERE / 在此作答：POST /assistant —— 读取 JSON 请求，调用 assistant.handle()，
        # 成功回答 200 和结果；请求有误（JSON 错误、字段缺失或类型不对、ValueError）回答 400；其他路径 404。
        # Read the JSON body, call assistant.handle(), answer 200 with the result; a malformed request
        # (bad JSON, missing or mistyped fields, ValueError) gets 400; other paths 404.
        self.reply(501, {"error": "not implemented yet"})

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
