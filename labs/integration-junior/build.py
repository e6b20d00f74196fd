"""Builds the junior AI application integration exam's components and data, deterministically. Run by
`practicum sitting create` / `practicum check` on the pinned copy of the exam (argument: its folder),
with the ml environment's Python and PYTHONPATH = the project.

    source/integration/data/commands_text/, speech_commands/   public sets (train, val)
    source/integration/components/   the given components, trained here in NumPy (a few seconds) and
                                     written as ONNX graphs with their model cards:
                                     kws.onnx (log-mel [N,40,98] -> 12 keyword logits), kws.json,
                                     intent.onnx (token ids [N,32] -> 10 intent logits), intent.json,
                                     intent_vocab.json
    source/integration/ops/site1..4/ the voice-remote service (remote/remote.py) as deployed at four
                                     sites, each with one integration fault and its log (part E)
    hidden/data/assistant/requests.jsonl, site_b.jsonl, remote.jsonl   hidden service requests
    hidden/labels/assistant/actions.npy, site_b.npy, site1..4.npy      what the correctly integrated
                                     system answers (the reference pipeline, solution/app/pipeline.py,
                                     and the repaired voice remote run on the same components)
"""

import base64
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import numpy as np

import offline_data
from labkit.audio import log_mel, mfcc

HERE = Path(__file__).resolve().parent
SEED = 20351
KWS_CLASSES = ["open", "close", "up", "down", "stop", "play", "next", "back", "yes", "no", "_unknown_", "_silence_"]
PUNCT = ",.!?;:，。！？；：、\"'"
COMMANDS = {"open": "light.on", "close": "light.off", "up": "volume.up", "down": "volume.down", "stop": "media.stop",
            "play": "media.play", "next": "media.next", "back": "media.previous", "yes": "dialog.confirm",
            "no": "dialog.cancel"}


# ------------------------------------------------------------------ components


def onnx_model(nodes, name, inputs, outputs, inits, meta: dict) -> bytes:
    import onnx
    from onnx import helper

    model = helper.make_model(helper.make_graph(nodes, name, inputs, outputs, inits),
                              opset_imports=[helper.make_opsetid("", 13)], producer_name="practicum-integration")
    model.ir_version = 8
    for k, v in meta.items():
        model.metadata_props.add(key=k, value=v)
    onnx.checker.check_model(model)
    return model.SerializeToString()


