#!/bin/bash
# 启动语音助手服务 / Starts the voice assistant service on $PORT (default 8080).
cd "$(dirname "$0")"
exec python serve.py
