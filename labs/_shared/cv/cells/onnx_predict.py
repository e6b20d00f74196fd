def onnx_predict(path, images):
    ### BEGIN SOLUTION
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return session.run(None, {name: np.asarray(images, dtype=np.float32)})[0]
    ### END SOLUTION
