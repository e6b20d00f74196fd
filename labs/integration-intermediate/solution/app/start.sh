#!/bin/bash
# 启动托盘质检服务 / Starts the tray inspection service on $PORT (default 8080).
cd "$(dirname "$0")"
exec python serve.py
