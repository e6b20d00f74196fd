#!/bin/bash
# 先启动云端 NLU（模拟），再启动网关 / Start the (simulated) cloud NLU, then the gateway on $PORT.
cd "$(dirname "$0")"
bash ../vendor/start_cloud.sh || exit 1
exec python serve.py
