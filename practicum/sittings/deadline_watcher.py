"""Collects work at the deadline and stops the candidate's lab, from the database's facts alone.

Runs in the exam service every second. The work is frozen first: every overdue candidate is
collected at once, several in parallel, each in its own transaction. Labs are stopped after, in the
background, so one slow lab stop never delays anyone's collection. After a restart the watcher
simply finds whatever is overdue and collects it then; the snapshot flags files changed after the
deadline in that case (the hub's spawner stops overdue labs on its own, so there is normally
nothing to flag).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from practicum.core.i18n import ExamError
from practicum.db import store
from practicum.db.models import Candidate, utcnow
from practicum.sittings import collector

log = logging.getLogger("practicum.deadline")

# Collections are disk copies: a few at a time keep the disk busy without starving the
# request handlers, which use the event loop's own thread pool.
COLLECT_WORKERS = 8


class DeadlineWatcher:
    def __init__(self, app, workers: int = COLLECT_WORKERS) -> None:
        self.app = app
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="collect")
        self.stopping: dict[str, asyncio.Task] = {}

    async def tick(self) -> None:
        now = utcnow()
        with self.app.store.session() as db:
            attempts = [(c.id, c.candidate_id, c.closed_at is None and store.is_over(c, now), c.closed_at is not None)
                        for c in store.open_attempts(db)]
        overdue = [(pk, name) for pk, name, due, _closed in attempts if due]
        results = await asyncio.gather(*(self.collect_locked(pk, name) for pk, name in overdue),
                                       return_exceptions=True)
        failed = set()
        for (_pk, name), result in zip(overdue, results):
            if isinstance(result, BaseException):
                log.error("collection of %s failed; retried next tick", name, exc_info=result)
                failed.add(name)
        for pk, name, due, closed in attempts:
            if (closed or due) and name not in failed and name not in self.stopping:
                self.stopping[name] = asyncio.create_task(self.stop_lab(pk, name))

    async def collect_locked(self, pk: int, name: str) -> None:
        async with self.app.lock(name):
            await asyncio.get_running_loop().run_in_executor(self.pool, self.collect, pk, name)

    def collect(self, pk: int, name: str) -> None:
        sub = collector.close(self.app.settings, self.app.store, pk)
        if sub is not None:
            log.info("collected %s at the deadline: %s", name, sub.sha256)

    async def stop_lab(self, pk: int, name: str) -> None:
        try:
            stopped = await self.app.hub.stop(name)
        except ExamError:
            return  # hub down: retried next tick; its spawner enforces the deadline too
        finally:
            self.stopping.pop(name, None)
        if stopped:
            with self.app.store.session() as db:
                db.get(Candidate, pk).server_stopped = True

    async def run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # noqa: BLE001 - the watcher must outlive any single failure
                log.exception("deadline watcher tick failed")
            await asyncio.sleep(self.app.settings.watch_interval)
