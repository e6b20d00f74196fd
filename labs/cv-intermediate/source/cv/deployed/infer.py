"""Part-shape inspection service, v1.3.0: classifies line-camera frames of single parts.

    python infer.py FRAMES.npy OUT.json      FRAMES: uint8 [N, 64, 64, 3] from the line camera

The model and its input contract are described in config.json (next to this file).
"""

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import onnxruntime as ort

HERE = Path(__file__).resolve().parent
CONFIG = json.loads((HERE / "config.json").read_text())
CLASSES = ["square", "circle", "triangle"]

_session = None


def session() -> ort.InferenceSession:
    global _session
    if _session is None:
        _session = ort.InferenceSession(str(HERE / CONFIG["model"]), providers=["CPUExecutionProvider"])
    return _session


def preprocess(frames: np.ndarray) -> np.ndarray:
    """uint8 [N, 64, 64, 3] camera frames -> the model's input tensor."""
    x = frames[:, 16:48, 16:48, :]                      # 64x64 -> 32x32
    x = x.astype(np.float32)
    mean = np.array(CONFIG["input"]["mean"], np.float32)
    std = np.array(CONFIG["input"]["std"], np.float32)
    x = (x - mean) / std
    return x.reshape(len(x), 3, 32, 32)


def predict(frames: np.ndarray) -> list[str]:
    """Class names, one per frame."""
    logits = session().run(None, {CONFIG["input"]["name"]: preprocess(frames)})[0]
    return [CLASSES[i] for i in logits.argmax(axis=1)]


def main() -> None:
    frames = np.load(sys.argv[1], allow_pickle=False)
    names = predict(frames)
    Path(sys.argv[2]).write_text(json.dumps({"predictions": names, "counts": Counter(names)}, indent=1))


if __name__ == "__main__":
    main()
