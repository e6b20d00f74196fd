"""scikit-learn's bundled 8×8 handwritten digits (1797 images), scaled to [0, 1].

    <split>/x.npy        float32 [N, 1, 8, 8] (NCHW, ready for paddle.nn.Conv2D)
    <split>/y.npy        int64 [N], 0..9            (train, val; the test answers: test_labels/y.npy)
    <split>/meta.json    class names

Splits: train 1047, val 300, test 450 (stratification by the shuffled order, fixed seed).
"""

import json
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

VERSION = 1
SEED = 20210
SIZES = {"val": 300, "test": 450}


def build(out: Path) -> None:
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(SEED).permutation(len(y))
    test, val, train = np.split(order, [SIZES["test"], SIZES["test"] + SIZES["val"]])
    meta = json.dumps({"classes": [str(i) for i in range(10)], "version": VERSION}, indent=1)
    for split, idx in (("train", train), ("val", val), ("test", test)):
        (out / split).mkdir()
        np.save(out / split / "x.npy", x[idx])
        (out / split / "meta.json").write_text(meta)
        labels = out / ("test_labels" if split == "test" else split)
        labels.mkdir(exist_ok=True)
        np.save(labels / "y.npy", y[idx])
