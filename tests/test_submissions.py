"""Submissions as one transaction: a crash at any instant leaves nothing or one whole submission,
the next request recovers what a crash left, and a retried Submit never stores the work twice.

The crashes are real: a child process takes the submission and SIGKILLs itself at a named point
(practicum.core.failpoints), exactly where the exam service would have died.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from submissions import audit, edit_work, make_settings, run_in_child, started_sitting

from practicum.core import failpoints
from practicum.core.i18n import ExamError
from practicum.db import store
from practicum.db.models import Candidate, Event, Submission
from practicum.sittings import collector
from practicum.sittings.deadline_watcher import DeadlineWatcher
from practicum.sittings.sitting_files import SittingFiles
from practicum.sittings.snapshot import verify_stored


def receipt(sub: Submission) -> dict:
    return {"pk": sub.id, "id": sub.receipt_id, "seq": sub.seq, "sha256": sub.sha256}


@pytest.fixture(scope="module")
def settings(data_root):
    return make_settings(data_root / "submissions")


def child_submit(settings, pk: int, key: str, fp: Path) -> int:
    return run_in_child(settings, f"sub, _ = collector.submit(settings, st, {pk}, {key!r})\n"
                                  "print(sub.sha256)\n", fp)


@pytest.mark.parametrize("point", ["submit.after_snapshot", "submit.before_commit"])
def test_a_crash_before_the_commit_leaves_nothing_and_never_blocks_the_next_submit(settings, tmp_path, point):
    code = "S-" + point.split(".")[1].replace("_", "")
    cid = code.lower()
    pks = started_sitting(settings, code, [cid])
    edit_work(settings, code, cid, "first attempt")
    fp = tmp_path / "armed"
    failpoints.arm(fp, point)
    assert child_submit(settings, pks[cid], "key-crashed-1", fp) == -9
    assert failpoints.armed(fp) == []  # it fired, once
    st = store.Store(settings.database_url)
    with st.session() as db:
        assert db.scalars(select(Submission).where(Submission.candidate_pk == pks[cid])).all() == []
    archive = SittingFiles(settings, code).archive_dir / cid
    assert (archive / "001-submit").exists()  # what the crash left: a whole copy with no row

    # The retry (same key: the page never got an answer) stores it once, as number 1.
    edit_work(settings, code, cid, "second attempt")
    sub, replayed = collector.submit(settings, st, pks[cid], "key-crashed-1")
    assert not replayed and sub.seq == 1
    assert (Path(sub.store_path) / "answer.txt").read_text() == "second attempt"
    orphans = list((archive / ".orphans").iterdir())
    assert orphans and any((o / "answer.txt").read_text() == "first attempt" for o in orphans if o.is_dir())
    with st.session() as db:
        events = [e.action for e in db.scalars(select(Event).where(Event.candidate_pk == pks[cid]))]
    assert "submit_recovered" in events
    audit(settings, code, {cid: [receipt(sub)]})


def test_a_crash_after_the_commit_gives_the_original_receipt_on_retry(settings, tmp_path):
    pks = started_sitting(settings, "S-aftercommit", ["k04"])
    edit_work(settings, "S-aftercommit", "k04", "the work")
    fp = tmp_path / "armed"
    failpoints.arm(fp, "submit.after_commit")
    assert child_submit(settings, pks["k04"], "key-lost-answer", fp) == -9
    st = store.Store(settings.database_url)
    with st.session() as db:
        rows = db.scalars(select(Submission).where(Submission.candidate_pk == pks["k04"])).all()
        assert len(rows) == 1
        stored = receipt(rows[0])
    # The nbgrader copy was not made before the crash; the service's start-up redoes it.
    files = SittingFiles(settings, "S-aftercommit")
    assert collector.published_receipt(files, "k04", "demo") is None
    assert "S-aftercommit/k04" in collector.republish(settings, st)
    edit_work(settings, "S-aftercommit", "k04", "changed after the lost answer")
    again, replayed = collector.submit(settings, st, pks["k04"], "key-lost-answer")
    assert replayed and receipt(again) == stored  # not a second copy of different content
    audit(settings, "S-aftercommit", {"k04": [stored]})


def test_the_same_key_after_the_deadline_still_returns_the_receipt(settings):
    pks = started_sitting(settings, "S-late", ["k05"], duration_s=600, started_ago_s=599)
    st = store.Store(settings.database_url)
    sub, _ = collector.submit(settings, st, pks["k05"], "key-on-time")
    with st.session() as db:
        db.get(Candidate, pks["k05"]).extra_s = -60  # the clock has now run out
    again, replayed = collector.submit(settings, st, pks["k05"], "key-on-time")
    assert replayed and again.id == sub.id
    with pytest.raises(ExamError) as err:
        collector.submit(settings, st, pks["k05"], "key-too-late")
    assert err.value.key == "err_deadline_passed"


def test_a_crash_during_collection_is_collected_again_once(settings, tmp_path):
    pks = started_sitting(settings, "S-collect", ["k06"], duration_s=600, started_ago_s=700)
    fp = tmp_path / "armed"
    failpoints.arm(fp, "collect.before_commit")
    assert run_in_child(settings, f"collector.close(settings, st, {pks['k06']})\n", fp) == -9
    st = store.Store(settings.database_url)
    with st.session() as db:
        assert db.get(Candidate, pks["k06"]).closed_at is None  # not closed: the watcher will retry
    sub = collector.close(settings, st, pks["k06"])
    assert sub is not None and sub.seq == 1 and sub.kind == "collect"
    assert collector.close(settings, st, pks["k06"]) is None  # closed once
    audit(settings, "S-collect", {})


def test_stored_copies_verify_and_a_changed_byte_is_named(settings):
    pks = started_sitting(settings, "S-verify", ["k07"])
    st = store.Store(settings.database_url)
    sub, _ = collector.submit(settings, st, pks["k07"], "key-verify-1")
    root = Path(sub.store_path)
    assert verify_stored(root, sub.manifest) == []
    nb = next(root.glob("*.ipynb"))
    data = bytearray(nb.read_bytes())
    data[10] ^= 1
    nb.write_bytes(bytes(data))
    assert verify_stored(root, sub.manifest) == [f"changed: {nb.name}"]
    (root / "smuggled.txt").write_text("x")
    assert "extra file: smuggled.txt" in verify_stored(root, sub.manifest)


def test_racing_double_submits_with_one_key_store_once(settings):
    """Two requests with the same key at the same instant (a double click, a retry racing the original)."""
    pks = started_sitting(settings, "S-race", ["k08"])
    st = store.Store(settings.database_url)
    lock = threading.Lock()  # the service's per-candidate lock
    results = []

    def go():
        with lock:
            results.append(collector.submit(settings, st, pks["k08"], "key-double"))

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r for _s, r in results) == [False, True, True, True]
    assert len({s.id for s, _r in results}) == 1


class SlowHub:
    """A hub whose lab stops hang until released: collection must not wait for them."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.asked: list[str] = []

    async def stop(self, name: str) -> bool:
        self.asked.append(name)
        await self.release.wait()
        return True


