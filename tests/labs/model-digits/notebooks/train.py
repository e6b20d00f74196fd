# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # Digits: train, export (Paddle, ONNX) / 训练并导出

# %% nbgrader={"grade_id": "train", "grade": false, "solution": true, "locked": false}
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
