F = paddle.nn.functional


def predict(model, X, batch=256):
    """（已给出 / given）argmax of the model's logits over the last axis, in batches."""
    model.eval()
    with paddle.no_grad():
        return np.concatenate([model(paddle.to_tensor(X[i:i + batch])).numpy().argmax(-1)
                               for i in range(0, len(X), batch)]).astype(np.int64)


def fit(model, X, y, epochs=10, lr=0.003, batch=32, augment=None, loss_fn=None, val=None, seed=0):
    """（已给出 / given）Adam; loss_fn(logits, labels) defaults to cross-entropy; augment(xb, rng) changes each
    batch; val = (X_val, y_val, score_fn, name) adds a score per epoch. Returns {"train loss": [...], ...}."""
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = loss_fn or F.cross_entropy
    rng = np.random.default_rng(seed)
    history = {"train loss": []}
    for _ in range(epochs):
        model.train()
        order, total = rng.permutation(len(X)), []
        for i in range(0, len(X), batch):
            b = order[i:i + batch]
            xb = X[b] if augment is None else augment(X[b], rng)
            loss = loss_fn(model(paddle.to_tensor(xb)), paddle.to_tensor(y[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
            total.append(float(loss))
        history["train loss"].append(float(np.mean(total)))
        if val is not None:
            history.setdefault("val " + val[3], []).append(float(val[2](val[1], predict(model, val[0]))))
    model.eval()
    return history
