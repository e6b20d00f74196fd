"""Builds the junior NLP and speech exam's data, deterministically. Run by `practicum sitting create` /
`practicum check` on the pinned copy of the exam (argument: its folder), with the ml environment's
Python and PYTHONPATH = the project.

    source/nlp/data/commands_text/{train,val}/     public text set (offline_data/text.py)
    source/nlp/data/speech_commands/{train,val}/   public speech set (offline_data/speech.py)
    hidden/data/commands_text/, speech_commands/   hidden test inputs (grading sandboxes only)
    hidden/labels/commands_text/, speech_commands/ hidden test answers (trusted grader only)
    hidden/data/speech_logmel/x.npy                labkit.audio.log_mel of the hidden test waves,
                                                   float32 [N, 40, 98]: the input the exported
                                                   keyword models (Paddle, ONNX) are scored on
    source/nlp/deployed/                           a deployed voice-command service: models v1/v2,
                                                   manifest, config, request log (part E)
    hidden/data/deployed_b/, deployed_c/           two more sites of the same service with other
                                                   faults (part E's hidden checks)

A site: manifest.json (versions, files with sha256 and bytes, runtime), config.json (active,
previous and canary versions, confidence threshold, hosts), models/v1|v2/{kws.onnx, intent.onnx,
vocab.json, labels.json} (real, tiny ONNX graphs), logs/requests.jsonl (one JSON object per request;
a few lines cut short by a crash).
"""

import json
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import offline_data
from offline_data import releases
from labkit import audio

SITES = {
    # folder: (seed, faults)
    "deployed": (71, {"tamper": ["models/v1/vocab.json"], "v2_latency": 0.9, "v2_errors": 0.004,
                      "v2_lowconf": 0.0, "drift": {"gw-3": "v0"}}),
    "deployed_b": (72, {"tamper": ["models/v2/intent.onnx"], "v2_latency": 1.5, "v2_errors": 0.002,
                        "v2_lowconf": 0.0, "drift": {}}),
    "deployed_c": (73, {"tamper": [], "v2_latency": 1.0, "v2_errors": 0.06, "v2_lowconf": 0.12,
                        "drift": {"gw-1": "v0", "gw-4": "v3-rc"}}),
}
HOSTS = ["gw-1", "gw-2", "gw-3", "gw-4"]
INTENTS = ["turn_on", "turn_off", "set_temperature", "query_weather", "play_music", "set_alarm",
           "check_order", "refund", "change_address", "transfer_agent"]
KWS_CLASSES = ["open", "close", "up", "down", "stop", "play", "next", "back", "yes", "no", "_unknown_", "_silence_"]


def onnx_bytes(nodes, name, inputs, outputs, inits) -> bytes:
    import onnx
    from onnx import helper

    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="voice-command")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def kws_model(rng: np.random.Generator, version: str) -> bytes:
    """A real (tiny, linear) keyword model: log-mel float32 [N, 40, 98] -> logits [N, 12]."""
    from onnx import TensorProto, helper, numpy_helper

    w = rng.normal(0, 0.1, (40, 12)).astype(np.float32)
    b = rng.normal(0, 0.1, 12).astype(np.float32)
    return onnx_bytes(
        [helper.make_node("ReduceMean", ["logmel"], ["pooled"], axes=[2], keepdims=0),
         helper.make_node("MatMul", ["pooled", "w"], ["mm"]),
         helper.make_node("Add", ["mm", "b"], ["logits"])],
        f"kws_{version}",
        [helper.make_tensor_value_info("logmel", TensorProto.FLOAT, ["N", 40, 98])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 12])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])


def intent_model(rng: np.random.Generator, version: str, vocab_size: int) -> bytes:
    """A real (tiny) bag-of-words intent model: token ids int64 [N, 32] -> logits [N, 10]."""
    from onnx import TensorProto, helper, numpy_helper

    emb = rng.normal(0, 0.1, (vocab_size, 16)).astype(np.float32)
    w = rng.normal(0, 0.1, (16, 10)).astype(np.float32)
    return onnx_bytes(
        [helper.make_node("Gather", ["emb", "ids"], ["vectors"]),
         helper.make_node("ReduceMean", ["vectors"], ["pooled"], axes=[1], keepdims=0),
         helper.make_node("MatMul", ["pooled", "w"], ["logits"])],
        f"intent_{version}",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["N", 32])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])],
        [numpy_helper.from_array(emb, "emb"), numpy_helper.from_array(w, "w")])


