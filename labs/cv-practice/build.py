"""Builds the CV practice lab's data: offline_data's shapes set (deterministic). Run by
`practicum sitting create` / `practicum check` on the pinned copy of the lab (argument: its folder),
with the ml environment's Python and PYTHONPATH = the project.

    source/practice/data/shapes/{train,val}/   public: learners train and validate on these
    hidden/data/shapes/                        hidden test inputs (grading sandboxes only)
    hidden/labels/shapes/                      hidden test answers (trusted grader only)
"""

import sys
from pathlib import Path

import offline_data

if __name__ == "__main__":
    offline_data.publish("shapes", Path(sys.argv[1]), "practice")
