#!/bin/bash
# 启动 digits 推理服务 / starts the digits inference service on $PORT (default 8080).
cd "$(dirname "$0")"
exec python serve.py
