"""托盘质检的集成代码 / Glue code of the tray inspection.

    image uint8 [64, 64, 3] ─ segmenter ─▶ part probability per pixel ─ threshold ─▶ connected regions
        ─▶ boxes ─ crop_patch ─▶ classifier ─▶ detections ─ make_report (config: tray rules) ─▶ report

Inspector(config_path).inspect(image) -> report {"detections", "counts", "summary", "verdict", "errors"}.
Contracts: a malformed image raises ContractError (a ValueError: the service answers 400); a segmenter
that fails or breaks its output contract raises ComponentError (the service answers 503); a classifier
that fails or breaks its contract degrades the report (its detections are uncertain, verdict "review").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import yaml
from PIL import Image
from scipy import ndimage

ROOT = Path(__file__).resolve().parent.parent  # the exam folder: components/, config/
CLASSES = ["circle", "square", "triangle"]


class ContractError(ValueError):
    """The caller broke the interface contract (bad input)."""


class ComponentError(RuntimeError):
    """A component failed or broke its output contract."""


def crop_patch(image: np.ndarray, box, size: int = 32, scale: float = 1.4) -> np.ndarray:
    """uint8 [size, size, 3]: a square around the box, `scale` times its longer side (at least 16 px),
    resized bilinearly; the image is edge-padded where the square leaves it. (The classifier's contract.)"""
    x1, y1, x2, y2 = [float(v) for v in box]
    side = max(max(x2 - x1, y2 - y1) * scale, 16.0)
    cx, cy, pad = (x1 + x2) / 2, (y1 + y2) / 2, 48
    padded = Image.fromarray(np.pad(np.asarray(image, dtype=np.uint8), ((pad, pad), (pad, pad), (0, 0)), mode="edge"))
    area = (cx - side / 2 + pad, cy - side / 2 + pad, cx + side / 2 + pad, cy + side / 2 + pad)
    return np.asarray(padded.resize((size, size), Image.BILINEAR, box=area))


def softmax(z: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def onnx_component(path: Path):
    """A callable float32 batch -> first output, for an ONNX file."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.log_severity_level = 3
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return lambda x: session.run(None, {name: x})[0]


def check_image(image) -> np.ndarray:
    image = np.asarray(image) if not isinstance(image, np.ndarray) else image
    if image.dtype != np.uint8 or image.shape != (64, 64, 3):
        raise ContractError(f"image must be uint8 [64, 64, 3], got {image.dtype} {list(image.shape)}")
    return image


def regions(prob: np.ndarray, threshold: float, min_pixels: int) -> list[tuple[int, int, int, int]]:
    """Boxes (x1, y1, x2, y2, pixel edges) of the 4-connected regions of prob > threshold with at least
    min_pixels pixels, in scan order of their first pixel."""
    ### BEGIN SOLUTION
    labels, _ = ndimage.label(prob > threshold)
    boxes = []
    for k, found in enumerate(ndimage.find_objects(labels), start=1):
        if found is not None and (labels[found] == k).sum() >= min_pixels:
            ys, xs = found
            boxes.append((xs.start, ys.start, xs.stop, ys.stop))
    return boxes
    ### END SOLUTION
    ### BEGIN STARTER
    # # YOUR CODE HERE / 在此作答
    # raise NotImplementedError()
    ### END STARTER


def make_report(detections: list[dict], config: dict, errors: list[str] | None = None) -> dict:
    """{"detections": detections, "counts": {"circle": n, "square": n, "triangle": n}, "summary":
    "circle=1 square=0 triangle=2", "verdict": ..., "errors": errors or []}. counts and summary cover the
    certain detections only (score >= config["min_score"]); verdict "review" when any detection is
    uncertain or errors is not empty, else "reject" when a count is outside its config["tray"] range
    [low, high], else "pass"."""
    ### BEGIN SOLUTION
    errors = list(errors or [])
    certain = [d for d in detections if d["score"] >= config["min_score"]]
    counts = {c: sum(d["class"] == c for d in certain) for c in CLASSES}
    if errors or len(certain) < len(detections):
        verdict = "review"
    elif any(not (config["tray"][c][0] <= counts[c] <= config["tray"][c][1]) for c in CLASSES):
        verdict = "reject"
    else:
        verdict = "pass"
    return {"detections": detections, "counts": counts,
            "summary": " ".join(f"{c}={counts[c]}" for c in CLASSES), "verdict": verdict, "errors": errors}
    ### END SOLUTION
    ### BEGIN STARTER
    # # YOUR CODE HERE / 在此作答
    # raise NotImplementedError()
    ### END STARTER


class Inspector:
    def __init__(self, config_path="config/inspection.yaml", segmenter=None, classifier=None):
        path = Path(config_path)
        if not path.is_absolute() and not path.exists():
            path = ROOT / path
        with open(path, encoding="utf-8") as f:
            self.config = yaml.safe_load(f)
        self.segmenter = segmenter or onnx_component(ROOT / "components" / "segmenter.onnx")
        self.classifier = classifier or onnx_component(ROOT / "components" / "classifier.onnx")

    def part_probability(self, image: np.ndarray) -> np.ndarray:
        ### BEGIN SOLUTION
        try:
            logits = np.asarray(self.segmenter(image[None].astype(np.float32)))
        except Exception as exc:  # noqa: BLE001 - any failure of the component
            raise ComponentError(f"segmenter failed: {type(exc).__name__}: {exc}") from None
        if logits.shape != (1, 2, 64, 64) or not np.all(np.isfinite(logits)):
            raise ComponentError(f"segmenter broke its contract: output {list(logits.shape)}, finite "
                                 f"{bool(np.all(np.isfinite(logits)))}")
        return softmax(logits, 1)[0, 1]
        ### END SOLUTION
        ### BEGIN STARTER
        # """float [64, 64]: the segmenter's part probability per pixel (softmax over its 2 channels, channel 1);
        # raises ComponentError when the segmenter fails or its output is not finite float [1, 2, 64, 64]."""
        # # YOUR CODE HERE / 在此作答
        # raise NotImplementedError()
        ### END STARTER

    def classify(self, crops: np.ndarray) -> tuple[np.ndarray | None, str | None]:
        ### BEGIN SOLUTION
        try:
            logits = np.asarray(self.classifier(crops.astype(np.float32)))
        except Exception as exc:  # noqa: BLE001
            return None, f"classifier failed: {type(exc).__name__}: {exc}"
        if logits.shape != (len(crops), 3) or not np.all(np.isfinite(logits)):
            return None, f"classifier broke its contract: output {list(logits.shape)}"
        return softmax(logits, 1), None
        ### END SOLUTION
        ### BEGIN STARTER
        # """(probabilities [K, 3], None), or (None, a message) when the classifier fails or its output is not
        # finite [K, 3]: the caller degrades the report instead of failing."""
        # # YOUR CODE HERE / 在此作答
        # raise NotImplementedError()
        ### END STARTER

    def inspect(self, image) -> dict:
        ### BEGIN SOLUTION
        image = check_image(image)
        boxes = regions(self.part_probability(image), self.config["segmenter_threshold"], self.config["min_pixels"])
        if not boxes:
            return make_report([], self.config)
        probs, error = self.classify(np.stack([crop_patch(image, b) for b in boxes]))
        detections = []
        for i, box in enumerate(boxes):
            if probs is None:
                detections.append({"class": None, "score": 0.0, "box": list(box)})
            else:
                detections.append({"class": CLASSES[int(probs[i].argmax())], "score": round(float(probs[i].max()), 4),
                                   "box": [int(v) for v in box]})
        return make_report(detections, self.config, [error] if error else [])
        ### END SOLUTION
        ### BEGIN STARTER
        # """The report of one image: check_image -> part_probability -> regions (config: segmenter_threshold,
        # min_pixels) -> crop_patch per box -> classify -> detections [{"class", "score" (rounded to 4
        # places), "box": [x1, y1, x2, y2] ints}] -> make_report. Without regions: make_report([], config).
        # When classify fails: every detection is {"class": None, "score": 0.0, "box": ...} and its message
        # goes into the report's errors."""
        # # YOUR CODE HERE / 在此作答
        # raise NotImplementedError()
        ### END STARTER
