"""Proctor desk: sittings, the live candidate table, extra time, password resets, roster import."""

from __future__ import annotations

import asyncio

from tornado import web

from practicum.core.i18n import ExamError
from practicum.core.roster import parse_roster
from practicum.db import store
from practicum.db.models import Candidate, utcnow
from practicum.sittings.sitting_files import SittingFiles
from practicum.web.base import BaseHandler
from practicum.web.candidate import api
from practicum.web.state import candidate_json, iso, sitting_json


class ProctorIndexHandler(BaseHandler):
    @web.authenticated
    def get(self):
        self.require_proctor()
        with self.app.store.session() as db:
            sittings = [
                {**sitting_json(s, self.lang), "candidates": len(s.candidates)} for s in store.list_sittings(db)
            ]
        self.render_page("proctor_index.html", sittings=sittings)


class ProctorSittingHandler(BaseHandler):
    @web.authenticated
    def get(self, code: str):
        self.require_proctor()
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            self.render_page("proctor_sitting.html", sitting=sitting_json(sitting, self.lang))


class SittingStatusHandler(BaseHandler):
    """The live table: polled every few seconds by the proctor page."""

    @api
    async def get(self, code: str):
        self.require_proctor()
        now = utcnow()
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            files = SittingFiles(self.app.settings, code)
            rows = [candidate_json(c, now, files.workspace(c.candidate_id)) for c in sitting.candidates]
            events = [
                {"at": iso(e.at), "actor": e.actor, "action": e.action, "detail": e.detail,
                 "candidate": e.candidate_pk}
                for e in store.events_for(db, sitting, limit=50)
            ]
            by_pk = {c.id: c.candidate_id for c in sitting.candidates}
        for e in events:
            e["candidate"] = by_pk.get(e["candidate"])
        try:
            running = await self.app.hub.running_servers()
        except ExamError:
            running = None  # hub unreachable: say so rather than guess
        for row in rows:
            row["lab"] = None if running is None else (
                "ready" if running.get(row["candidate_id"], {}).get("ready")
                else "starting" if row["candidate_id"] in running else "stopped")
        counts = {}
        for row in rows:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        self.write_json({"server_time": now.isoformat(), "candidates": rows, "counts": counts, "events": events})


def _candidate(db, code: str, candidate_id: str) -> Candidate:
    sitting = store.get_sitting(db, code)
    for c in sitting.candidates:
        if c.candidate_id == candidate_id:
            return c
    raise ExamError("err_unknown_candidate", status=404, candidate=candidate_id)


class ExtraTimeHandler(BaseHandler):
    @api
    async def post(self, code: str):
        self.require_proctor()
        body = self.json_body()
        cid = str(body.get("candidate_id", ""))
        async with self.app.lock(cid):
            with self.app.store.session() as db:
                cand = _candidate(db, code, cid)
                store.grant_extra_time(db, cand, body.get("minutes"), str(body.get("reason", "")), self.username)
                deadline = iso(cand.deadline)
        self.write_json({"ok": True, "deadline": deadline})


class ResetPasswordHandler(BaseHandler):
    @api
    async def post(self, code: str):
        self.require_proctor()
        cid = str(self.json_body().get("candidate_id", ""))
        with self.app.store.session() as db:
            cand = _candidate(db, code, cid)
            password = await asyncio.to_thread(store.reset_password, db, cand, self.username)
        self.write_json({"ok": True, "candidate_id": cid, "password": password})


class RosterImportHandler(BaseHandler):
    """A CSV upload; on success the generated passwords are shown once, as printable slips."""

    @web.authenticated
    async def post(self, code: str):
        self.require_proctor()
        upload = self.request.files.get("roster")
        if not upload:
            raise ExamError("err_bad_request", detail="no CSV file")
        rows = parse_roster(upload[0]["body"])
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            issued = await asyncio.to_thread(store.import_roster, db, sitting, rows, self.username)
            title = sitting_json(sitting, self.lang)
        self.render_page("slips.html", sitting=title, slips=issued, hub_url=self.app.settings.public_url)
