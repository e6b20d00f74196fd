#!/bin/bash
# tray-counter 1.2 启动脚本 / start script
cd "$(dirname "$0")"
exec python counter.py --config config/counter.yaml
