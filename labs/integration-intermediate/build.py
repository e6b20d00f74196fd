"""Builds the intermediate AI application integration exam's components and data. Run by `practicum
sitting create` / `practicum check` on the pinned copy of the exam (argument: its folder), with the ml
environment's Python and PYTHONPATH = the project.

    source/inspection/data/shapes/{train,val}/   public scenes (offline_data's shapes set)
    source/inspection/components/                the given components, trained here with Paddle (about
                                                 20 s) and converted with paddle2onnx, with model cards:
                                                 segmenter.onnx (scenes -> part/background logits per
                                                 pixel), classifier.onnx (32x32 crops -> circle, square,
                                                 triangle logits)
    source/inspection/ops/line2/                 the tray-counter service deployed on line 2 with the
                                                 segmenter's version 2 (NCHW, 0..1 input) but a config
                                                 written for version 1 (part E)
    hidden/data/inspection/requests.jsonl        hidden scenes as service requests (base64 of raw RGB)
    hidden/labels/inspection/summary.npy, verdict.npy, line2.npy
                                                 the answers of the correctly integrated system
                                                 (solution/app/inspector.py; the repaired counter)
"""

import base64
import importlib.util
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

import offline_data

HERE = Path(__file__).resolve().parent
SEED = 20361
CLASSES = ["circle", "square", "triangle"]


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def augment(rng, *batches):
    k, flip = int(rng.integers(0, 4)), bool(rng.random() < 0.5)
    out = []
    for b in batches:
        b = np.rot90(b, k, axes=(1, 2))
        out.append(np.ascontiguousarray(b[:, :, ::-1] if flip else b))
    return out


