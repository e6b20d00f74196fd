"""Candidate pages: the portal (rules, Start), the exam workspace (clock, Submit), receipts."""

from __future__ import annotations

import asyncio
import functools
import re

from tornado import web

from practicum.core.i18n import ExamError
from practicum.db import store
from practicum.db.models import Submission, utcnow
from practicum.results.panel import panel_settings
from practicum.sittings import collector
from practicum.sittings.sitting_files import SittingFiles, candidate_uid, make_workspace, seed_workspace
from practicum.sittings.snapshot import check_limits, measure
from practicum.web.base import BaseHandler
from practicum.web.state import candidate_json, receipt_json, sitting_json

MB = 1024 * 1024
CLIENT_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def api(method):
    """API calls answer 403 JSON instead of redirecting to the login page."""

    @functools.wraps(method)
    async def wrapper(self, *args, **kwargs):
        if not self.current_user:
            raise ExamError("err_forbidden", status=403)
        result = method(self, *args, **kwargs)
        if asyncio.iscoroutine(result):
            await result

    return wrapper


class HomeHandler(BaseHandler):
    """Sends each role to its desk; candidates see their portal here."""

    @web.authenticated
    def get(self):
        role = self.role()
        if role in ("proctor", "trainer"):
            return self.redirect(self.app.prefix + "proctor")
        if role == "examiner":
            return self.redirect(self.app.prefix + "examiner")
        if role != "candidate":
            return self.render_page("portal.html", entry=None, sitting=None, cand=None, receipts=[], released=False)
        now = utcnow()
        with self.app.store.session() as db:
            entry = self.candidate_entry(db)
            self.render_page(
                "portal.html",
                entry=entry,
                sitting=sitting_json(entry.sitting, self.lang),
                rules=[r.get(self.lang, r.get("en")) for r in entry.sitting.rules],
                cand=candidate_json(entry, now),
                receipts=[receipt_json(s) for s in entry.submissions],
                window_open=entry.sitting.opens_at <= now <= entry.sitting.closes_at,
                over=store.is_over(entry, now),
                released=panel_settings(db, entry.sitting).feedback_released,
            )


class WorkspaceHandler(BaseHandler):
    """The exam itself: JupyterLab in a frame under an always-visible clock and Submit bar."""

    @web.authenticated
    def get(self):
        self.require("candidate")
        with self.app.store.session() as db:
            entry = self.candidate_entry(db)
            if entry.started_at is None:
                return self.redirect(self.app.prefix)
            self.render_page("workspace.html", sitting=sitting_json(entry.sitting, self.lang),
                             cand=candidate_json(entry, utcnow()))


class MeHandler(BaseHandler):
    """The candidate's clock and state; the page counts down from `seconds_left`, never its own clock."""

    @api
    async def get(self):
        self.require("candidate")
        now = utcnow()
        with self.app.store.session() as db:
            entry = self.candidate_entry(db)
            files = SittingFiles(self.app.settings, entry.sitting.code)
            data = candidate_json(entry, now, files.workspace(entry.candidate_id))
            data["sitting"] = sitting_json(entry.sitting, self.lang)
            data["receipts"] = [receipt_json(s) for s in entry.submissions]
            data["server_time"] = now.isoformat()
            data["over"] = store.is_over(entry, now)
        data["lab"] = await self.app.lab_status(self.username) if data["status"] != "not_started" else None
        self.write_json(data)


