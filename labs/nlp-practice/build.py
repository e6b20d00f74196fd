"""Builds the NLP and speech practice lab's data, deterministically. Run by `practicum sitting
create` / `practicum check` on the pinned copy of the lab (argument: its folder), with the ml
environment's Python and PYTHONPATH = the project.

    source/practice/data/commands_text/{train,val}/     public text set (offline_data/text.py)
    source/practice/data/speech_commands/{train,val}/   public speech set (offline_data/speech.py)
    hidden/data/commands_text/, speech_commands/        hidden test inputs (grading sandboxes only)
    hidden/labels/commands_text/, speech_commands/      hidden test answers (trusted grader only)
    hidden/data/speech_logmel/x.npy                     labkit.audio.log_mel of the hidden test
                                                        waves, float32 [N, 40, 98]: the input the
                                                        exported keyword models are scored on
"""

import sys
from pathlib import Path

import numpy as np

import offline_data
from labkit import audio


def main(root: Path) -> None:
    offline_data.publish("commands_text", root, "practice")
    offline_data.publish("speech_commands", root, "practice")
    waves = np.load(root / "hidden" / "data" / "speech_commands" / "waves.npy")
    (root / "hidden" / "data" / "speech_logmel").mkdir(parents=True, exist_ok=True)
    np.save(root / "hidden" / "data" / "speech_logmel" / "x.npy", audio.log_mel(waves, 8000))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
