F = paddle.nn.functional


class DigitNet(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = paddle.nn.Conv2D(1, 16, 3, padding=1)
        self.conv2 = paddle.nn.Conv2D(16, 32, 3, padding=1)
        self.fc = paddle.nn.Linear(32 * 2 * 2, 10)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(paddle.flatten(x, 1))
        ### END SOLUTION


def train(model, x, y, epochs=15, lr=0.01, batch=64):
    """返回每轮平均损失 / returns the mean loss per epoch."""
    ### BEGIN SOLUTION
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    rng = np.random.default_rng(0)
    losses = []
    for _ in range(epochs):
        model.train()
        order, total = rng.permutation(len(x)), []
        for i in range(0, len(x), batch):
            b = order[i:i + batch]
            loss = F.cross_entropy(model(paddle.to_tensor(x[b])), paddle.to_tensor(y[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
            total.append(float(loss))
        losses.append(float(np.mean(total)))
    model.eval()
    return losses
    ### END SOLUTION


paddle.seed(0)
started = time.time()
model = DigitNet()
losses = train(model, train_x, train_y)
print(f"training took {time.time() - started:.1f} s")
### BEGIN SOLUTION
paddle.jit.save(model, "models/digits", input_spec=[paddle.static.InputSpec([None, 1, 8, 8], "float32", "image")])
### END SOLUTION