def adam_mlp(x: np.ndarray, y: np.ndarray, classes: int, rng, hidden: int = 96, iters: int = 400,
             noise: float = 0.5, wd: float = 1e-3):
    """A one-hidden-layer MLP by minibatch Adam (NumPy): (W1, b1, W2, b2)."""
    d = x.shape[1]
    params = [rng.normal(0, np.sqrt(2 / d), (d, hidden)), np.zeros(hidden),
              rng.normal(0, np.sqrt(1 / hidden), (hidden, classes)), np.zeros(classes)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    onehot = np.eye(classes)[y]
    for it in range(1, iters + 1):
        idx = rng.integers(0, len(x), 128)
        xb = x[idx] + rng.normal(0, noise, (128, d))
        w1, b1, w2, b2 = params
        h = np.maximum(0, xb @ w1 + b1)
        z = h @ w2 + b2
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = (p - onehot[idx]) / len(xb)
        gh = g @ w2.T * (h > 0)
        grads = [xb.T @ gh + wd * w1, gh.sum(0), h.T @ g + wd * w2, g.sum(0)]
        for i, (param, grad) in enumerate(zip(params, grads)):
            m[i] = 0.9 * m[i] + 0.1 * grad
            v[i] = 0.999 * v[i] + 0.001 * grad * grad
            param -= 3e-3 * (m[i] / (1 - 0.9 ** it)) / (np.sqrt(v[i] / (1 - 0.999 ** it)) + 1e-8)
    return params


def kws_component(feats: np.ndarray, y: np.ndarray, rng, version: str, front_end: str) -> bytes:
    """Keyword model: features [N, C, 98] -> mean over time removed per band -> 14-frame averages ->
    standardised -> MLP -> 12 logits. All inside the ONNX graph."""
    from onnx import TensorProto, helper, numpy_helper

    c = feats.shape[1]

    def pooled(f):
        f = f - f.mean(2, keepdims=True)
        return f.reshape(len(f), c, 7, 14).mean(3).reshape(len(f), -1)

    p = pooled(feats.astype(np.float64))
    mu, sd = p.mean(0), p.std(0) + 1e-3
    w1, b1, w2, b2 = adam_mlp((p - mu) / sd, y, 12, rng)
    f32 = lambda a: a.astype(np.float32)  # noqa: E731
    inits = [numpy_helper.from_array(f32(a), n) for a, n in
             [(mu, "mu"), (sd, "sd"), (w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2")]]
    inits += [numpy_helper.from_array(np.array([-1, c, 7, 14], np.int64), "shape4"),
              numpy_helper.from_array(np.array([-1, c * 7], np.int64), "shape2")]
    nodes = [
        helper.make_node("ReduceMean", ["logmel"], ["band_mean"], axes=[2], keepdims=1),
        helper.make_node("Sub", ["logmel", "band_mean"], ["centred"]),
        helper.make_node("Reshape", ["centred", "shape4"], ["chunks"]),
        helper.make_node("ReduceMean", ["chunks"], ["pooled"], axes=[3], keepdims=0),
        helper.make_node("Reshape", ["pooled", "shape2"], ["flat"]),
        helper.make_node("Sub", ["flat", "mu"], ["x0"]),
        helper.make_node("Div", ["x0", "sd"], ["x1"]),
        helper.make_node("MatMul", ["x1", "w1"], ["h0"]),
        helper.make_node("Add", ["h0", "b1"], ["h1"]),
        helper.make_node("Relu", ["h1"], ["h2"]),
        helper.make_node("MatMul", ["h2", "w2"], ["z0"]),
        helper.make_node("Add", ["z0", "b2"], ["logits"]),
    ]
    return onnx_model(nodes, f"kws_{version}", [helper.make_tensor_value_info("logmel", TensorProto.FLOAT, ["N", c, 98])],
                      [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 12])], inits,
                      {"version": version, "front_end": front_end})


def tokenize(text: str, lang: str) -> list[str]:
    if lang == "zh":
        return [ch for ch in text if not ch.isspace() and ch not in PUNCT]
    return [w for w in (t.strip(PUNCT) for t in text.lower().split()) if w]


def intent_component(rows: list[dict], y: np.ndarray, rng, version: str) -> tuple[bytes, dict]:
    """Bag-of-words intent model: ids [N, 32] -> sum of per-token logit rows (row 0, padding, is zero) + bias."""
    from onnx import TensorProto, helper, numpy_helper

    counts: dict[str, int] = {}
    for r in rows:
        for t in tokenize(r["text"], r["lang"]):
            counts[t] = counts.get(t, 0) + 1
    words = sorted(w for w, n in counts.items() if n >= 2)
    vocab = {"<pad>": 0, "<unk>": 1, **{w: i + 2 for i, w in enumerate(words)}}
    x = np.zeros((len(rows), len(vocab)))
    for i, r in enumerate(rows):
        for t in tokenize(r["text"], r["lang"])[:32]:
            x[i, vocab.get(t, 1)] += 1
    x[:, 0] = 0
    w, b = np.zeros((len(vocab), 10)), np.zeros(10)
    onehot = np.eye(10)[y]
    for _ in range(300):  # logistic regression, full-batch gradient descent with L2
        z = x @ w + b
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) / len(x)
        w -= 2.0 * (x.T @ g + 1e-3 * w)
        b -= 2.0 * g.sum(0)
    w[0] = 0
    inits = [numpy_helper.from_array(w.astype(np.float32), "rows"), numpy_helper.from_array(b.astype(np.float32), "bias"),
             numpy_helper.from_array(np.array([1], np.int64), "axis1")]
    nodes = [helper.make_node("Gather", ["rows", "ids"], ["per_token"]),
             helper.make_node("ReduceSum", ["per_token", "axis1"], ["summed"], keepdims=0),
             helper.make_node("Add", ["summed", "bias"], ["logits"])]
    data = onnx_model(nodes, f"intent_{version}", [helper.make_tensor_value_info("ids", TensorProto.INT64, ["N", 32])],
                      [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])], inits,
                      {"version": version})
    return data, vocab


