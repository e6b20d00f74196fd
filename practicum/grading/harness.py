"""Runs one notebook's cells inside the grading sandbox and reports plain data, nothing more.

This file is mounted read-only into the sandbox and run by the candidate's lab Python. It
executes the (sanitised) cells in order in an IPython shell, and every `check(name, value)` in a
test cell sends the value, encoded as plain JSON, down the channel (an inherited pipe). It never
compares anything and never decides a score: the trusted grader does that with values it alone
knows. Candidate code runs in this same process, so anything written to the channel may be
forged; the grader's design does not depend on it being honest (see practicum/grading/README.md).

Channel lines (JSON): {"event": "cell", "index", "grade_id"} · {"event": "check", "cell", "name",
"value", "weight", "tol"} · {"event": "error", "index", "grade_id", "ename", "evalue"} ·
{"event": "file", "path", "data"} (base64; only for the paths the job's "collect" names, which only
the author's reference run has) · {"event": "done"}.
"""

from __future__ import annotations

import ast
import base64
import json
import math
import os
import random
import shutil
import sys

MAX_ITEMS = 1_000_000  # elements per checked value
MAX_STR = 100_000

_write = os.write
_dumps = json.dumps


class Channel:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, **event) -> None:
        data = (_dumps(event, allow_nan=False) + "\n").encode()
        while data:
            n = _write(self.fd, data)
            data = data[n:]


class TooLarge(Exception):
    pass


def encode(value, budget: list[int]):
    """Plain JSON for plain data only: exact types, never a method of the candidate's objects."""
    t = type(value)
    budget[0] -= 1
    if budget[0] < 0:
        raise TooLarge("value too large")
    if value is None or t is bool or t is str and len(value) <= MAX_STR:
        return value
    if t is int:
        return value if -(2**53) < value < 2**53 else {"$int": str(value)}
    if t is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if t in (list, tuple):
        return {"$list": [encode(v, budget) for v in value]}
    if t is dict:
        items = []
        for k, v in value.items():
            if type(k) not in (str, int, bool):
                return {"$unsupported": "dict key " + type(k).__name__}
            items.append([k, encode(v, budget)])
        return {"$dict": items}
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if t is numpy.ndarray:
            if value.size > budget[0]:
                raise TooLarge("array too large")
            budget[0] -= value.size
            if value.dtype.kind in "biuf":
                flat = value.astype(float if value.dtype.kind == "f" else int).ravel().tolist()
                flat = [x if not isinstance(x, float) or math.isfinite(x) else {"$float": repr(x)} for x in flat]
            elif value.dtype.kind in "US":
                flat = [str(x) for x in value.ravel().tolist()]
            else:
                return {"$unsupported": "array of " + str(value.dtype)}
            return {"$array": {"kind": value.dtype.kind, "shape": list(value.shape), "data": flat}}
        if isinstance(value, numpy.generic) and type(value).__module__ == "numpy":
            return encode(value.item(), budget)
    return {"$unsupported": t.__name__}


def strip_asserts(source: str) -> str:
    """Test cells keep their check() calls; their asserts are the candidate's own feedback."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source

    class Strip(ast.NodeTransformer):
        def visit_Assert(self, node):
            return ast.Pass()

    return ast.unparse(ast.fix_missing_locations(Strip().visit(tree)))


def split_statements(source: str) -> list[str]:
    """A test cell runs statement by statement, so one failing check does not hide the next."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [source]
    return [ast.unparse(stmt) for stmt in tree.body]


def main() -> None:
    job_path, fd, submission = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    shutil.copytree(submission, os.getcwd(), dirs_exist_ok=True, symlinks=True)
    sys.path.insert(0, os.getcwd())  # as in a kernel: the notebook's folder is importable (python -I drops it)
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    channel = Channel(fd)
    random.seed(job["seed"])
    try:
        import numpy

        numpy.random.seed(job["seed"])
    except ImportError:
        pass

    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="NoColor")
    current = {"cell": None}

    def check(name, value, weight=1.0, tol=None, scorer=None):
        try:
            encoded = encode(value, [MAX_ITEMS])
        except (TooLarge, RecursionError) as exc:
            encoded = {"$unsupported": str(exc)}
        channel.send(event="check", cell=current["cell"], name=str(name), value=encoded,
                     weight=float(weight), tol=tol if tol is None else float(tol),
                     scorer=scorer if isinstance(scorer, dict) else None)

    def raises(exc_type, fn, *args, **kwargs):
        """The name of the exception fn raises (or None): a value the grader can compare."""
        try:
            fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - any exception is the answer
            return type(exc).__name__ if isinstance(exc, exc_type) else "other:" + type(exc).__name__
        return None

    shell.user_ns.update(check=check, raises=raises)
    for cell in job["cells"]:
        current["cell"] = cell["grade_id"]
        channel.send(event="cell", index=cell["index"], grade_id=cell["grade_id"])
        if cell["kind"] != "test":
            parts = [cell["source"]]
        elif job.get("keep_asserts"):  # the reference run: the author's asserts must hold too
            parts = split_statements(cell["source"])
        else:
            parts = split_statements(strip_asserts(cell["source"]))
        for source in parts:
            try:
                result = shell.run_cell(source, store_history=False, silent=False)
                err = result.error_in_exec or result.error_before_exec
            except BaseException as exc:  # noqa: BLE001 - SystemExit and friends end no grading
                err = exc
            if err is not None:
                channel.send(event="error", index=cell["index"], grade_id=cell["grade_id"],
                             ename=type(err).__name__, evalue=str(err)[:2000], statement=source[:300])
    for rel in job.get("collect", []):  # the author's run only: files the model tasks evaluate
        path = os.path.join(os.getcwd(), rel)
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, "rb") as f:
                channel.send(event="file", path=rel, data=base64.b64encode(f.read()).decode())
    channel.send(event="done")
    os._exit(0)  # no atexit handler of the candidate's may run after us


if __name__ == "__main__":
    main()
