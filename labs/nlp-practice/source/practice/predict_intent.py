"""意图识别脚本（已给出，不用修改）/ Intent prediction script (given, no changes needed).

    python predict_intent.py <texts.jsonl> <predictions.npy>

用 nlu.py 的 encode 和 models/vocab.json 编码每行的 "tokens"，运行练习 01 导出的 models/intent，
写出 int64 [N] 意图编号。评分时在隔离环境中对隐藏测试集运行（工作目录是你的文件夹）。
Encodes each line's "tokens" with nlu.py's encode and models/vocab.json, runs models/intent
exported in exercise 01 and writes int64 [N] intent ids. Graded by running it on the hidden test
split in a sandbox (the working directory is your folder).
"""

import json
import sys

import numpy as np
import paddle

import nlu


def main(src, dst):
    with open("models/vocab.json", encoding="utf-8") as f:
        vocab = json.load(f)
    model = paddle.jit.load("models/intent")
    model.eval()
    with open(src, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    ids = np.array([nlu.encode(r["tokens"], vocab) for r in rows], dtype=np.int64).reshape(-1, nlu.MAX_LEN)
    preds = [model(paddle.to_tensor(ids[i:i + 256])).numpy().argmax(axis=1) for i in range(0, len(ids), 256)]
    np.save(dst, np.concatenate(preds).astype(np.int64) if preds else np.zeros(0, np.int64))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
