"""Integration tests of the voice assistant (pytest style: each test takes the Assistant class under test).

Run in the notebook: run_tests("tests/test_pipeline.py", Assistant). Paths are relative to the exam folder.
"""
import base64
import json

import numpy as np
import onnxruntime as ort
from labkit.audio import log_mel

CARD = json.load(open("components/kws.json", encoding="utf-8"))
INTENT_CARD = json.load(open("components/intent.json", encoding="utf-8"))
WAVES = np.load("data/speech_commands/val/waves.npy")[:40]
KWS = ort.InferenceSession("components/kws.onnx", providers=["CPUExecutionProvider"])
INTENT = ort.InferenceSession("components/intent.onnx", providers=["CPUExecutionProvider"])
VOCAB = json.load(open("components/intent_vocab.json", encoding="utf-8"))


def audio(wave, rate=8000):
    return {"audio": base64.b64encode(wave.astype("<i2").tobytes()).decode(), "sample_rate": rate}


def kws_direct(wave):
    """The keyword component alone, as its model card says: (class name, probability)."""
    z = KWS.run(None, {"logmel": log_mel(wave, 8000)[None]})[0][0]
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    return CARD["classes"][int(p.argmax())], float(p.max())


def intent_direct(ids):
    z = INTENT.run(None, {"ids": np.array([ids + [0] * (32 - len(ids))], dtype=np.int64)})[0][0]
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    return INTENT_CARD["intents"][int(p.argmax())], float(p.max())


def write_config(tmp_name, **changes):
    import yaml

    cfg = yaml.safe_load(open("config/assistant.yaml", encoding="utf-8"))
    cfg.update(changes)
    path = f"/tmp/{tmp_name}.yaml"
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(cfg, f, allow_unicode=True)
    return path


def test_audio_labels_match_component(Assistant):
    a = Assistant("config/assistant.yaml")
    for wave in WAVES[:20]:
        out = a.handle(audio(wave))
        label, conf = kws_direct(wave)
        assert out["source"] == "audio" and out["label"] == label
        assert abs(out["confidence"] - conf) < 1e-3


def test_audio_actions_follow_config(Assistant):
    a = Assistant("config/assistant.yaml")
    cfg = a.config
    for wave in WAVES:
        label, conf = kws_direct(wave)
        expected = cfg["fallback"] if conf < cfg["threshold"] else cfg["keywords"].get(label, cfg["fallback"])
        assert a.handle(audio(wave))["action"] == expected


def test_text_labels_match_component(Assistant):
    a = Assistant("config/assistant.yaml")
    cases = [("turn on the light", "en", ["turn", "on", "the", "light"]),
             ("打开客厅的灯。", "zh", list("打开客厅的灯")),
             ("refund my order, please!", "en", ["refund", "my", "order", "please"]),
             ("明天北京天气怎么样？", "zh", list("明天北京天气怎么样"))]
    for text, lang, tokens in cases:
        label, conf = intent_direct([VOCAB.get(t, 1) for t in tokens])
        out = a.handle({"text": text, "lang": lang})
        assert out["source"] == "text" and out["label"] == label, (text, out, label)
        assert abs(out["confidence"] - conf) < 1e-3


def test_text_case_and_punctuation_do_not_matter(Assistant):
    a = Assistant("config/assistant.yaml")
    base = a.handle({"text": "turn off the light in the kitchen", "lang": "en"})
    for variant in ("TURN OFF THE LIGHT IN THE KITCHEN", "Turn off the light, in the kitchen!"):
        out = a.handle({"text": variant, "lang": "en"})
        assert out["label"] == base["label"] and abs(out["confidence"] - base["confidence"]) < 1e-6


def test_long_text_is_cut_not_refused(Assistant):
    a = Assistant("config/assistant.yaml")
    words = ["play", "some", "music"] * 20
    label, conf = intent_direct([VOCAB.get(t, 1) for t in words[:32]])
    out = a.handle({"text": " ".join(words), "lang": "en"})
    assert out["label"] == label and abs(out["confidence"] - conf) < 1e-3


def test_threshold_and_tables_from_config(Assistant):
    strict = Assistant(write_config("strict", threshold=1.01, fallback="sorry"))
    assert strict.handle({"text": "turn on the light", "lang": "en"})["action"] == "sorry"
    assert strict.handle(audio(WAVES[0]))["action"] == "sorry"
    loose = Assistant(write_config("loose", threshold=0.0, keywords={c: "kw." + c for c in CARD["classes"]},
                                   intents={i: "in." + i for i in INTENT_CARD["intents"]}))
    out = loose.handle({"text": "turn on the light", "lang": "en"})
    assert out["action"] == "in." + out["label"]
    for wave in WAVES[:5]:
        out = loose.handle(audio(wave))
        assert out["action"] == "kw." + kws_direct(wave)[0]
    partial = Assistant(write_config("partial", threshold=0.0, keywords={}, intents={}, fallback="nothing"))
    assert partial.handle({"text": "turn on the light", "lang": "en"})["action"] == "nothing"


def test_bad_requests_raise_value_error(Assistant):
    a = Assistant("config/assistant.yaml")
    bad = [{}, [], {"text": ""}, {"text": "hello", "lang": "fr"}, {"text": 5, "lang": "en"}, {"text": "。。。", "lang": "zh"},
           audio(WAVES[0], rate=16000), audio(WAVES[0][:4000]), {"audio": "@@not base64@@", "sample_rate": 8000},
           {"audio": audio(WAVES[0])["audio"]}]
    for request in bad:
        try:
            a.handle(request)
        except ValueError:
            continue
        raise AssertionError(f"no ValueError for {str(request)[:60]}")
