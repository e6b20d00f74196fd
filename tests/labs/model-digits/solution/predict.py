"""python predict.py INPUTS.npy OUT.npy: class ids of the digits model (ONNX Runtime)."""

import sys

import numpy as np
import onnxruntime as ort

x = np.load(sys.argv[1]).astype(np.float32)
session = ort.InferenceSession("models/digits.onnx", providers=["CPUExecutionProvider"])
logits = session.run(None, {session.get_inputs()[0].name: x})[0]
np.save(sys.argv[2], logits.argmax(axis=1).astype(np.int64))
