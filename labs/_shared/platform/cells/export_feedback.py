# 即时反馈（不计分）/ instant feedback (not scored)
assert os.path.isfile("models/digits.pdiparams"), "models/digits.pdiparams is missing: export with paddle.jit.save"
model.eval()
with paddle.no_grad():
    val_pred = model(paddle.to_tensor(val_x)).numpy().argmax(1)
print(f"validation accuracy {metrics.accuracy(val_y, val_pred):.3f}")
plots.loss_curve({"train loss": losses});
