"""Builds the data of the intermediate NLP and speech exam, deterministically. Run by `practicum sitting
create` / `practicum check` on the pinned copy of the exam (argument: its folder), with the lab
environment's Python and PYTHONPATH = the project.

    source/nlp/data/commands_text/{train,val}/    public (train minus the audit batch below)
    source/nlp/data/speech_commands/{train,val}/  public
    source/nlp/audit/batch.jsonl                  public: 150 annotated utterances taken out of train,
                                                  18 of them with planted annotation errors
    hidden/data/commands_text/                    hidden test texts (grading sandboxes only)
    hidden/data/kws/features.npy                  labkit.audio.log_mel of the hidden test waves
                                                  (the exam's fixed front end), float32 [N, 40, 98]
    hidden/labels/commands_text/, speech_commands/  hidden answers (trusted grader only)
    hidden/labels/audit/flags.npy                 1 = the batch record carries a planted error
"""

import json
import sys
from pathlib import Path

import numpy as np

import offline_data
from labkit.audio import log_mel

SEED = 20335
AUDIT = 150
PLANTS = {"intent": 6, "bio": 4, "slot_type": 4, "missed_slot": 4}


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_rows(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    out, i = [], 0
    while i < len(tags):
        if tags[i].startswith("B-"):
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + tags[i][2:]:
                j += 1
            out.append((i, j, tags[i][2:]))
            i = j
        else:
            i += 1
    return out


def plant(rng, rows: list[dict], meta: dict) -> np.ndarray:
    """Plants annotation errors in place; returns the 0/1 flags."""
    flags = np.zeros(len(rows), dtype=np.int64)
    with_spans = [i for i, r in enumerate(rows) if spans(r["tags"])]
    order = list(rng.permutation(len(rows)))
    slotted = [i for i in rng.permutation(with_spans)]
    for kind, count in PLANTS.items():
        pool = order if kind == "intent" else slotted
        done = 0
        for i in list(pool):
            if done == count:
                break
            if flags[i]:
                continue
            r = rows[i]
            if kind == "intent":
                others = [x for x in meta["intents"] if x != r["intent"]]
                r["intent"] = others[int(rng.integers(len(others)))]
            else:
                start, end, slot = spans(r["tags"])[int(rng.integers(len(spans(r["tags"]))))]
                if kind == "bio":  # B-x -> I-x, or a continuation switched to another type
                    if end - start > 1 and rng.random() < 0.5:
                        other = [s for s in meta["slots"] if s != slot][int(rng.integers(len(meta["slots"]) - 1))]
                        r["tags"][start + 1] = "I-" + other
                    else:
                        r["tags"][start] = "I-" + slot
                elif kind == "slot_type":
                    other = [s for s in meta["slots"] if s != slot][int(rng.integers(len(meta["slots"]) - 1))]
                    r["tags"][start:end] = ["B-" + other] + ["I-" + other] * (end - start - 1)
                else:
                    r["tags"][start:end] = ["O"] * (end - start)
            flags[i] = 1
            done += 1
    return flags


def main(root: Path) -> None:
    offline_data.publish("commands_text", root, "nlp")
    offline_data.publish("speech_commands", root, "nlp")
    rng = np.random.default_rng(SEED)

    # The audit batch: taken out of the public train split, so it cannot be looked up there.
    train = root / "source" / "nlp" / "data" / "commands_text" / "train"
    meta = json.loads((train / "meta.json").read_text(encoding="utf-8"))
    rows = read_rows(train / "texts.jsonl")
    intents, tags = np.load(train / "intents.npy"), np.load(train / "tags.npy")
    picked = np.sort(rng.choice(len(rows), AUDIT, replace=False))
    keep = np.setdiff1d(np.arange(len(rows)), picked)
    write_rows(train / "texts.jsonl", [rows[i] for i in keep])
    np.save(train / "intents.npy", intents[keep])
    np.save(train / "tags.npy", tags[keep])
    meta["count"] = len(keep)
    (train / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    batch = [{"id": k, **{f: rows[i][f] for f in ("text", "lang", "tokens", "intent", "tags")}}
             for k, i in enumerate(picked)]
    flags = plant(rng, batch, meta)
    write_rows(root / "source" / "nlp" / "audit" / "batch.jsonl", batch)
    (root / "hidden" / "labels" / "audit").mkdir(parents=True, exist_ok=True)
    np.save(root / "hidden" / "labels" / "audit" / "flags.npy", flags)

    # The speech model's hidden inputs through the exam's fixed front end.
    test = root / "hidden" / "data" / "speech_commands"
    sr = json.loads((test / "meta.json").read_text())["sample_rate"]
    (root / "hidden" / "data" / "kws").mkdir(parents=True, exist_ok=True)
    np.save(root / "hidden" / "data" / "kws" / "features.npy", log_mel(np.load(test / "waves.npy"), sr))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
