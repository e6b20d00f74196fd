"""Builds the senior AI application integration exam's components and data, deterministically. Run by
`practicum sitting create` / `practicum check` on the pinned copy of the exam (argument: its folder),
with the ml environment's Python and PYTHONPATH = the project.

    source/senior/data/commands_text/{train,val}/   public texts (offline_data's commands_text)
    source/senior/components/     the local intent component and its card (labs/integration-junior/build.py)
    source/senior/vendor/cloud_model.npz   the simulated cloud NLU's model: words and bigrams, trained
                                  here on train by logistic regression (NumPy)
    source/senior/data/loadtest.csv        one gateway instance under increasing concurrency (B1)
    source/senior/data/canary.jsonl        a canary release, one line per 10-minute window (D2)
    source/senior/logs/gateway.jsonl       a day of gateway requests with an afternoon cloud outage (E1)
    hidden/data/gateway/requests.jsonl     hidden texts for the gateway service
    hidden/labels/gateway/route.npy, reason.npy   the correct gateway's answers (solution/app/gateway.py's
                                  rules with the vendor's deterministic faults)
    hidden/data/canary/b.jsonl, c.jsonl    two more canary releases for D2's hidden checks
"""

import importlib.util
import json
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import offline_data

HERE = Path(__file__).resolve().parent
SEED = 20371


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cloud_model(rows: list[dict], intents: list[str], out: Path, features) -> None:
    feats = [features(r["text"], r["lang"]) for r in rows]
    counts: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= 2)
    index = {f: i for i, f in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)), dtype=np.float32)
    for i, fs in enumerate(feats):
        for f in fs:
            if f in index:
                x[i, index[f]] += 1
    y = np.eye(len(intents))[[intents.index(r["intent"]) for r in rows]]
    w, b, y = np.zeros((len(vocab), len(intents)), np.float32), np.zeros(len(intents), np.float32), y.astype(np.float32)
    for _ in range(200):
        z = x @ w + b
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = (p - y) / len(x)
        w -= 2.0 * (x.T @ g + 1e-3 * w)
        b -= 2.0 * g.sum(0)
    np.savez(out, vocab=np.array(vocab), w=w.astype(np.float32), b=b.astype(np.float32), intents=np.array(intents))


def loadtest() -> str:
    """One instance: 2 workers, about 11 ms per request; p95 grows with queueing."""
    lines = ["concurrency,throughput_rps,p50_ms,p95_ms,error_rate"]
    for c in (1, 2, 4, 8, 16, 32, 64, 128):
        rps = min(c / 0.011, 182.0) * (1 - 0.002 * c)
        p50 = max(11.0, c / rps * 1000)
        p95 = p50 * (1.9 + 0.012 * c)
        err = 0.0 if c < 64 else 0.004 * (c / 64)
        lines.append(f"{c},{rps:.1f},{p50:.1f},{p95:.1f},{err:.4f}")
    return "\n".join(lines) + "\n"


def canary_log(rng, bad_at: int | None, slow_at: int | None) -> list[dict]:
    """Windows of 10 minutes; the canary's share follows the rules' promotions (5, 25, 50, 100 %)."""
    rows = []
    for w in range(14):
        base_req = int(rng.integers(5500, 6500))
        base_err = float(rng.uniform(0.003, 0.006))
        base_p95 = float(rng.uniform(180, 210))
        can_err = base_err * float(rng.uniform(0.7, 1.4))
        can_p95 = base_p95 * float(rng.uniform(0.9, 1.1))
        if bad_at is not None and w >= bad_at:
            can_err = base_err * 2.6 + 0.006
        if slow_at is not None and w >= slow_at:
            can_p95 = base_p95 * 1.35
        rows.append({"window": w, "start": (datetime(2026, 11, 26, 20, 0) + timedelta(minutes=10 * w)).strftime("%H:%M"),
                     "baseline": {"requests": base_req, "error_rate": round(base_err, 5), "p95_ms": round(base_p95, 1)},
                     "canary": {"requests": int(base_req * 0.1), "error_rate": round(can_err, 5), "p95_ms": round(can_p95, 1)}})
    return rows


