import onnxruntime as ort

ort.set_default_logger_severity(3)


def onnx_predict(path, feats):
    ### BEGIN SOLUTION
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return session.run(None, {name: np.asarray(feats, dtype=np.float32)})[0]
    ### END SOLUTION
