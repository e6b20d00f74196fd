"""The intermediate and senior NLP/speech exams' generated material: the audit batch is deterministic,
taken out of the public train split and carries exactly the planted errors its hidden flags name; the
hidden speech features are the fixed front end of the hidden waves; the given release folder and the
given decision rule behave as the notebooks state; the committed notebooks are what the authoring
scripts write. (The exams' reference and starter runs are covered by tests/test_check.py.)"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from practicum.core.settings import PROJECT_ROOT

ML_PYTHON = PROJECT_ROOT / ".envs" / "ml" / "bin" / "python"
INTERMEDIATE = PROJECT_ROOT / "labs" / "nlp-intermediate"
SENIOR = PROJECT_ROOT / "labs" / "nlp-senior"


def build(lab: Path, dest: Path) -> Path:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    res = subprocess.run([str(ML_PYTHON), str(lab / "build.py"), str(dest)], capture_output=True, text=True,
                         env=env, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    return dest


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not ML_PYTHON.exists():
        pytest.skip("the ml lab environment is not set up (scripts/setup)")
    root = tmp_path_factory.mktemp("nlp")
    return build(INTERMEDIATE, root / "a"), build(INTERMEDIATE, root / "b"), build(SENIOR, root / "s")


def bio_errors(tags: list[str]) -> list[int]:
    return [i for i, t in enumerate(tags) if t.startswith("I-") and (i == 0 or tags[i - 1] not in ("B-" + t[2:], t))]


def test_audit_batch_is_deterministic_and_out_of_train(built):
    a, b, _ = built
    for rel in ("source/nlp/audit/batch.jsonl", "hidden/labels/audit/flags.npy",
                "source/nlp/data/commands_text/train/texts.jsonl", "source/nlp/data/commands_text/train/tags.npy"):
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    train = a / "source" / "nlp" / "data" / "commands_text" / "train"
    texts = rows(train / "texts.jsonl")
    meta = json.loads((train / "meta.json").read_text(encoding="utf-8"))
    intents, tags = np.load(train / "intents.npy"), np.load(train / "tags.npy")
    assert len(texts) == len(intents) == len(tags) == meta["count"] == 2000 - 150
    for r, i, t in zip(texts[::97], intents[::97], tags[::97]):  # labels still line up with texts after the cut
        assert meta["intents"][i] == r["intent"] and [meta["tags"][k] for k in t if k >= 0] == r["tags"]
    assert not (a / "source" / "nlp" / "audit" / "flags.npy").exists()
    assert not any("hidden" in p.parts or p.name == "test_labels" for p in (a / "source").rglob("*"))


def test_planted_errors_match_the_hidden_flags(built):
    a = built[0]
    batch = rows(a / "source" / "nlp" / "audit" / "batch.jsonl")
    flags = np.load(a / "hidden" / "labels" / "audit" / "flags.npy")
    meta = json.loads((a / "source" / "nlp" / "data" / "commands_text" / "train" / "meta.json").read_text())
    assert [r["id"] for r in batch] == list(range(150)) and flags.shape == (150,) and int(flags.sum()) == 18
    structural = [k for k, r in enumerate(batch) if bio_errors(r["tags"])]
    assert len(structural) == 4 and all(flags[k] for k in structural)
    for r in batch:
        assert len(r["tokens"]) == len(r["tags"]) and r["intent"] in meta["intents"]
        assert all(t in meta["tags"] for t in r["tags"])


def test_hidden_features_are_the_fixed_front_end(built):
    a, _, s = built
    for root in (a, s):
        feats = np.load(root / "hidden" / "data" / "kws" / "features.npy")
        waves = np.load(root / "hidden" / "data" / "speech_commands" / "waves.npy")
        labels = np.load(root / "hidden" / "labels" / "speech_commands" / "labels.npy")
        assert feats.dtype == np.float32 and feats.shape == (len(waves), 40, 98) == (len(labels), 40, 98)
    code = ("import sys, numpy as np; from labkit.audio import log_mel; "
            "w = np.load(sys.argv[1])[:5]; f = np.load(sys.argv[2])[:5]; print(float(np.abs(log_mel(w, 8000) - f).max()))")
    res = subprocess.run([str(ML_PYTHON), "-c", code, str(a / "hidden/data/speech_commands/waves.npy"),
                          str(a / "hidden/data/kws/features.npy")], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, timeout=120)
    assert res.returncode == 0 and float(res.stdout.strip()) == 0.0, res.stderr[-1000:]


def test_senior_language_labels_and_usage_log(built):
    s = built[2]
    labels = np.load(s / "hidden" / "labels" / "speech_commands" / "labels.npy")
    lang = np.load(s / "hidden" / "labels" / "kws" / "lang.npy")
    info = rows(s / "hidden" / "labels" / "speech_commands" / "info.jsonl")
    classes = json.loads((s / "hidden" / "data" / "speech_commands" / "meta.json").read_text())["classes"]
    assert lang.shape == labels.shape and set(lang.tolist()) == {0, 1, 2}
    assert np.array_equal(lang == 2, labels == classes.index("_silence_"))
    speech = lang != 2
    assert [("zh", "en")[v] for v in lang[speech]] == [i["lang"] for i, keep in zip(info, speech) if keep]
    usage = rows(s / "source" / "nlp" / "logs" / "usage.jsonl")
    assert len({r["ts"][:10] for r in usage}) == 28 and usage == sorted(usage, key=lambda r: r["ts"])
    assert {r["channel"] for r in usage} == {"speaker", "app"} and 0.05 < np.mean([r["intent"] == "out_of_scope" for r in usage]) < 0.3


def test_given_release_folder_has_exactly_one_broken_release():
    ops = INTERMEDIATE / "source" / "nlp" / "ops"
    broken = {}
    for folder in sorted((ops / "releases").iterdir()):
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["version"] == folder.name
        broken[folder.name] = sorted(n for n, d in manifest["files"].items()
                                     if hashlib.sha256((folder / n).read_bytes()).hexdigest() != d)
    assert broken == {"v1.0.0": [], "v1.1.0": [], "v1.2.0": ["model.pdiparams"], "v1.3.0": []}
    metrics = {v: json.loads((ops / "releases" / v / "manifest.json").read_text())["metrics"] for v in broken}
    assert metrics["v1.3.0"]["intent_acc"] < metrics["v1.0.0"]["intent_acc"] - 0.01 <= metrics["v1.1.0"]["intent_acc"]
    assert json.loads((ops / "state.json").read_text()) == {"current": "v1.0.0", "history": ["v1.0.0"]}


def test_given_decision_rule():
    spec = importlib.util.spec_from_file_location("decision", SENIOR / "source" / "nlp" / "assistant" / "decision.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    decide = mod.decide

    def probs(**at):
        p = [0.0] * 12
        for k, v in at.items():
            p[int(k[1:])] = v
        rest = (1 - sum(at.values())) / (12 - len(at))
        return [v if f"c{i}" in at else rest for i, v in enumerate(p)]

    assert decide(probs(c3=0.9)) == "execute:3"
    assert decide(probs(c3=0.59)) == "confirm:3"
    assert decide(probs(c4=0.7, c5=0.3)) == "execute:4" and decide(probs(c4=0.6, c5=0.4)) == "execute:4"
    assert decide(probs(c4=0.55, c5=0.45), threshold=0.5) == "confirm:4"
    assert decide(probs(c6=0.5, c1=0.5), threshold=0.4, margin=0.0) == "execute:1"  # ties: the lowest index
    assert decide(probs(c10=0.95)) == "reject" and decide(probs(c11=0.2, c0=0.19)) == "ignore"
    for bad in ([1 / 11] * 11, [0.5] * 12, [1.1, -0.1] + [0.0] * 10):
        with pytest.raises(ValueError):
            decide(bad)