class StartHandler(BaseHandler):
    @api
    async def post(self):
        self.require("candidate")
        async with self.app.lock(self.username):
            await asyncio.to_thread(self._start, self.lang)
        # The clock runs from here. If the hub is slow to take the request, the workspace page
        # asks again (api/lab) while it shows "starting", so this is not an error for the candidate.
        lab_error = None
        try:
            await self.app.ensure_lab(self.username)
        except ExamError as exc:
            lab_error = exc.message(self.lang)
            self.app.log.warning("lab start for %s deferred: %s", self.username, exc.key)
        self.write_json({"ok": True, "workspace_url": self.app.prefix + "workspace", "lab_error": lab_error})

    def _start(self, lang: str) -> None:
        settings = self.app.settings
        with self.app.store.session() as db:
            entry = self.candidate_entry(db)
            now = utcnow()
            store.start_attempt(db, entry, lang=lang, sandboxed=not settings.insecure, now=now)
            files = SittingFiles(settings, entry.sitting.code)
            uid = candidate_uid(settings, entry.id)
            ws = make_workspace(files, entry.candidate_id, uid)
            release = files.release_dir(entry.sitting.assignment)
            seed_workspace(release, ws, uid)


class LabHandler(BaseHandler):
    """(Re)starts the candidate's lab, e.g. after a crash; refused once time is over."""

    @api
    async def post(self):
        self.require("candidate")
        with self.app.store.session() as db:
            entry = self.started_entry(db)
            if store.is_over(entry, utcnow()):
                raise ExamError("err_deadline_passed", status=409, at=entry.deadline.isoformat())
        state = await self.app.ensure_lab(self.username)
        self.write_json({"ok": True, "state": state})


class FilesHandler(BaseHandler):
    """What Submit would hand in, for the confirmation dialog."""

    @api
    async def get(self):
        self.require("candidate")
        with self.app.store.session() as db:
            entry = self.started_entry(db)
            ws = SittingFiles(self.app.settings, entry.sitting.code).workspace(entry.candidate_id)
            limits = entry.sitting.limits
        entries = await asyncio.to_thread(measure, ws)
        problem = None
        try:
            check_limits(entries, limits["submission_mb"] * MB, limits["max_files"])
        except ExamError as exc:
            problem = exc.message(self.lang)
        self.write_json({
            "files": [{"path": p, "size": s} for p, s in entries],
            "total_bytes": sum(s for _p, s in entries),
            "limit_bytes": limits["submission_mb"] * MB,
            "problem": problem,
        })


class SubmitHandler(BaseHandler):
    """Submit, safe to retry: the page sends a key of its own with each Submit and sends it again
    when the answer is lost; the same key always gets the same receipt."""

    @api
    async def post(self):
        self.require("candidate")
        key = self.json_body().get("key")
        if key is not None and not (isinstance(key, str) and CLIENT_KEY_RE.match(key)):
            raise ExamError("err_bad_request", detail="key")
        with self.app.store.session() as db:
            pk = self.candidate_entry(db).id
        try:
            async with self.app.lock(self.username):
                receipt, replayed = await asyncio.to_thread(self._submit, pk, key)
        except ExamError as exc:
            await asyncio.to_thread(self.app.record_event, pk, "submit_refused", reason=exc.key)
            raise
        except Exception as exc:
            self.app.log.error("submit of %s failed", self.username, exc_info=exc)
            await asyncio.to_thread(self.app.record_event, pk, "submit_failed",
                                    error=f"{type(exc).__name__}: {exc}"[:300])
            raise ExamError("err_submit_failed", status=500) from exc
        self.write_json({"ok": True, "replayed": replayed, "receipt": receipt,
                         "receipt_url": f"{self.app.prefix}receipt/{receipt['pk']}"})

    def _submit(self, pk: int, key: str | None) -> tuple[dict, bool]:
        sub, replayed = collector.submit(self.app.settings, self.app.store, pk, key)
        return receipt_json(sub), replayed


class ReceiptHandler(BaseHandler):
    """A printable receipt: the candidate's own, or any for staff."""

    @web.authenticated
    def get(self, submission_id: str):
        role = self.role()
        with self.app.store.session() as db:
            sub = db.get(Submission, int(submission_id))
            mine = sub is not None and sub.candidate.candidate_id == self.username
            if sub is None or role is None or (role == "candidate" and not mine):
                raise ExamError("err_forbidden", status=404)
            self.render_page("receipt.html", receipt=receipt_json(sub), cand=sub.candidate,
                             sitting=sitting_json(sub.candidate.sitting, self.lang))
