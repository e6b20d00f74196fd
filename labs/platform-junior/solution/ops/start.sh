#!/bin/bash
# digits-service: starts the metrics exporter, then the inference service on $PORT (default 8080).
cd "$(dirname "$0")"
python metrics_exporter.py --port "${METRICS_PORT:-0}" &
sleep 1
exec python serve.py
