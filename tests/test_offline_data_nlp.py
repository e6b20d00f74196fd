"""The NLP and speech sets: commands_text (offline_data/text.py, NumPy only: built in this venv) and
speech_commands (offline_data/speech.py: real espeak-ng and SciPy, built with the ml lab env's
Python in subprocesses). Byte-for-byte determinism, labels consistent with tokens, unseen voices in
the hidden split, sizes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

import offline_data
from offline_data import text

ROOT = Path(__file__).resolve().parent.parent
ML_PYTHON = ROOT / ".envs" / "ml" / "bin" / "python"


def files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def same_bytes(a: Path, b: Path) -> None:
    assert files(a) == files(b)
    for rel in files(a):
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


# ---------------------------------------------------------------- commands_text

@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    root = tmp_path_factory.mktemp("commands_text")
    return offline_data.build("commands_text", root / "a"), offline_data.build("commands_text", root / "b")


def rows(root: Path, split: str) -> list[dict]:
    return [json.loads(line) for line in (root / split / "texts.jsonl").read_text(encoding="utf-8").splitlines()]


def test_text_same_seed_same_bytes(texts):
    same_bytes(*texts)
    assert [str(p) for p in files(texts[0])] == [
        "test/meta.json", "test/texts.jsonl", "test_labels/intents.npy", "test_labels/tags.npy",
        "train/intents.npy", "train/meta.json", "train/tags.npy", "train/texts.jsonl",
        "val/intents.npy", "val/meta.json", "val/tags.npy", "val/texts.jsonl"]


def test_text_labels_agree_with_tokens(texts):
    root = texts[0]
    meta = json.loads((root / "train" / "meta.json").read_text(encoding="utf-8"))
    assert meta["tags"][0] == "O" and len(meta["tags"]) == 1 + 2 * len(meta["slots"])
    assert meta["intents"] == text.INTENTS and meta["max_tokens"] == 32
    for split, labels in (("train", "train"), ("val", "val"), ("test", "test_labels")):
        lines = rows(root, split)
        intents = np.load(root / labels / "intents.npy", allow_pickle=False)
        tags = np.load(root / labels / "tags.npy", allow_pickle=False)
        assert len(lines) == text.SIZES[split] == len(intents) == len(tags)
        assert intents.dtype == np.int64 and tags.dtype == np.int64 and tags.shape[1] == 32
        assert set(intents.tolist()) == set(range(len(meta["intents"])))
        assert {r["lang"] for r in lines} == {"zh", "en"}
        for r, intent, t in zip(lines, intents, tags):
            assert r["tokens"] == text.tokenize(r["text"], r["lang"])
            n = len(r["tokens"])
            assert np.all(t[:n] >= 0) and np.all(t[n:] == -1), r
            names = [meta["tags"][i] for i in t[:n]]
            for prev, cur in zip(["O"] + names, names):  # every I-x follows B-x or I-x
                assert not cur.startswith("I-") or prev in ("B" + cur[1:], cur), (r["text"], names)
            if split == "test":
                assert set(r) == {"text", "lang", "tokens"}  # no answers in the hidden inputs
            else:
                assert r["intent"] == meta["intents"][intent] and r["tags"] == names
    spans = [n for r in rows(root, "train") for n in r["tags"] if n.startswith("B-")]
    assert {s[2:] for s in spans} == set(text.SLOTS)


def test_text_test_split_has_unseen_paraphrases(texts):
    root = texts[0]
    train = {r["text"].lower() for r in rows(root, "train")}
    test = [r["text"].lower() for r in rows(root, "test")]
    unseen = sum(t not in train for t in test) / len(test)
    assert unseen > 0.6
    held_out = [t[1:] for lang in text.TEMPLATES.values() for ts in lang.values() for t in ts if t.startswith("*")]
    literal = [t.split("{")[0] for t in held_out if t.split("{")[0].strip()]
    # literal openings of held-out templates occur in test only ("activate the", "请开启", ...)
    assert any(t.startswith(p) or p in t for p in literal for t in test)
    assert not any(r["text"].lower().startswith(("activate the", "fire up the", "power down the"))
                   for r in rows(root, "train"))


# ---------------------------------------------------------------- speech_commands

def build_speech(dest: Path) -> subprocess.Popen:
    code = ("import sys, pathlib, offline_data; "
            "offline_data.build('speech_commands', pathlib.Path(sys.argv[1]))")
    return subprocess.Popen([str(ML_PYTHON), "-c", code, str(dest)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    """A fresh build beside the cached one (made by scripts/setup in another process, at another time;
    built here on a miss): the first test compares their bytes, the others read the fresh one."""
    if not ML_PYTHON.exists():
        pytest.fail("the ml lab environment (.envs/ml) is missing: run scripts/setup")
    root = tmp_path_factory.mktemp("speech_commands")
    fresh = build_speech(root / "a")
    cached = subprocess.run([str(ML_PYTHON), "-c", "import offline_data; print(offline_data.get('speech_commands'))"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert cached.returncode == 0, cached.stderr
    out, _ = fresh.communicate(timeout=300)
    assert fresh.returncode == 0, out
    return root / "a", Path(cached.stdout.strip())


def test_speech_same_seed_same_bytes(speech):
    same_bytes(*speech)


def test_speech_layout_sizes_and_balance(speech):
    sizes = {"train": 720, "val": 180, "test": 360}  # offline_data/speech.py SIZES (it needs SciPy)
    root = speech[0]
    assert sorted(p.name for p in (root / "test").iterdir()) == ["meta.json", "waves.npy"]
    assert sorted(p.name for p in (root / "test_labels").iterdir()) == ["info.jsonl", "labels.npy"]
    for split, labels in (("train", "train"), ("val", "val"), ("test", "test_labels")):
        waves = np.load(root / split / "waves.npy", allow_pickle=False)
        y = np.load(root / labels / "labels.npy", allow_pickle=False)
        meta = json.loads((root / split / "meta.json").read_text(encoding="utf-8"))
        assert waves.dtype == np.int16 and waves.shape == (sizes[split], meta["sample_rate"])
        assert meta["sample_rate"] == 8000 and len(meta["classes"]) == 12
        assert y.dtype == np.int64 and np.all(np.bincount(y, minlength=12) == sizes[split] // 12)
        peaks = np.abs(waves.astype(np.int32)).max(axis=1)
        assert peaks.min() > 3000 and peaks.max() <= 32767  # no empty clip, no overflow
        # a clip is not its neighbour: the generator does not repeat itself
        assert len({w.tobytes() for w in waves}) == len(waves)
    public = sum(p.stat().st_size for s in ("train", "val") for p in (root / s).iterdir())
    assert public < 15 * 2**20


def test_speech_test_voices_unseen(speech):
    root = speech[0]

    def voices(split):
        folder = "test_labels" if split == "test" else split
        info = [json.loads(line) for line in (root / folder / "info.jsonl").read_text(encoding="utf-8").splitlines()]
        return {i["voice"] for i in info if i.get("voice")}, info

    train, _ = voices("train")
    val, _ = voices("val")
    test, info = voices("test")
    variants = lambda vs: {v.split("+")[1] for v in vs}  # noqa: E731
    assert len(variants(train)) >= 30 and len(variants(test)) >= 10
    assert not variants(test) & variants(train) and not variants(val) & variants(train)
    assert not variants(test) & variants(val)
    assert {i["lang"] for i in info} == {"zh", "en"}
    # the answers' words match the labels: a command class is said as that command
    meta = json.loads((root / "test" / "meta.json").read_text(encoding="utf-8"))
    y = np.load(root / "test_labels" / "labels.npy", allow_pickle=False)
    for label, i in zip(y, info):
        name = meta["classes"][label]
        if name == "_silence_":
            assert i["word"] is None
        elif name == "_unknown_":
            assert i["word"] not in {w for c in meta["words"].values() for w in (c["en"], c["zh"])}
        else:
            assert i["word"] == meta["words"][name][i["lang"]]
