"""Collects work at the deadline and stops the candidate's lab, from the database's facts alone.

Runs in the exam service every second. After a restart it simply finds whatever is overdue and
collects it then; the snapshot flags files changed after the deadline in that case (the hub's
spawner stops overdue labs on its own, so there is normally nothing to flag).
"""

from __future__ import annotations

import asyncio
import logging

from . import collector, store
from .i18n import ExamError
from .models import Candidate, utcnow

log = logging.getLogger("practicum.deadline")


class DeadlineWatcher:
    def __init__(self, app) -> None:
        self.app = app

    async def tick(self) -> None:
        now = utcnow()
        with self.app.store.session() as db:
            attempts = [(c.id, c.candidate_id, c.closed_at is None and store.is_over(c, now), c.closed_at is not None)
                        for c in store.open_attempts(db)]
        for pk, name, overdue, closed in attempts:
            if overdue:
                async with self.app.lock(name):
                    await asyncio.to_thread(self.collect, pk)
                closed = True
            if closed:
                await self.stop_lab(pk, name)

    def collect(self, pk: int) -> None:
        with self.app.store.session() as db:
            cand = db.get(Candidate, pk)
            if cand.closed_at is not None:
                return
            sub = collector.close_attempt(self.app.settings, db, cand, utcnow())
            if sub is not None:
                log.info("collected %s at the deadline: %s", cand.candidate_id, sub.sha256)
            else:
                log.warning("no workspace for %s; closed without a collection", cand.candidate_id)

    async def stop_lab(self, pk: int, name: str) -> None:
        try:
            stopped = await self.app.hub.stop(name)
        except ExamError:
            return  # hub down: retried next tick; its spawner enforces the deadline too
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
