#!/bin/bash
# 启动模拟的云端 NLU，返回时它已在监听；端口写在 run/cloud.port（相对考试文件夹）。不要修改本文件。
# Starts the simulated cloud NLU and returns once it listens; its port is in run/cloud.port (under the exam folder). Do not edit.
cd "$(dirname "$0")/.."
mkdir -p run
rm -f run/cloud.port
nohup python vendor/cloud_nlu.py --port-file run/cloud.port > run/cloud.log 2>&1 &
for _ in $(seq 100); do
    [ -s run/cloud.port ] && exit 0
    sleep 0.1
done
echo "cloud NLU did not start; see run/cloud.log" >&2
exit 1
