"""意图识别脚本 / Intent prediction script (A1, A2).

    python predict_intent.py <texts.jsonl> <predictions.npy>

读取每行一个 JSON（含 "tokens"、"lang"），用 models/intent_vocab.json 中保存的词表编码，运行
paddle.jit.save 导出的 models/intent，写出 int64 [N] 意图编号。脚本在提交文件夹中运行（工作目录），
上面的路径都相对于它。笔记本从本文件导入 normalize、build_vocab 和 encode。

Reads one JSON object per line (with "tokens" and "lang"), encodes the tokens with the vocabulary
saved in models/intent_vocab.json, runs the model exported to models/intent (paddle.jit.save) and
writes int64 [N] intent ids. It runs in the submission folder (the working directory), so the paths
above are relative to it. The notebook imports normalize, build_vocab and encode from this file.
"""

import json
import sys

import numpy as np

MAX_LEN = 32
PUNCT = "?!.,;:，。！？；："


def normalize(token):
    """A1：转小写，去掉两端的标点（PUNCT 中的字符）；什么都不剩时返回 ''。
    The token in lower case without the punctuation (PUNCT) at either end ('' if nothing is left)."""
    # YOUR CODE HERE
    raise NotImplementedError()


def build_vocab(token_lists, min_count=2):
    """A1：{"<pad>": 0, "<unk>": 1, 然后是出现次数 ≥ min_count 的规范化词（跳过空串），按次数降序、
    次数相同按词升序，编号 2, 3, ...}。
    {"<pad>": 0, "<unk>": 1, then every normalized token seen at least min_count times (empty ones
    skipped), by count descending, ties by the token ascending: ids 2, 3, ...}."""
    # YOUR CODE HERE
    raise NotImplementedError()


def encode(tokens, vocab, max_len=MAX_LEN):
    """A1：规范化后各词的编号（跳过空串，不在词表中的为 1），截断到 max_len，再用 0 补齐到
    恰好 max_len 个：int 列表。
    The ids of the normalized tokens (empty ones skipped, unknown ones 1), cut to max_len, padded
    with 0 to exactly max_len: a list of int."""
    # YOUR CODE HERE
    raise NotImplementedError()


def main(src, dst):
    import paddle

    with open("models/intent_vocab.json", encoding="utf-8") as f:
        vocab = json.load(f)
    model = paddle.jit.load("models/intent")
    model.eval()
    with open(src, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    ids = np.array([encode(r["tokens"], vocab) for r in rows], dtype=np.int64).reshape(-1, MAX_LEN)
    preds = []
    for i in range(0, len(ids), 256):
        preds.append(model(paddle.to_tensor(ids[i:i + 256])).numpy().argmax(axis=1))
    np.save(dst, np.concatenate(preds).astype(np.int64) if preds else np.zeros(0, np.int64))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