class WatcherApp:
    def __init__(self, settings) -> None:
        self.settings = settings
        self.store = store.Store(settings.database_url)
        self.hub = SlowHub()
        self._locks: dict[str, asyncio.Lock] = {}

    def lock(self, name: str) -> asyncio.Lock:
        return self._locks.setdefault(name, asyncio.Lock())


def test_deadline_collection_never_waits_for_a_lab_stop(data_root):
    settings = make_settings(data_root / "deadline-watch")  # only this sitting's clocks in its database
    ids = [f"d{i:02d}" for i in range(30)]
    pks = started_sitting(settings, "S-deadline", ids, duration_s=600, started_ago_s=601)
    app = WatcherApp(settings)

    async def scenario():
        watcher = DeadlineWatcher(app)
        await watcher.tick()
        # Every candidate is collected and closed while every lab stop is still hanging.
        with app.store.session() as db:
            cands = [db.get(Candidate, pk) for pk in pks.values()]
            assert all(c.closed_at is not None for c in cands)
            assert all(c.final_submission is not None and c.final_submission.kind == "collect" for c in cands)
            assert not any(c.server_stopped for c in cands)
        await asyncio.sleep(0.1)
        assert sorted(app.hub.asked) == ids
        await watcher.tick()  # a stop in flight is not asked again
        assert len(app.hub.asked) == 30
        app.hub.release.set()
        await asyncio.sleep(0.2)
        with app.store.session() as db:
            assert all(db.get(Candidate, pk).server_stopped for pk in pks.values())

    asyncio.run(scenario())
    audit(settings, "S-deadline", {})


def test_a_failed_nbgrader_copy_never_fails_a_stored_submission(settings):
    """The copy for nbgrader comes after the commit; when it fails (here: a file where its folder
    should be, as a full disk would) the candidate still gets the receipt, and start-up redoes it."""
    pks = started_sitting(settings, "S-publish", ["k09"])
    st = store.Store(settings.database_url)
    files = SittingFiles(settings, "S-publish")
    blocker = files.submitted_dir("k09", "demo").parent
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    sub, replayed = collector.submit(settings, st, pks["k09"], "key-publish-1")
    assert not replayed and collector.published_receipt(files, "k09", "demo") is None
    blocker.unlink()
    assert "S-publish/k09" in collector.republish(settings, st)
    assert collector.published_receipt(files, "k09", "demo") == sub.sha256
    audit(settings, "S-publish", {"k09": [receipt(sub)]})
