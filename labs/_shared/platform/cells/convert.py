### BEGIN SOLUTION
conv = subprocess.run([sys.executable, "-m", "paddle2onnx.command", "--model_dir", "models",
                       "--model_filename", "digits.json", "--params_filename", "digits.pdiparams",
                       "--save_file", "deploy/model/digits.onnx", "--opset_version", "13", "--optimize_tool", "None"],
                      capture_output=True, text=True, timeout=300)
print(conv.stdout[-400:], conv.stderr[-400:] if conv.returncode else "")
### END SOLUTION
import onnxruntime as ort

ort.set_default_logger_severity(3)
sess = ort.InferenceSession("deploy/model/digits.onnx", providers=["CPUExecutionProvider"])
onnx_val = sess.run(None, {sess.get_inputs()[0].name: val_x})[0]
with paddle.no_grad():
    paddle_val = model(paddle.to_tensor(val_x)).numpy()
print("max |onnx - paddle| =", float(np.abs(onnx_val - paddle_val).max()),
      " accuracy:", metrics.accuracy(val_y, onnx_val.argmax(1)))
