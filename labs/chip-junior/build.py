"""Builds the chip exams' data set, deterministically: scikit-learn's bundled 8x8 digits, scaled to
[0, 1] and split once with a fixed seed. Run by `practicum sitting create` / `practicum check` on the
pinned copy of the exam (argument: its folder), with the lab environment's Python.

    source/chip/data/digits_train_{x,y}.npy   public: candidates train and validate on these
    hidden/data/digits_test_x.npy              hidden inputs: mounted read-only in grading sandboxes only
    hidden/labels/digits_test_y.npy            hidden answers: read by the trusted grader only
"""

import sys
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

SEED = 20210  # the data set's version: change it and every reference value changes
HIDDEN = 450


def main(root: Path) -> None:
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(SEED).permutation(len(y))
    test, train = order[:HIDDEN], order[HIDDEN:]
    public = root / "source" / "chip" / "data"
    for folder in (public, root / "hidden" / "data", root / "hidden" / "labels"):
        folder.mkdir(parents=True, exist_ok=True)
    np.save(public / "digits_train_x.npy", x[train])
    np.save(public / "digits_train_y.npy", y[train])
    np.save(root / "hidden" / "data" / "digits_test_x.npy", x[test])
    np.save(root / "hidden" / "labels" / "digits_test_y.npy", y[test])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
