"""Writes source/m/train.ipynb of the model-task test exam (.venv/bin/python tests/labs/model-digits/author_notebook.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from practicum.authoring.notebook import solution, text, write  # noqa: E402

write(Path(__file__).parent / "source" / "m" / "train.ipynb", [
    text("# Digits: train, export (Paddle, ONNX) / 训练并导出", "intro"),
    solution('''
import numpy as np
import paddle

### BEGIN SOLUTION
paddle.seed(0)
x = paddle.to_tensor(np.load("data/digits/train/x.npy"))
y = paddle.to_tensor(np.load("data/digits/train/y.npy"))


class Net(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        self.flat = paddle.nn.Flatten()
        self.fc1 = paddle.nn.Linear(64, 32)
        self.fc2 = paddle.nn.Linear(32, 10)

    def forward(self, x):
        return self.fc2(paddle.nn.functional.relu(self.fc1(self.flat(x))))


net = Net()
opt = paddle.optimizer.Adam(learning_rate=0.01, parameters=net.parameters())
for epoch in range(150):
    loss = paddle.nn.functional.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    opt.clear_grad()
net.eval()
spec = [paddle.static.InputSpec([None, 1, 8, 8], "float32", "x")]
paddle.jit.save(net, "models/digits", input_spec=spec)
paddle.onnx.export(net, "models/digits", input_spec=spec, opset_version=13)
### END SOLUTION
''', "train"),
])