def read_rows(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "texts.jsonl").read_text(encoding="utf-8").splitlines()]


def components(root: Path, src: Path) -> None:
    rng = np.random.default_rng(SEED)
    speech = src / "data" / "speech_commands" / "train"
    waves, labels = np.load(speech / "waves.npy"), np.load(speech / "labels.npy")
    text = src / "data" / "commands_text" / "train"
    rows, intents = read_rows(text), np.load(text / "intents.npy")
    meta = json.loads((text / "meta.json").read_text())
    comp = src / "components"
    comp.mkdir(parents=True, exist_ok=True)
    (comp / "kws.onnx").write_bytes(kws_component(log_mel(waves, 8000), labels, rng, "1.2.0", "logmel40"))
    (comp / "kws.json").write_text(json.dumps({
        "name": "kws", "version": "1.2.0", "file": "kws.onnx",
        "task": {"zh": "命令词识别（1 秒语音 → 12 类）", "en": "keyword recognition (1 s of speech -> 12 classes)"},
        "input": {"name": "logmel", "dtype": "float32", "shape": ["N", 40, 98]},
        "output": {"name": "logits", "dtype": "float32", "shape": ["N", 12], "note": "softmax -> probabilities"},
        "classes": KWS_CLASSES,
        "audio": {"sample_rate": 8000, "samples": 8000, "format": "16-bit signed PCM, mono, little-endian"},
        "front_end": {"zh": "labkit.audio.log_mel(wave_int16, 8000)：int16 除以 32768，25 ms 汉宁窗，10 ms 帧移，40 个梅尔频带，自然对数",
                      "en": "labkit.audio.log_mel(wave_int16, 8000): int16 divided by 32768, 25 ms Hann frames, 10 ms hop, 40 mel bands, natural log"},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    data, vocab = intent_component(rows, intents, rng, "1.0.3")
    (comp / "intent.onnx").write_bytes(data)
    (comp / "intent_vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    (comp / "intent.json").write_text(json.dumps({
        "name": "intent", "version": "1.0.3", "file": "intent.onnx", "vocab": "intent_vocab.json",
        "task": {"zh": "意图分类（中英文一句话 → 10 类）", "en": "intent classification (one Chinese or English utterance -> 10 classes)"},
        "input": {"name": "ids", "dtype": "int64", "shape": ["N", 32]},
        "output": {"name": "logits", "dtype": "float32", "shape": ["N", 10], "note": "softmax -> probabilities"},
        "intents": meta["intents"], "max_tokens": 32, "pad_id": 0, "unk_id": 1, "punctuation": PUNCT,
        "tokenize": {"zh": "中文：逐字切分，去掉空白和标点（punctuation 中的字符）；英文：先转小写，按空白切分，每个词去掉首尾标点，丢弃空词",
                     "en": "Chinese: one token per character, dropping whitespace and punctuation (the characters in punctuation); English: lower-case, split on whitespace, strip punctuation from both ends of each word, drop empty words"},
        "encode": {"zh": "词表 intent_vocab.json 中没有的词记为 1（<unk>）；超过 32 个词截断；不足 32 个在末尾补 0（<pad>）；没有词的句子不能送入模型",
                   "en": "tokens missing from intent_vocab.json become 1 (<unk>); cut after 32 tokens; pad with 0 (<pad>) at the end up to 32; a sentence without tokens cannot be sent to the model"},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    # version 2.0.0 of the keyword model (part E, site 4): MFCC front end
    rng2 = np.random.default_rng(SEED + 2)
    (root / "build-tmp").mkdir(exist_ok=True)
    (root / "build-tmp" / "kws-2.0.0.onnx").write_bytes(
        kws_component(mfcc(waves, 8000, n=13), labels, rng2, "2.0.0", "mfcc13"))


# ------------------------------------------------------------------ part E: the voice remote at four sites

REMOTE_CONFIG = """# voice-remote 配置 / configuration (paths relative to this site's folder)
service: voice-remote
model: {model}
labels: {labels}          # the model card: its "classes" in the model's output order
features: {features}              # logmel40 (kws 1.x) | mfcc13 (kws 2.x): see the model card
sample_rate: {rate}              # Hz, what the microphones send and the model was trained on
threshold: 0.4                   # below this confidence the command is "none"
commands:
{commands}
"""

SITES = {
    # site: (what its config says, what its start script says, the fault in one line for the author)
    "site1": {"config_dir": "config", "start_config": "conf/remote.yaml", "rate": 8000, "labels": "models/kws-1.2.0.json",
              "model": "models/kws-1.2.0.onnx", "features": "logmel40", "v2": False},       # config path error
    "site2": {"config_dir": "config", "start_config": "config/remote.yaml", "rate": 16000,
              "labels": "models/kws-1.2.0.json", "model": "models/kws-1.2.0.onnx", "features": "logmel40",
              "v2": False},                                                                    # wrong sample rate
    "site3": {"config_dir": "config", "start_config": "config/remote.yaml", "rate": 8000, "labels": "models/labels.json",
              "model": "models/kws-1.2.0.onnx", "features": "logmel40", "v2": False},       # wrong label mapping
    "site4": {"config_dir": "config", "start_config": "config/remote.yaml", "rate": 8000, "labels": "models/kws-2.0.0.json",
              "model": "models/kws-2.0.0.onnx", "features": "logmel40", "v2": True},        # version mismatch
}
FIXES = {"site1": {}, "site2": {"rate": 8000}, "site3": {"labels": "models/kws-1.2.0.json"},
         "site4": {"features": "mfcc13"}}

LOGS = {
    "site1": """2026-11-20 08:00:01,102 INFO deploy: upgrade voice-remote 1.3 -> 1.4 (config moved from conf/ to config/)
2026-11-20 08:00:03,518 INFO systemd: starting voice-remote (start.sh)
Traceback (most recent call last):
  File "/opt/voice-remote/remote.py", line 104, in <module>
    main()
  File "/opt/voice-remote/remote.py", line 69, in main
    remote = Remote(args.config)
  File "/opt/voice-remote/remote.py", line 34, in __init__
    with open(HERE / config_path, encoding="utf-8") as f:
FileNotFoundError: [Errno 2] No such file or directory: '/opt/voice-remote/conf/remote.yaml'
2026-11-20 08:00:03,901 WARNING systemd: voice-remote exited with status 1, restarting in 5 s
2026-11-20 08:00:09,455 WARNING systemd: voice-remote exited with status 1, restarting in 5 s
2026-11-20 08:00:14,970 ERROR systemd: voice-remote failed 3 times, giving up
""",
    "site2": """2026-11-21 09:12:40,003 INFO voice-remote: model models/kws-1.2.0.onnx, 12 classes, features logmel40, 16000 Hz
2026-11-21 09:12:40,004 INFO voice-remote: listening on 127.0.0.1:8080
2026-11-21 09:13:02,417 WARNING voice-remote: 400 sample_rate 8000 != 16000 Hz
2026-11-21 09:13:09,871 WARNING voice-remote: 400 sample_rate 8000 != 16000 Hz
2026-11-21 09:13:15,230 WARNING voice-remote: 400 sample_rate 8000 != 16000 Hz
2026-11-21 09:14:41,006 WARNING voice-remote: 400 sample_rate 8000 != 16000 Hz
2026-11-21 09:20:00,000 INFO monitor: 0 of 57 requests answered with 200 in the last 5 min
# 备注 note (installer, 2026-11-21): "set sample_rate to 16000, the new microphones are better"
""",
    "site3": """2026-11-22 10:00:00,120 INFO voice-remote: model models/kws-1.2.0.onnx, 12 classes, features logmel40, 8000 Hz
2026-11-22 10:00:00,121 INFO voice-remote: listening on 127.0.0.1:8080
2026-11-22 10:02:13,554 INFO voice-remote: 200 media.previous 0.912
2026-11-22 10:02:31,090 INFO voice-remote: 200 dialog.confirm 0.874
2026-11-22 10:03:05,772 INFO voice-remote: 200 light.off 0.655
2026-11-22 10:05:47,301 INFO voice-remote: 200 none 0.958
# 工单 ticket #3817 (2026-11-22): 用户说“打开”，灯没亮，却回到了上一首；说“是的”，音乐停了。
#   The user said "open": the light stayed off and the player went back a track; "yes" stopped the music.
# 备注 note (installer): labels.json regenerated with sorted(classes) after the model update
""",
    "site4": """2026-11-23 07:30:00,008 INFO deploy: kws model 1.2.0 -> 2.0.0 (customer order #A-114: keep 2.0.0)
2026-11-23 07:30:01,201 INFO voice-remote: model models/kws-2.0.0.onnx, 12 classes, features logmel40, 8000 Hz
2026-11-23 07:30:01,202 INFO voice-remote: listening on 127.0.0.1:8080
2026-11-23 07:31:12,847 ERROR voice-remote: 500 InvalidArgument: [ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Got invalid dimensions for input: logmel for the following indices
 index: 1 Got: 40 Expected: 13
 Please fix either the inputs/outputs or the model.
2026-11-23 07:31:20,112 ERROR voice-remote: 500 InvalidArgument: [ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Got invalid dimensions for input: logmel for the following indices
 index: 1 Got: 40 Expected: 13
 Please fix either the inputs/outputs or the model.
""",
}


def site_config(s: dict) -> str:
    commands = "\n".join(f"  {k}: {v}" for k, v in COMMANDS.items())
    return REMOTE_CONFIG.format(model=s["model"], labels=s["labels"], features=s["features"], rate=s["rate"],
                                commands=commands)


def write_site(root: Path, src: Path, name: str, s: dict) -> None:
    site = src / "ops" / name
    if site.exists():
        shutil.rmtree(site)
    (site / "models").mkdir(parents=True)
    (site / "config").mkdir()
    (site / "logs").mkdir()
    shutil.copyfile(HERE / "remote" / "remote.py", site / "remote.py")
    card = json.loads((src / "components" / "kws.json").read_text(encoding="utf-8"))
    shutil.copyfile(src / "components" / "kws.onnx", site / "models" / "kws-1.2.0.onnx")
    (site / "models" / "kws-1.2.0.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if name == "site3":
        (site / "models" / "labels.json").write_text(json.dumps({"classes": sorted(KWS_CLASSES)}, indent=1) + "\n")
    if s["v2"]:
        shutil.copyfile(root / "build-tmp" / "kws-2.0.0.onnx", site / "models" / "kws-2.0.0.onnx")
        card2 = {**card, "version": "2.0.0", "file": "kws-2.0.0.onnx",
                 "input": {"name": "logmel", "dtype": "float32", "shape": ["N", 13, 98]},
                 "front_end": {"zh": "features: mfcc13 —— labkit.audio.mfcc(wave_int16, 8000, n=13)：13 维 MFCC（40 个梅尔频带的对数能量做 DCT），25 ms 帧长，10 ms 帧移",
                               "en": "features: mfcc13 — labkit.audio.mfcc(wave_int16, 8000, n=13): 13 MFCCs (DCT of the 40 log mel energies), 25 ms frames, 10 ms hop"},
                 "changes": {"zh": "2.0.0：改用 MFCC 前端（输入 [N, 13, 98]），对远场录音更稳健；类别顺序不变",
                             "en": "2.0.0: MFCC front end (input [N, 13, 98]), more robust to far-field audio; same class order"}}
        (site / "models" / "kws-2.0.0.json").write_text(json.dumps(card2, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (site / "config" / "remote.yaml").write_text(site_config(s), encoding="utf-8")
    (site / "start.sh").write_text("#!/bin/bash\n# voice-remote 1.4 启动脚本 / start script\ncd \"$(dirname \"$0\")\"\n"
                                   f"exec python remote.py --config {s['start_config']}\n")
    (site / "logs" / "service.log").write_text(LOGS[name], encoding="utf-8")


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def b64(wave: np.ndarray) -> str:
    return base64.b64encode(wave.astype("<i2").tobytes()).decode()


def requests_and_labels(root: Path, src: Path) -> None:
    rng = np.random.default_rng(SEED + 1)
    hidden_text = read_rows(root / "hidden" / "data" / "commands_text")
    hidden_waves = np.load(root / "hidden" / "data" / "speech_commands" / "waves.npy")
    pipeline = load_module(HERE / "solution" / "app" / "pipeline.py", "reference_pipeline")
    pipeline.ROOT = src
    out_data, out_labels = root / "hidden" / "data" / "assistant", root / "hidden" / "labels" / "assistant"
    out_data.mkdir(parents=True, exist_ok=True)
    out_labels.mkdir(parents=True, exist_ok=True)

    def mixed(n_text: int, n_audio: int, text_idx, audio_idx) -> list[dict]:
        bodies = [{"text": hidden_text[i]["text"], "lang": hidden_text[i]["lang"]} for i in text_idx[:n_text]]
        bodies += [{"audio": b64(hidden_waves[i]), "sample_rate": 8000} for i in audio_idx[:n_audio]]
        order = [0] + list(1 + rng.permutation(len(bodies) - 1))  # the first request is a text one
        return [bodies[i] for i in order]

    text_idx, audio_idx = rng.permutation(len(hidden_text)), rng.permutation(len(hidden_waves))
    sets = {"requests": (mixed(90, 50, text_idx, audio_idx), "config/assistant.yaml", "actions"),
            "site_b": (mixed(40, 24, text_idx[200:], audio_idx[150:]), "config/site_b.yaml", "site_b")}
    for stem, (bodies, config, label_name) in sets.items():
        assistant = pipeline.Assistant(src / config)
        actions = [assistant.handle(b)["action"] for b in bodies]
        with open(out_data / f"{stem}.jsonl", "w", encoding="utf-8") as f:
            for b in bodies:
                f.write(json.dumps(b, ensure_ascii=False) + "\n")
        np.save(out_labels / f"{label_name}.npy", np.array(actions))
    # the voice remote: the same 40 hidden clips at every site, answered by the repaired site
    remote_idx = audio_idx[100:140]
    with open(out_data / "remote.jsonl", "w") as f:
        for i in remote_idx:
            f.write(json.dumps({"audio": b64(hidden_waves[i]), "sample_rate": 8000}) + "\n")
    remote = load_module(HERE / "remote" / "remote.py", "reference_remote")
    for name, s in SITES.items():
        fixed = src / "build-tmp-" / name
        if fixed.exists():
            shutil.rmtree(fixed)
        fixed.mkdir(parents=True)
        shutil.copytree(src / "ops" / name / "models", fixed / "models")
        (fixed / "remote.yaml").write_text(site_config({**s, **FIXES[name]}), encoding="utf-8")
        remote.HERE = fixed
        r = remote.Remote("remote.yaml")
        commands = [r.handle({"audio": b64(hidden_waves[i]), "sample_rate": 8000})["command"] for i in remote_idx]
        np.save(out_labels / f"{name}.npy", np.array(commands))
    shutil.rmtree(src / "build-tmp-")


def main(root: Path) -> None:
    src = root / "source" / "integration"
    offline_data.publish("commands_text", root, "integration")
    offline_data.publish("speech_commands", root, "integration")
    components(root, src)
    for name, s in SITES.items():
        write_site(root, src, name, s)
    shutil.rmtree(root / "build-tmp")
    requests_and_labels(root, src)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