def train_components(train: dict, crops: np.ndarray, crop_labels: np.ndarray, out: Path) -> None:
    import paddle
    import paddle.nn as nn
    import paddle.nn.functional as F
    import paddle2onnx

    paddle.set_flags({"FLAGS_use_mkldnn": False})
    paddle.seed(SEED)
    rng = np.random.default_rng(SEED)

    def block(i, o, stride=1):
        return nn.Sequential(nn.Conv2D(i, o, 3, stride=stride, padding=1), nn.BatchNorm2D(o), nn.ReLU())

    def standardise(x):
        x = x.transpose([0, 3, 1, 2]) / 255.0
        mean = x.mean(axis=[2, 3], keepdim=True)
        var = ((x - mean) ** 2).mean(axis=[2, 3], keepdim=True)
        return (x - mean) / paddle.sqrt(var + 1e-4)

    class Segmenter(nn.Layer):
        """float32 [N, 64, 64, 3] pixels 0..255 -> logits [N, 2, 64, 64] (0 background, 1 part)."""

        def __init__(self, width=16):
            super().__init__()
            self.down1, self.down2 = block(3, width, 2), block(width, 2 * width, 2)
            self.mid = block(2 * width, 2 * width)
            self.up = nn.Conv2DTranspose(2 * width, width, 2, stride=2)
            self.fuse = block(2 * width, width)
            self.head = nn.Conv2DTranspose(width, 2, 2, stride=2)

        def forward(self, x):
            a = self.down1(standardise(x))
            b = self.mid(self.down2(a))
            return self.head(self.fuse(paddle.concat([self.up(b), a], axis=1)))

    class SegmenterV2(nn.Layer):
        """Version 2's interface: float32 [N, 3, 64, 64] in 0..1 (NCHW)."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x):
            return self.inner(x.transpose([0, 2, 3, 1]) * 255.0)

    class Classifier(nn.Layer):
        """float32 [N, 32, 32, 3] pixels 0..255 -> logits [N, 3]."""

        def __init__(self, width=16):
            super().__init__()
            self.features = nn.Sequential(block(3, width), nn.MaxPool2D(2), block(width, 2 * width), nn.MaxPool2D(2),
                                          block(2 * width, 2 * width), nn.MaxPool2D(2))
            self.fc = nn.Linear(2 * width * 16, 3)

        def forward(self, x):
            return self.fc(self.features(standardise(x)).flatten(1))

    def fit(model, xs, ys, epochs, batch, loss_fn):
        schedule = paddle.optimizer.lr.CosineAnnealingDecay(3e-3, epochs)
        opt = paddle.optimizer.Adam(learning_rate=schedule, parameters=model.parameters())
        for _ in range(epochs):
            model.train()
            order = rng.permutation(len(xs))
            for i in range(0, len(xs), batch):
                b = order[i:i + batch]
                if ys.ndim == 3:  # masks turn with their images
                    x, y = augment(rng, xs[b], ys[b])
                else:
                    x, y = augment(rng, xs[b])[0], ys[b]
                loss = loss_fn(model(paddle.to_tensor(x.astype(np.float32))), paddle.to_tensor(y))
                loss.backward()
                opt.step()
                opt.clear_grad()
            schedule.step()
        model.eval()
        return model

    seg = fit(Segmenter(), train["images"], (train["masks"] > 0).astype(np.int64), 5, 16,
              lambda logits, y: F.cross_entropy(logits.transpose([0, 2, 3, 1]), y[..., None]))
    cls = fit(Classifier(), crops, crop_labels, 10, 32, lambda logits, y: F.cross_entropy(logits, y))
    with tempfile.TemporaryDirectory() as tmp:
        for name, model, spec in [("segmenter", seg, [None, 64, 64, 3]), ("classifier", cls, [None, 32, 32, 3]),
                                  ("segmenter-2.0.0", SegmenterV2(seg), [None, 3, 64, 64])]:
            base = f"{tmp}/{name}"
            paddle.jit.save(model, base, input_spec=[paddle.static.InputSpec(spec, "float32", "crops" if name == "classifier" else "images")])
            paddle2onnx.export(base + ".json", base + ".pdiparams", str(out / f"{name}.onnx"), opset_version=13,
                               enable_optimize=False, optimize_tool="None")


def b64(image: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(image, dtype=np.uint8).tobytes()).decode()


def main(root: Path) -> None:
    src = root / "source" / "inspection"
    offline_data.publish("shapes", root, "inspection")
    data = src / "data" / "shapes" / "train"
    train = {k: np.load(data / f"{k}.npy") for k in ("images", "masks", "boxes")}
    utils = load(HERE / "solution" / "app" / "inspector.py", "reference_inspector")
    crops = np.stack([utils.crop_patch(train["images"][int(b[0])], b[2:6]) for b in train["boxes"]])
    labels = train["boxes"][:, 1].astype(np.int64) - 1
    comp = src / "components"
    comp.mkdir(parents=True, exist_ok=True)
    tmp_v2 = root / "build-tmp"
    tmp_v2.mkdir(exist_ok=True)
    train_components(train, crops, labels, tmp_v2)
    for name in ("segmenter", "classifier"):
        shutil.move(str(tmp_v2 / f"{name}.onnx"), comp / f"{name}.onnx")
    (comp / "segmenter.json").write_text(json.dumps({
        "name": "segmenter", "version": "1.0.0", "file": "segmenter.onnx",
        "task": {"zh": "逐像素区分零件与背景", "en": "part vs background per pixel"},
        "input": {"name": "images", "dtype": "float32", "shape": ["N", 64, 64, 3], "layout": "NHWC",
                  "range": "0..255 (raw RGB pixels; normalisation is inside the model)"},
        "output": {"name": "logits", "dtype": "float32", "shape": ["N", 2, 64, 64],
                   "note": "softmax over axis 1; channel 1 = part"},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (comp / "classifier.json").write_text(json.dumps({
        "name": "classifier", "version": "1.0.0", "file": "classifier.onnx",
        "task": {"zh": "给一个零件的裁剪图分类", "en": "classifies the crop of one part"},
        "input": {"name": "crops", "dtype": "float32", "shape": ["N", 32, 32, 3], "layout": "NHWC",
                  "range": "0..255", "crop": "app/inspector.py crop_patch(image, box): a square of 1.4 x the box's longer side (at least 16 px) around its centre, edge-padded, resized bilinearly to 32 x 32"},
        "output": {"name": "logits", "dtype": "float32", "shape": ["N", 3], "note": "softmax"},
        "classes": CLASSES,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    # part E: the tray counter on line 2, with segmenter 2.0.0 and a config written for 1.0.0
    line = src / "ops" / "line2"
    if line.exists():
        shutil.rmtree(line)
    (line / "models").mkdir(parents=True)
    (line / "config").mkdir()
    (line / "logs").mkdir()
    shutil.copyfile(HERE / "counter" / "counter.py", line / "counter.py")
    shutil.copyfile(HERE / "counter" / "start.sh", line / "start.sh")
    shutil.copyfile(HERE / "counter" / "service.log", line / "logs" / "service.log")
    shutil.move(str(tmp_v2 / "segmenter-2.0.0.onnx"), line / "models" / "segmenter-2.0.0.onnx")
    (line / "models" / "segmenter-2.0.0.json").write_text(json.dumps({
        "name": "segmenter", "version": "2.0.0", "file": "segmenter-2.0.0.onnx",
        "input": {"name": "images", "dtype": "float32", "shape": ["N", 3, 64, 64], "layout": "NCHW",
                  "range": "0..1 (RGB pixels divided by 255)"},
        "output": {"name": "logits", "dtype": "float32", "shape": ["N", 2, 64, 64], "note": "softmax over axis 1; channel 1 = part"},
        "changes": {"zh": "2.0.0：输入改为 NCHW、0..1（与新相机 SDK 一致）；输出不变",
                    "en": "2.0.0: input now NCHW in 0..1 (as the new camera SDK delivers); same output"},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(HERE / "counter" / "counter.yaml", line / "config" / "counter.yaml")
    shutil.rmtree(tmp_v2)

    # hidden requests and the answers of the correct integration
    images = np.load(root / "hidden" / "data" / "shapes" / "images.npy")
    rng = np.random.default_rng(SEED + 1)
    idx = rng.permutation(len(images))[:100]
    utils.ROOT = src
    inspector = utils.Inspector(src / "config" / "inspection.yaml")
    reports = [inspector.inspect(images[i]) for i in idx]
    (root / "hidden" / "data" / "inspection").mkdir(parents=True, exist_ok=True)
    (root / "hidden" / "labels" / "inspection").mkdir(parents=True, exist_ok=True)
    with open(root / "hidden" / "data" / "inspection" / "requests.jsonl", "w") as f:
        for i in idx:
            f.write(json.dumps({"image": b64(images[i])}) + "\n")
    np.save(root / "hidden" / "labels" / "inspection" / "summary.npy", np.array([r["summary"] for r in reports]))
    np.save(root / "hidden" / "labels" / "inspection" / "verdict.npy", np.array([r["verdict"] for r in reports]))
    counter = load(HERE / "counter" / "counter.py", "reference_counter")
    fixed = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(line / "models", fixed / "models")
        shutil.copyfile(HERE / "solution" / "ops" / "line2" / "config" / "counter.yaml", fixed / "counter.yaml")
        counter.HERE = fixed
        c = counter.Counter("counter.yaml")
        counts = [c.handle({"image": b64(images[i])})["count"] for i in idx[:40]]
    finally:
        shutil.rmtree(fixed)
    with open(root / "hidden" / "data" / "inspection" / "line2.jsonl", "w") as f:
        for i in idx[:40]:
            f.write(json.dumps({"image": b64(images[i])}) + "\n")
    np.save(root / "hidden" / "labels" / "inspection" / "line2.npy", np.array(counts))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