def gateway_log(rng) -> list[dict]:
    """A day, one request every few seconds; the cloud is out from 14:00 to 15:30 (every request times out)."""
    t, end, rows, n = datetime(2026, 11, 25, 0, 0), datetime(2026, 11, 26, 0, 0), [], 0
    intents = ["turn_on", "turn_off", "set_temperature", "query_weather", "play_music", "set_alarm",
               "check_order", "refund", "change_address", "transfer_agent"]
    while t < end:
        n += 1
        outage = datetime(2026, 11, 25, 14, 0) <= t < datetime(2026, 11, 25, 15, 30)
        r = rng.random()
        if outage:
            reason = "timeout"
        else:
            reason = "error" if r < 0.03 else "timeout" if r < 0.05 else "contract" if r < 0.06 else \
                "low_confidence" if r < 0.14 else "ok"
        source = "cloud" if reason == "ok" else "local"
        latency = float(rng.lognormal(np.log(38), 0.3)) if source == "cloud" else \
            (300.0 + float(rng.lognormal(np.log(9), 0.3)) if reason == "timeout" else float(rng.lognormal(np.log(45), 0.3)))
        rows.append({"ts": t.strftime("%Y-%m-%d %H:%M:%S"), "id": f"r{n:06d}", "source": source, "reason": reason,
                     "intent": intents[int(rng.integers(10))], "latency_ms": round(latency, 1)})
        hour = t.hour
        t += timedelta(seconds=float(rng.exponential(4.0 if 8 <= hour < 22 else 12.0)))
    return rows


def main(root: Path) -> None:
    src = root / "source" / "senior"
    offline_data.publish("commands_text", root, "senior")
    junior = load(offline_data.PROJECT / "labs" / "integration-junior" / "build.py", "integration_junior_build")
    # the junior builder also wants speech data for the keyword component: give it a scratch copy
    offline_data.publish("speech_commands", root, "senior", splits={
        "train": src / "data" / "speech_commands" / "train", "val": root / "build-tmp-speech" / "val",
        "test": root / "build-tmp-speech" / "test", "test_labels": root / "build-tmp-speech" / "test_labels"})
    junior.components(root, src)
    for extra in ("kws.onnx", "kws.json"):
        (src / "components" / extra).unlink()
    shutil.rmtree(root / "build-tmp")
    shutil.rmtree(root / "build-tmp-speech")
    shutil.rmtree(src / "data" / "speech_commands")
    text_dir = src / "data" / "commands_text"
    rows = junior.read_rows(text_dir / "train")
    meta = json.loads((text_dir / "train" / "meta.json").read_text())
    cloud = load(src / "vendor" / "cloud_nlu.py", "senior_cloud")
    cloud_model(rows, meta["intents"], src / "vendor" / "cloud_model.npz", cloud.features)
    (src / "data" / "loadtest.csv").write_text(loadtest())
    rng = np.random.default_rng(SEED)
    with open(src / "data" / "canary.jsonl", "w") as f:
        for row in canary_log(rng, bad_at=6, slow_at=None):
            f.write(json.dumps(row) + "\n")
    (root / "hidden" / "data" / "canary").mkdir(parents=True, exist_ok=True)
    for name, bad, slow in (("b", None, 5), ("c", None, None)):
        with open(root / "hidden" / "data" / "canary" / f"{name}.jsonl", "w") as f:
            for row in canary_log(np.random.default_rng([SEED, ord(name)]), bad_at=bad, slow_at=slow):
                f.write(json.dumps(row) + "\n")
    (src / "logs").mkdir(exist_ok=True)
    with open(src / "logs" / "gateway.jsonl", "w") as f:
        for row in gateway_log(np.random.default_rng(SEED + 5)):
            f.write(json.dumps(row) + "\n")

    # hidden requests: the correct gateway with the vendor's deterministic faults
    gateway_mod = load(HERE / "solution" / "app" / "gateway.py", "senior_gateway")
    gateway_mod.ROOT = src

    def simulated_cloud(text, lang):
        kind = cloud.fault(text)
        if kind == "error":
            raise gateway_mod.CloudFailure("error", "503")
        if kind == "slow":
            raise gateway_mod.CloudFailure("timeout", "1.5 s")
        if kind == "null":
            return {"intent": None, "confidence": None}
        intent, confidence = cloud.predict(text, lang)
        return {"intent": intent, "confidence": confidence}

    gw = gateway_mod.Gateway(src / "config" / "gateway.yaml", cloud=simulated_cloud)
    hidden = junior.read_rows(root / "hidden" / "data" / "commands_text")
    idx = np.random.default_rng(SEED + 1).permutation(len(hidden))[:80]
    bodies = [{"text": hidden[i]["text"], "lang": hidden[i]["lang"]} for i in idx]
    answers = [gw.route(b) for b in bodies]
    for sub in ("data", "labels"):
        (root / "hidden" / sub / "gateway").mkdir(parents=True, exist_ok=True)
    with open(root / "hidden" / "data" / "gateway" / "requests.jsonl", "w", encoding="utf-8") as f:
        for b in bodies:
            f.write(json.dumps(b, ensure_ascii=False) + "\n")
    np.save(root / "hidden" / "labels" / "gateway" / "route.npy", np.array([a["route"] for a in answers]))
    np.save(root / "hidden" / "labels" / "gateway" / "reason.npy", np.array([a["reason"] for a in answers]))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
