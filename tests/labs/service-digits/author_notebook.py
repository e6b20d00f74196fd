"""Writes source/s/serve.ipynb of the service-task test exam (.venv/bin/python tests/labs/service-digits/author_notebook.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from practicum.authoring.notebook import solution, text, write  # noqa: E402

write(Path(__file__).parent / "source" / "s" / "serve.ipynb", [
    text("# Digits: fit a nearest-centroid model for deploy/ / 拟合模型并部署", "intro"),
    solution('''
import os
import numpy as np

### BEGIN SOLUTION
x = np.load("data/digits/train/x.npy").reshape(-1, 64)
y = np.load("data/digits/train/y.npy")
os.makedirs("deploy", exist_ok=True)
np.save("deploy/centroids.npy", np.stack([x[y == k].mean(0) for k in range(10)]))
### END SOLUTION
''', "fit"),
])
