"""Part detection pipeline: detect.py calls detect(); the grader runs detect.py on the
hidden scenes with this folder as the working directory (no network, about 2 minutes, 1 CPU).

Suggested design: (1) a foreground segmentation network (models/fg_seg) marks part pixels;
(2) components() turns the foreground into candidate boxes; (3) a classifier of candidate crops
(crop_patch(), trained in the notebook, exported to models/part_cls) names each candidate's class,
class 0 meaning "not a part"; (4) one row per (candidate, class) with the class probability as
score. crop_patch() and components() are given: use the same ones when you train.
"""

from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

MODELS = Path(__file__).resolve().parent / "models"


def load(name: str):
    """A model saved with paddle.jit.save(model, "models/<name>", ...), ready for inference."""
    import paddle

    model = paddle.jit.load(str(MODELS / name))
    model.eval()
    return model


def components(fg: np.ndarray, min_pixels: int = 8) -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """Connected regions (4-neighbour) of a boolean foreground [H, W] with at least min_pixels pixels:
    a list of (box, region) where box = (x1, y1, x2, y2) in pixel edges (x2, y2 exclusive) and region
    is the region's boolean [H, W] mask."""
    labels, _ = ndimage.label(fg)
    out = []
    for k, found in enumerate(ndimage.find_objects(labels), start=1):
        if found is None:
            continue
        region = labels == k
        if region.sum() >= min_pixels:
            ys, xs = found
            out.append(((xs.start, ys.start, xs.stop, ys.stop), region))
    return out


def crop_patch(image: np.ndarray, box, size: int = 32, scale: float = 1.4) -> np.ndarray:
    """uint8 [size, size, 3]: a square around the box, `scale` times its longer side (at least 16 px),
    resized bilinearly; the image is edge-padded where the square leaves it."""
    x1, y1, x2, y2 = [float(v) for v in box]
    side = max(max(x2 - x1, y2 - y1) * scale, 16.0)
    cx, cy, pad = (x1 + x2) / 2, (y1 + y2) / 2, 48
    padded = Image.fromarray(np.pad(np.asarray(image, dtype=np.uint8), ((pad, pad), (pad, pad), (0, 0)), mode="edge"))
    area = (cx - side / 2 + pad, cy - side / 2 + pad, cx + side / 2 + pad, cy + side / 2 + pad)
    return np.asarray(padded.resize((size, size), Image.BILINEAR, box=area))


def detect(images: np.ndarray) -> np.ndarray:
    """float32 [K, 7] detections (image index, class 1..3, score, x1, y1, x2, y2) of uint8 [N, 64, 64, 3] scenes."""
    ### BEGIN SOLUTION
    import paddle
    import paddle.nn.functional as F

    fg_net, part_net = load("fg_seg"), load("part_cls")
    found, crops = [], []
    with paddle.no_grad():
        for start in range(0, len(images), 50):
            batch = np.asarray(images[start:start + 50], dtype=np.float32)
            fg = F.softmax(fg_net(paddle.to_tensor(batch)), axis=1).numpy()[:, 1]
            for i, prob in enumerate(fg):
                for box, _region in components(prob > 0.5):
                    found.append((start + i, box))
                    crops.append(crop_patch(images[start + i], box))
        if not crops:
            return np.zeros((0, 7), np.float32)
        probs = np.concatenate([
            F.softmax(part_net(paddle.to_tensor(np.stack(crops[j:j + 256]).astype(np.float32))), axis=1).numpy()
            for j in range(0, len(crops), 256)])
    rows = [[n, cls, p[cls], *box] for (n, box), p in zip(found, probs) for cls in (1, 2, 3) if p[cls] >= 0.02]
    return np.asarray(rows, dtype=np.float32).reshape(-1, 7)
    ### END SOLUTION
