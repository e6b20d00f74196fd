"""Builds the AI platform practice lab's data, deterministically (argument: the pinned exam's folder;
run with the ml environment's Python and PYTHONPATH = the project). The deployed-product generators
are shared with the junior exam (labs/platform-junior/build.py, loaded by path); seeds differ.

    source/practice/data/digits/{train,val}/     the offline digits set; hidden/…/digits: its test split
    hidden/data/service/requests.jsonl, x.npy     200 hidden test digits as service requests / as an array
    source/practice/data/given/linear.onnx        a given linear digits classifier (exercise 01's check)
    source/practice/data/given/unoptimised.onnx   a small CNN graph with foldable and fusable nodes (02)
    source/practice/data/given/mlp.onnx           a float32 MLP to quantise (02)
    source/practice/data/verify/, hidden/data/verify_b/   offline logits, online answers, labels (04)
    source/practice/site/, hidden/data/site_b/    two running-site folders of the digits service (04)
"""

import importlib.util
import sys
from pathlib import Path

import numpy as np

import offline_data

ASSIGNMENT = "practice"
PROJECT = Path(offline_data.__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("platform_junior_build", PROJECT / "labs" / "platform-junior" / "build.py")
junior = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(junior)


def unoptimised(rng: np.random.Generator) -> bytes:
    """A CNN graph as an unoptimised exporter might write it: Identity, Conv + BatchNormalization,
    a constant subgraph (Mul of two constants), MatMul + Add."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    def init(name, a):
        return numpy_helper.from_array(np.asarray(a, dtype=np.float32), name)

    nodes = [helper.make_node("Identity", ["image"], ["x0"]),
             helper.make_node("Conv", ["x0", "w1"], ["c1"], pads=[1, 1, 1, 1]),
             helper.make_node("BatchNormalization", ["c1", "g1", "b1", "m1", "v1"], ["n1"]),
             helper.make_node("Relu", ["n1"], ["r1"]),
             helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
             helper.make_node("Mul", ["k2", "k3"], ["scale"]),
             helper.make_node("Mul", ["p1", "scale"], ["s1"]),
             helper.make_node("Flatten", ["s1"], ["f"]),
             helper.make_node("MatMul", ["f", "w2"], ["mm"]),
             helper.make_node("Add", ["mm", "b2"], ["logits"])]
    inits = [init("w1", rng.normal(0, 0.3, (8, 1, 3, 3))), init("g1", np.ones(8)), init("b1", np.zeros(8)),
             init("m1", rng.normal(0, 0.1, 8)), init("v1", np.ones(8)), init("k2", 2.0), init("k3", 0.5),
             init("w2", rng.normal(0, 0.1, (8 * 4 * 4, 10))), init("b2", np.zeros(10))]
    graph = helper.make_graph(nodes, "unoptimised", [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 1, 8, 8])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="practice")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def mlp(x: np.ndarray, y: np.ndarray) -> bytes:
    """A float32 MLP 64-256-10 fitted by scikit-learn, as ONNX (MatMul/Add/Relu)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=(256,), max_iter=60, random_state=0).fit(x.reshape(len(x), -1), y)
    (w1, w2), (b1, b2) = clf.coefs_, clf.intercepts_
    inits = [numpy_helper.from_array(np.array([-1, 64], np.int64), "shape")] + [
        numpy_helper.from_array(a.astype(np.float32), n) for n, a in (("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2))]
    nodes = [helper.make_node("Reshape", ["image", "shape"], ["flat"]),
             helper.make_node("MatMul", ["flat", "w1"], ["h"]), helper.make_node("Add", ["h", "b1"], ["hb"]),
             helper.make_node("Relu", ["hb"], ["r"]), helper.make_node("MatMul", ["r", "w2"], ["o"]),
             helper.make_node("Add", ["o", "b2"], ["logits"])]
    graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 1, 8, 8])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="practice")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def main(root: Path) -> None:
    offline_data.publish("digits", root, ASSIGNMENT)
    src, hidden = root / "source" / ASSIGNMENT, root / "hidden"
    x = np.load(hidden / "data" / "digits" / "x.npy")[:200]
    y = np.load(hidden / "labels" / "digits" / "y.npy")[:200]
    junior.service_split(hidden, x, y)

    # junior.linear_models reads the training split under source/<junior's assignment>: point it here
    junior.ASSIGNMENT = ASSIGNMENT
    v1, v2 = junior.linear_models(root)
    given = src / "data" / "given"
    given.mkdir(parents=True, exist_ok=True)
    (given / "linear.onnx").write_bytes(v1)
    (given / "unoptimised.onnx").write_bytes(unoptimised(np.random.default_rng([2021, 11])))
    train_x = np.load(src / "data" / "digits" / "train" / "x.npy")
    train_y = np.load(src / "data" / "digits" / "train" / "y.npy")
    (given / "mlp.onnx").write_bytes(mlp(train_x, train_y))

    val_x = np.load(src / "data" / "digits" / "val" / "x.npy")
    val_y = np.load(src / "data" / "digits" / "val" / "y.npy")
    smoke = junior.smoke_sample(v1, val_x, val_y, 11)
    junior.site(src / "site", 5, v1, v2, broken=False, tamper=False, smoke=smoke)
    junior.site(hidden / "data" / "site_b", 6, v1, v2, broken=False, tamper=True, smoke=smoke)
    junior.verify_set(src / "data" / "verify", 3, 300)
    junior.verify_set(hidden / "data" / "verify_b", 4, 400)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