def log_lines(rng: np.random.Generator, faults: dict) -> list[str]:
    """Six hours of requests, about one every 6 s over four gateway hosts; v2 takes a 20 % canary
    share from 10:00; a drifted host serves its stale version during its first two hours."""
    start = datetime(2026, 11, 24, 7, 0, 0)
    canary = datetime(2026, 11, 24, 10, 0, 0)
    burst_hour = int(rng.integers(7, 10))  # one hour with an upstream ASR outage
    t, n, lines = start, 0, []
    while t < start + timedelta(hours=6):
        n += 1
        host = HOSTS[int(rng.integers(len(HOSTS)))]
        version = "v2" if t >= canary and rng.random() < 0.2 else "v1"
        if host in faults["drift"] and t < start + timedelta(hours=2):
            version = faults["drift"][host]
        kind = "speech" if rng.random() < 0.6 else "text"
        lang = "zh" if rng.random() < 0.55 else "en"
        latency = float(rng.lognormal(np.log(85.0 if kind == "speech" else 18.0), 0.35))
        if version == "v2":
            latency *= faults["v2_latency"]
        p_error = faults["v2_errors"] if version == "v2" else 0.008
        if t.hour == burst_hour and kind == "speech":
            p_error = 0.08
        rec = {"ts": t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}", "request_id": f"q{n:06d}",
               "host": host, "model_version": version, "kind": kind, "lang": lang}
        if rng.random() < p_error:
            err = str(rng.choice(["asr_timeout", "audio_decode", "model_error", "bad_request"], p=[0.5, 0.2, 0.15, 0.15]))
            rec.update(latency_ms=round(3000.0 if err == "asr_timeout" else latency, 2), status="error", error=err)
        else:
            confidence = float(rng.beta(8, 1.6))
            if version == "v2" and rng.random() < faults["v2_lowconf"]:
                confidence *= 0.5
            rec.update(latency_ms=round(latency, 2), status="ok",
                       intent=INTENTS[int(rng.integers(len(INTENTS)))], confidence=round(confidence, 3))
        line = json.dumps(rec, ensure_ascii=False)
        if rng.random() < 0.002:  # the service crashed while writing this line
            line = line[: int(rng.integers(10, len(line) - 5))]
        lines.append(line)
        t += timedelta(seconds=float(rng.uniform(2, 10)))
    return lines


def site(folder: Path, seed: int, faults: dict) -> None:
    rng = np.random.default_rng([20261124, seed])
    files: dict[str, bytes] = {}
    words = ["<pad>", "<unk>", "turn", "on", "off", "the", "打", "开", "关", "灯", "空", "调", "温", "度", "订", "单"]
    for version in ("v1", "v2"):
        vocab = {w: i for i, w in enumerate(words + ([f"w{i}" for i in range(20)] if version == "v2" else []))}
        files[f"models/{version}/kws.onnx"] = kws_model(rng, version)
        files[f"models/{version}/intent.onnx"] = intent_model(rng, version, len(vocab))
        files[f"models/{version}/vocab.json"] = json.dumps(vocab, ensure_ascii=False, indent=1).encode()
        files[f"models/{version}/labels.json"] = json.dumps({"kws": KWS_CLASSES, "intents": INTENTS}, indent=1).encode()
    manifest = {
        "product": "voice-command",
        "site": folder.name,
        "runtime": {"python": "3.11", "onnxruntime": "1.32.0", "numpy": "2.4.0"},
        "inputs": {"kws": "log-mel float32 [N, 40, 98] (labkit.audio.log_mel, 8 kHz)",
                   "intent": "token ids int64 [N, 32] (vocab.json, 0 = padding, 1 = unknown)"},
        "versions": releases.release_versions(files, {"v1": "2026-08-15", "v2": "2026-11-21"}),
    }
    for path in faults["tamper"]:  # changed on site after the release: the manifest no longer matches
        data = files[path]
        if path.endswith(".json"):
            files[path] = data.replace(b'"turn"', b'"tum"')
        else:
            files[path] = data[: len(data) - 512]  # a copy cut short
    config = {"service": "voice-command", "active_version": "v1", "previous_version": None,
              "canary_version": "v2", "canary_share": 0.2, "confidence_threshold": 0.6, "hosts": HOSTS}
    releases.write_site(folder, files, manifest, config, "requests.jsonl", log_lines(rng, faults))


def main(root: Path) -> None:
    offline_data.publish("commands_text", root, "nlp")
    offline_data.publish("speech_commands", root, "nlp")
    waves = np.load(root / "hidden" / "data" / "speech_commands" / "waves.npy")
    (root / "hidden" / "data" / "speech_logmel").mkdir(parents=True, exist_ok=True)
    np.save(root / "hidden" / "data" / "speech_logmel" / "x.npy", audio.log_mel(waves, 8000))
    for name, (seed, faults) in SITES.items():
        folder = root / "source" / "nlp" / name if name == "deployed" else root / "hidden" / "data" / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        site(folder, seed, faults)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
