"""文本预处理 / Text preprocessing for the intent and slot models (exercise 01).

predict_intent.py 和 predict_slots.py 都从这里导入，训练和预测必须用同一套编码。
predict_intent.py and predict_slots.py both import this module: training and prediction must
encode in exactly the same way.

每个词对应一个编号（不丢词），这样槽位标签与编号一一对应。
One id per token (nothing is dropped), so slot tags stay aligned with the ids.
"""

MAX_LEN = 32
PUNCT = "?!.,;:，。！？；："


def normalize(token):
    """转小写并去掉两端的标点（PUNCT）；若什么都不剩（本身就是标点），返回原词。
    Lower case without the punctuation (PUNCT) at either end; a token with nothing left (a
    punctuation mark itself) is returned unchanged."""
    ### BEGIN SOLUTION
    stripped = token.lower().strip(PUNCT)
    return stripped if stripped else token
    ### END SOLUTION


def build_vocab(token_lists, min_count=2):
    """{"<pad>": 0, "<unk>": 1, 再按出现次数降序（相同则按词升序）加入出现 ≥ min_count 次的规范化词：2, 3, ...}。
    {"<pad>": 0, "<unk>": 1, then the normalized tokens seen at least min_count times, by count
    descending (ties by the token ascending): 2, 3, ...}."""
    ### BEGIN SOLUTION
    counts = {}
    for tokens in token_lists:
        for token in tokens:
            t = normalize(token)
            counts[t] = counts.get(t, 0) + 1
    vocab = {"<pad>": 0, "<unk>": 1}
    for t in sorted(counts, key=lambda t: (-counts[t], t)):
        if counts[t] >= min_count:
            vocab[t] = len(vocab)
    return vocab
    ### END SOLUTION


def encode(tokens, vocab, max_len=MAX_LEN):
    """每个词的编号（规范化后查表，查不到为 1），截断到 max_len，用 0 补齐到恰好 max_len 个：int 列表。
    The id of every token (normalized, 1 when not in the vocabulary), cut to max_len and padded
    with 0 to exactly max_len: a list of int."""
    ### BEGIN SOLUTION
    ids = [vocab.get(normalize(t), 1) for t in tokens][:max_len]
    return ids + [0] * (max_len - len(ids))
    ### END SOLUTION
