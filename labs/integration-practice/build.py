"""Builds the integration practice lab's components and data, deterministically: the same given
components as the junior exam (labs/integration-junior/build.py trains them in NumPy and writes them as
ONNX with their model cards), the public sets, and hidden service requests with the answers of the
correctly integrated assistant (solution/app/pipeline.py). Run by `practicum sitting create` /
`practicum check` on the pinned copy of the lab (argument: its folder), with PYTHONPATH = the project.

    source/practice/data/commands_text/, speech_commands/   public sets (train, val)
    source/practice/components/                             kws.onnx, kws.json, intent.onnx, intent.json, intent_vocab.json
    hidden/data/assistant/requests.jsonl                    100 hidden requests (text and audio)
    hidden/labels/assistant/actions.npy                     their actions under config/assistant.yaml
"""

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import numpy as np

import offline_data

HERE = Path(__file__).resolve().parent


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(root: Path) -> None:
    src = root / "source" / "practice"
    junior = load(offline_data.PROJECT / "labs" / "integration-junior" / "build.py", "integration_junior_build")
    offline_data.publish("commands_text", root, "practice")
    offline_data.publish("speech_commands", root, "practice")
    junior.components(root, src)
    shutil.rmtree(root / "build-tmp")  # the junior exam's version 2.0.0 keyword model: not used here
    rng = np.random.default_rng(junior.SEED + 7)
    texts = junior.read_rows(root / "hidden" / "data" / "commands_text")
    waves = np.load(root / "hidden" / "data" / "speech_commands" / "waves.npy")
    bodies = [{"text": texts[i]["text"], "lang": texts[i]["lang"]} for i in rng.permutation(len(texts))[:64]]
    bodies += [{"audio": junior.b64(waves[i]), "sample_rate": 8000} for i in rng.permutation(len(waves))[:36]]
    bodies = [bodies[0]] + [bodies[1 + i] for i in rng.permutation(len(bodies) - 1)]
    pipeline = load(HERE / "solution" / "app" / "pipeline.py", "practice_reference_pipeline")
    pipeline.ROOT = src
    assistant = pipeline.Assistant(src / "config" / "assistant.yaml")
    for sub in ("data", "labels"):
        (root / "hidden" / sub / "assistant").mkdir(parents=True, exist_ok=True)
    with open(root / "hidden" / "data" / "assistant" / "requests.jsonl", "w", encoding="utf-8") as f:
        for b in bodies:
            f.write(json.dumps(b, ensure_ascii=False) + "\n")
    np.save(root / "hidden" / "labels" / "assistant" / "actions.npy", np.array([assistant.handle(b)["action"] for b in bodies]))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
