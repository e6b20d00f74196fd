"""Builds the data of the senior NLP and speech exam, deterministically. Run by `practicum sitting create`
/ `practicum check` on the pinned copy of the exam (argument: its folder), with the lab environment's
Python and PYTHONPATH = the project.

    source/nlp/data/speech_commands/{train,val}/  public
    source/nlp/logs/usage.jsonl                   public: four weeks of requests to today's rule-based assistant
    hidden/data/kws/features.npy                  labkit.audio.log_mel of the hidden test waves (the fixed
                                                  front end), float32 [N, 40, 98]
    hidden/labels/speech_commands/labels.npy      command classes of the hidden test clips
    hidden/labels/kws/lang.npy                    their language: 0 zh, 1 en, 2 none (class _silence_)
"""

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import offline_data
from labkit.audio import log_mel

SEED = 20345
INTENTS = ["turn_on", "turn_off", "set_temperature", "query_weather", "play_music", "set_alarm",
           "check_order", "refund", "change_address", "transfer_agent", "out_of_scope"]


def usage_log(rng, days: int = 28) -> list[dict]:
    """Requests with a daily rhythm (evening peak on speakers, office hours in the app), a weekend
    bump, slow growth, and latency/ failure tails; one JSON object per request."""
    start = datetime(2026, 3, 2)
    rows = []
    hourly = np.array([1, 1, 1, 1, 1, 2, 6, 10, 8, 6, 6, 7, 8, 6, 5, 5, 6, 9, 14, 16, 15, 11, 6, 3], dtype=float)
    intent_p = np.array([14, 12, 9, 10, 11, 7, 9, 5, 3, 4, 15], dtype=float)
    intent_p /= intent_p.sum()
    for day in range(days):
        weekend = (start + timedelta(days=day)).weekday() >= 5
        scale = 2.2 * (1.25 if weekend else 1.0) * (1 + 0.01 * day)
        for hour in range(24):
            for _ in range(int(rng.poisson(hourly[hour] * scale))):
                t = start + timedelta(days=day, hours=hour, seconds=int(rng.integers(3600)))
                channel = "speaker" if rng.random() < (0.75 if hour >= 17 else 0.45) else "app"
                lang = "zh" if rng.random() < 0.72 else "en"
                intent = INTENTS[int(rng.choice(len(INTENTS), p=intent_p))]
                latency = float(np.round(rng.lognormal(np.log(180 if channel == "speaker" else 120), 0.45), 1))
                ok = bool(rng.random() > (0.35 if intent == "out_of_scope" else 0.06 + (0.05 if lang == "en" else 0)))
                rows.append({"ts": t.isoformat(), "channel": channel, "lang": lang, "intent": intent,
                             "latency_ms": latency, "ok": ok})
    rows.sort(key=lambda r: r["ts"])
    return rows


def main(root: Path) -> None:
    offline_data.publish("speech_commands", root, "nlp")
    rng = np.random.default_rng(SEED)
    logs = root / "source" / "nlp" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    (logs / "usage.jsonl").write_text("".join(json.dumps(r) + "\n" for r in usage_log(rng)), encoding="utf-8")

    test = root / "hidden" / "data" / "speech_commands"
    answers = root / "hidden" / "labels" / "speech_commands"
    meta = json.loads((test / "meta.json").read_text())
    (root / "hidden" / "data" / "kws").mkdir(parents=True, exist_ok=True)
    np.save(root / "hidden" / "data" / "kws" / "features.npy", log_mel(np.load(test / "waves.npy"), meta["sample_rate"]))
    labels = np.load(answers / "labels.npy")
    info = [json.loads(line) for line in (answers / "info.jsonl").read_text(encoding="utf-8").splitlines() if line]
    silence = meta["classes"].index("_silence_")
    lang = np.array([2 if c == silence else (0 if i["lang"] == "zh" else 1) for c, i in zip(labels, info)], dtype=np.int64)
    (root / "hidden" / "labels" / "kws").mkdir(parents=True, exist_ok=True)
    np.save(root / "hidden" / "labels" / "kws" / "lang.npy", lang)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
