#!/bin/bash
# voice-remote 1.4 启动脚本 / start script
cd "$(dirname "$0")"
exec python remote.py --config config/remote.yaml
