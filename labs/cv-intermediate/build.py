"""Builds the intermediate computer vision exam's data, deterministically, on the pinned copy of the
exam (argument: its folder); run by `practicum sitting create` / `practicum check` with the lab
environment's Python and PYTHONPATH = the project.

    source/cv/data/shapes/{train,val}/     public: offline_data's shapes set (scenes, masks, boxes, single shapes)
    hidden/data/shapes/                    hidden inputs: 400 scenes, 600 single shapes (grading sandboxes only)
    hidden/labels/shapes/                  hidden answers, plus fg_masks.npy (part = 1) for B1
    hidden/data/ops_frames.npy             part E: the hidden single shapes as 64x64 camera frames
    source/cv/deployed/samples/            part E: 120 labelled validation frames for the candidate
"""

import sys
from pathlib import Path

import numpy as np

import offline_data

SAMPLES = 120


def frames(singles: np.ndarray) -> np.ndarray:
    """The site camera: 64x64 frames, each 32x32 pixel repeated 2x2."""
    return singles.repeat(2, axis=1).repeat(2, axis=2)


def main(root: Path) -> None:
    offline_data.publish("shapes", root, "cv")
    labels = root / "hidden" / "labels" / "shapes"
    np.save(labels / "fg_masks.npy", (np.load(labels / "masks.npy") > 0).astype(np.uint8))
    hidden = root / "hidden" / "data"
    np.save(hidden / "ops_frames.npy", frames(np.load(hidden / "shapes" / "single_images.npy")))
    val = root / "source" / "cv" / "data" / "shapes" / "val"
    samples = root / "source" / "cv" / "deployed" / "samples"
    samples.mkdir(parents=True, exist_ok=True)
    np.save(samples / "frames.npy", frames(np.load(val / "single_images.npy")[:SAMPLES]))
    np.save(samples / "labels.npy", np.load(val / "single_labels.npy")[:SAMPLES])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
