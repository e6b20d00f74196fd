"""Trains the product's shape classifier used by part C (the model the candidate's CI suite tests)
once and writes source/cv/product/model.onnx (committed: a fixed release, as a product team has).

    .envs/ml/bin/python labs/cv-senior/make_product.py

Input float32 [N, 32, 32, 3] pixels 0..255 (NHWC), per-image standardisation inside; output
logits [N, 3] (circle, square, triangle). Trained on the public train singles of offline_data's
shapes set with rotation/flip and brightness augmentation.
"""

import sys
import tempfile
from pathlib import Path

import numpy as np
import paddle
import paddle.nn as nn
import paddle.nn.functional as F

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
import offline_data  # noqa: E402


def block(i, o):
    return nn.Sequential(nn.Conv2D(i, o, 3, padding=1), nn.BatchNorm2D(o), nn.ReLU())


class ProductCNN(nn.Layer):
    def __init__(self, w=16):
        super().__init__()
        self.features = nn.Sequential(block(3, w), nn.MaxPool2D(2), block(w, 2 * w), nn.MaxPool2D(2),
                                      block(2 * w, 2 * w), nn.MaxPool2D(2))
        self.fc = nn.Linear(2 * w * 16, 3)

    def forward(self, x):
        x = x.transpose([0, 3, 1, 2]) / 255.0
        mean = x.mean(axis=[2, 3], keepdim=True)
        var = ((x - mean) ** 2).mean(axis=[2, 3], keepdim=True)
        x = (x - mean) / paddle.sqrt(var + 1e-4)
        return self.fc(self.features(x).flatten(1))


def main(epochs: int = 30) -> None:
    data = offline_data.get("shapes")
    x = np.load(data / "train" / "single_images.npy")
    y = np.load(data / "train" / "single_labels.npy")
    xv = np.load(data / "val" / "single_images.npy")
    yv = np.load(data / "val" / "single_labels.npy")
    paddle.seed(11)
    model = ProductCNN()
    sched = paddle.optimizer.lr.CosineAnnealingDecay(3e-3, epochs)
    opt = paddle.optimizer.Adam(learning_rate=sched, parameters=model.parameters())
    rng = np.random.default_rng(11)
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(x))
        for i in range(0, len(x), 32):
            b = order[i:i + 32]
            xb = np.rot90(x[b], int(rng.integers(0, 4)), axes=(1, 2))
            if rng.random() < 0.5:
                xb = xb[:, :, ::-1]
            xb = np.clip(xb.astype(np.float32) + rng.uniform(-40, 40, (len(b), 1, 1, 1)), 0, 255).astype(np.float32)
            loss = F.cross_entropy(model(paddle.to_tensor(xb)), paddle.to_tensor(y[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
        sched.step()
        model.eval()
        with paddle.no_grad():
            acc = (model(paddle.to_tensor(xv.astype(np.float32))).numpy().argmax(1) == yv).mean()
        print(f"epoch {epoch}: val accuracy {acc:.3f}", flush=True)
    import paddle2onnx

    with tempfile.TemporaryDirectory() as tmp:
        paddle.jit.save(model, f"{tmp}/m", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "images")])
        out = HERE / "source" / "cv" / "product" / "model.onnx"
        paddle2onnx.export(f"{tmp}/m.json", f"{tmp}/m.pdiparams", str(out), opset_version=13,
                           enable_optimize=False, optimize_tool="None")
    print("wrote", out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
