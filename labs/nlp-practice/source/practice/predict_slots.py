"""槽位标注脚本（已给出，不用修改）/ Slot tagging script (given, no changes needed).

    python predict_slots.py <texts.jsonl> <tags.npy>

用 nlu.py 的 encode 和 models/vocab.json 编码每行的 "tokens"，运行练习 02 导出的 models/slots
（输出 [N, 32, 标签数] 的 logits），写出 int64 [N, 32] 的 BIO 标签编号（句子之后的位置不计分）。
Encodes each line's "tokens" with nlu.py's encode and models/vocab.json, runs models/slots exported
in exercise 02 (logits [N, 32, number of tags]) and writes int64 [N, 32] BIO tag ids (positions
after the sentence are not scored).
"""

import json
import sys

import numpy as np
import paddle

import nlu


def main(src, dst):
    with open("models/vocab.json", encoding="utf-8") as f:
        vocab = json.load(f)
    model = paddle.jit.load("models/slots")
    model.eval()
    with open(src, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    ids = np.array([nlu.encode(r["tokens"], vocab) for r in rows], dtype=np.int64).reshape(-1, nlu.MAX_LEN)
    preds = [model(paddle.to_tensor(ids[i:i + 256])).numpy().argmax(axis=-1) for i in range(0, len(ids), 256)]
    np.save(dst, np.concatenate(preds).astype(np.int64) if preds else np.zeros((0, nlu.MAX_LEN), np.int64))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
