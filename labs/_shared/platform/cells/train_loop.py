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
