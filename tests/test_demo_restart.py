"""`practicum up --demo` on a data directory used before: a demo candidate whose clock ran out while
nothing was running (the hub was stopped) must not stop the demo from starting again."""

from __future__ import annotations

from datetime import timedelta

from practicum.authoring.demo import ensure_demo
from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.db import store
from practicum.db.models import Submission, utcnow
from practicum.supervisor import prepare


def test_the_demo_starts_again_after_a_candidates_time_ran_out(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", labs_dir=PROJECT_ROOT / "labs")
    st = prepare(settings)
    first = ensure_demo(settings, st, extra=False)
    assert first["sitting"] == "demo"
    with st.session() as db:  # demo001 started yesterday; the hub was down when the two hours ended
        sitting = store.get_sitting(db, "demo")
        sitting.opens_at -= timedelta(days=1)
        [cand] = [c for c in sitting.candidates if c.candidate_id == "demo001"]
        store.start_attempt(db, cand, lang="en", sandboxed=True, now=utcnow() - timedelta(days=1))
        workspace = settings.workspaces_dir / "demo" / "demo001"
        workspace.mkdir(parents=True)
        (workspace / "exam.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    again = ensure_demo(settings, st, extra=False)
    assert again["sitting"] == "demo-2" and set(again["candidates"]) == set(first["candidates"])
    with st.session() as db:
        old = {c.candidate_id: c for c in store.get_sitting(db, "demo").candidates}
        assert all(c.closed_at is not None for c in old.values())  # the ids are free for demo-2
        [sub] = db.query(Submission).filter(Submission.candidate_pk == old["demo001"].id).all()
        assert sub.kind == "collect"  # the work was collected, as the deadline watcher would have
    assert ensure_demo(settings, st, extra=False)["sitting"] == "demo-2"  # live now: kept
