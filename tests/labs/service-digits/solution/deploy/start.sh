#!/bin/bash
# Starts the digits service on $PORT (default 8080).
cd "$(dirname "$0")"
exec python serve.py
