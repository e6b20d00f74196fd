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


# %include train_loop.py


paddle.seed(0)
started = time.time()
model = DigitNet()
losses = train(model, train_x, train_y)
print(f"training took {time.time() - started:.1f} s")
### BEGIN SOLUTION
paddle.jit.save(model, "models/digits", input_spec=[paddle.static.InputSpec([None, 1, 8, 8], "float32", "image")])
### END SOLUTION
