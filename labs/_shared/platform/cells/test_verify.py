if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert set(report) >= {"offline_accuracy", "online_accuracy", "agreement", "disagree_ids", "per_class_recall", "confusion"}
assert len(report["disagree_ids"]) == round((1 - report["agreement"]) * 300)
### BEGIN HIDDEN TESTS
_V = "/run/practicum/hidden/verify_b"
_r = verify_report(np.load(f"{_V}/y.npy"), np.load(f"{_V}/offline_logits.npy"), np.load(f"{_V}/online_labels.npy"))
check("accuracies", [float(_r["offline_accuracy"]), float(_r["online_accuracy"])], tol=1e-9)
check("agreement", [float(_r["agreement"]), [int(i) for i in _r["disagree_ids"]]], tol=1e-9, weight=2)
check("recall", [float(v) for v in _r["per_class_recall"]], tol=1e-9)
check("confusion", np.asarray(_r["confusion"], dtype=np.int64))
_e = verify_report([0, 0, 1], np.eye(10)[[0, 1, 1]], [0, 1, 2])
check("small", [float(_e["offline_accuracy"]), float(_e["agreement"]), [float(v) for v in _e["per_class_recall"]]], tol=1e-9)
### END HIDDEN TESTS
