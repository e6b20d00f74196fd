"""The test exam's data: the offline digits set, and 120 hidden test digits as service requests."""

import json
import sys
from pathlib import Path

import numpy as np

import offline_data

root = Path(sys.argv[1])
offline_data.publish("digits", root, "s")
x = np.load(root / "hidden" / "data" / "digits" / "x.npy")[:120]
y = np.load(root / "hidden" / "labels" / "digits" / "y.npy")[:120]
for folder in ("data", "labels"):
    (root / "hidden" / folder / "service").mkdir(parents=True, exist_ok=True)
np.save(root / "hidden" / "data" / "service" / "x.npy", x)
np.save(root / "hidden" / "labels" / "service" / "y.npy", y)
with open(root / "hidden" / "data" / "service" / "requests.jsonl", "w") as f:
    for row in x.reshape(len(x), -1):
        f.write(json.dumps({"pixels": [round(float(v), 4) for v in row]}) + "\n")
