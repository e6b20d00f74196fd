def verify_report(y, offline_logits, online_labels):
    ### BEGIN SOLUTION
    y = np.asarray(y).astype(int)
    off = np.asarray(offline_logits).argmax(1).astype(int)
    on = np.asarray(online_labels).astype(int)
    conf = np.zeros((10, 10), int)
    np.add.at(conf, (y, off), 1)
    support = conf.sum(1)
    recall = [float(conf[k, k] / support[k]) if support[k] else 0.0 for k in range(10)]
    return {"offline_accuracy": float(np.mean(off == y)), "online_accuracy": float(np.mean(on == y)),
            "agreement": float(np.mean(on == off)), "disagree_ids": [int(i) for i in np.nonzero(on != off)[0]],
            "per_class_recall": recall, "confusion": conf.tolist()}
    ### END SOLUTION


V = "data/verify"
report = verify_report(np.load(f"{V}/y.npy"), np.load(f"{V}/offline_logits.npy"), np.load(f"{V}/online_labels.npy"))
print({k: v for k, v in report.items() if k != "confusion"})
