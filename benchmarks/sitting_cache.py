"""What the content cache saves: creating a sitting (pin, build.py's data, nbgrader release) and its
reference run, for the first sitting of an exam (the baseline: an empty cache, everything done) and
for a second sitting of the same exam in the same script (built data and reference copied).

    .venv/bin/python benchmarks/sitting_cache.py [--exam cv-junior --exam integration-intermediate]

Ratios are second/first, per exam. Results: benchmarks/results/sitting_cache.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import save  # noqa: E402

from practicum.core.exam_spec import load_exam  # noqa: E402
from practicum.core.settings import Settings  # noqa: E402
from practicum.grading.context import GradingContext  # noqa: E402
from practicum.grading.pipeline import run_reference  # noqa: E402
from practicum.sittings.sitting_files import prepare_sitting  # noqa: E402

UID = 1_999_150


def sitting(settings: Settings, exam_id: str, code: str) -> dict:
    t0 = time.monotonic()
    files = prepare_sitting(settings, code, load_exam(settings.labs_dir, exam_id))
    t1 = time.monotonic()
    ctx = GradingContext.for_sitting(settings, files, cgroup_namespace=f"bench-cache-{os.getpid()}")
    run_reference(ctx, UID)
    t2 = time.monotonic()
    return {"create_s": round(t1 - t0, 2), "reference_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exam", action="append", help="exam ids (default: cv-junior, integration-intermediate)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="practicum-bench-cache-"))
    os.chmod(root, 0o711)
    os.environ.pop("PRACTICUM_CACHE_DIR", None)  # the data dir's own cache, empty at the start
    results = []
    try:
        settings = Settings(data_dir=root / "data")
        for exam_id in args.exam or ["cv-junior", "integration-intermediate"]:
            first = sitting(settings, exam_id, f"{exam_id}-1"[:40])
            second = sitting(settings, exam_id, f"{exam_id}-2"[:40])
            row = {"exam": exam_id, "first": first, "second": second,
                   "ratio_total": round(second["total_s"] / first["total_s"], 3)}
            results.append(row)
            print(f"{exam_id:<26} first {first['total_s']:7.1f} s (create {first['create_s']:.1f}, reference "
                  f"{first['reference_s']:.1f})  second {second['total_s']:6.1f} s  ratio {row['ratio_total']:.3f}",
                  flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"written to {save('sitting_cache', results).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
