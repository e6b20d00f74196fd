if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

import importlib.util

def load_serve():
    spec = importlib.util.spec_from_file_location("serve", "deploy/serve.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # 读取你最新的 deploy/serve.py / loads your latest deploy/serve.py
    return mod

serve = load_serve()
_x = serve.preprocess({"pixels": list(range(16)) * 4})
assert _x.shape == (1, 1, 8, 8) and _x.dtype == np.float32 and abs(float(_x.max()) - 15 / 16) < 1e-7
try:
    serve.preprocess({"pixels": [1] * 63})
    raise AssertionError("63 pixels should raise ValueError")
except ValueError:
    pass
### BEGIN HIDDEN TESTS
_row = np.rint(val_x[:5].reshape(5, -1) * 16).astype(int)
check("valid_ints", [serve.preprocess({"pixels": r.tolist()}) for r in _row], tol=1e-7, weight=2)
check("valid_floats", serve.preprocess({"pixels": [float(v) / 4 for v in range(64)]}), tol=1e-7)
check("edge_values", serve.preprocess({"pixels": [0] * 32 + [16] * 32, "id": "x"}), tol=1e-7)
_bad = [[1, 2], {"pixel": [0] * 64}, {"pixels": "0" * 64}, {"pixels": [0] * 65}, {"pixels": [[0] * 8] * 8},
        {"pixels": [0] * 63 + [17]}, {"pixels": [-1] + [0] * 63}, {"pixels": [None] * 64}, {"pixels": [True] * 64},
        {"pixels": [0] * 63 + ["3"]}, {"pixels": [float("nan")] * 64}, {"pixels": [float("inf")] + [0] * 63}, None]
check("refuses", [raises(ValueError, serve.preprocess, b) for b in _bad], weight=3)
### END HIDDEN TESTS
