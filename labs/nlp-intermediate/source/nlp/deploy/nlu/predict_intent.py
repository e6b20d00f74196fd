"""Graded entry point (do not edit): python deploy/nlu/predict_intent.py <folder with texts.jsonl> <out.npy>
writes the intent ids, int64 [N] through nlu_runtime.py, which the notebook's B1 cell writes."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nlu_runtime import main  # noqa: E402

if __name__ == "__main__":
    main("intent")
