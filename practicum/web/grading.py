"""Grading pages: start the autograder, score manual tasks blind, adjudicate, sign off, results.

Candidate output (test messages, printed output, answers) is shown as text: Jinja escapes it and
the pages' Content-Security-Policy allows no inline script, so nothing a candidate wrote can run
in an examiner's browser.
"""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from sqlalchemy import select
from tornado import web

from practicum.core import failpoints
from practicum.core.exam_spec import load_exam_dir
from practicum.core.i18n import ExamError
from practicum.core.settings import PROJECT_ROOT
from practicum.db import store
from practicum.db.grading_models import GradingJob
from practicum.db.models import Candidate
from practicum.grading.kinds import kind_of
from practicum.results import panel as panel_rules
from practicum.results.feedback import feedback_notebook
from practicum.results.report import (
    area_label,
    candidate_report_html,
    candidate_report_pdf,
    histogram_svg,
    results_csv,
    results_xlsx,
)
from practicum.results.results import candidate_result, summary
from practicum.sittings.sitting_files import SittingFiles
from practicum.web.base import BaseHandler
from practicum.web.candidate import api
from practicum.web.state import receipt_json, sitting_json

STAFF = ("examiner", "proctor", "trainer")


class GradingMixin(BaseHandler):
    def exam_of(self, code: str):
        return load_exam_dir(SittingFiles(self.app.settings, code).exam_dir)

    def candidate_in(self, sitting, candidate_id: str) -> Candidate:
        for c in sitting.candidates:
            if c.candidate_id == candidate_id:
                return c
        raise ExamError("err_unknown_candidate", status=404, candidate=candidate_id)

    def job_of(self, db, cand: Candidate) -> GradingJob | None:
        return db.scalar(select(GradingJob).where(GradingJob.candidate_pk == cand.id,
                                                  GradingJob.superseded.is_(False)))

    def panel_info(self, db, sitting) -> dict:
        members = panel_rules.panel(db, sitting)
        me = next((m for m in members if m.username == self.username), None)
        return {"members": [m.username for m in members], "chief": next((m.username for m in members if m.chief), None),
                "on_panel": me is not None, "is_chief": bool(me and me.chief),
                "settings": panel_rules.panel_settings(db, sitting)}


class GradingOverviewHandler(GradingMixin):
    """The examiner desk for one sitting: grading progress, the panel, every candidate's scores."""

    @web.authenticated
    def get(self, code: str):
        self.require(*STAFF)
        exam = self.exam_of(code)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            info = self.panel_info(db, sitting)
            s = summary(db, sitting, exam)
            blockers = [self._detail(k, p) for k, p in panel_rules.blockers(db, sitting, exam)]
            mine = {}
            if info["on_panel"]:
                for c in sitting.candidates:
                    states = panel_rules.manual_state(db, sitting, exam, c)
                    mine[c.candidate_id] = {tid: st.scores.get(self.username) for tid, st in states.items()}
            receipts = {c.candidate_id: receipt_json(c.final_submission) if c.final_submission else None
                        for c in sitting.candidates}
            self.render_page("grading.html", sitting=sitting_json(sitting, self.lang), exam=exam, s=s, info=info,
                             blockers=blockers, mine=mine, receipts=receipts,
                             course_dir=str(SittingFiles(self.app.settings, code).course_dir),
                             grading_running=self.app.grading_running(code))

    def _detail(self, key, params):
        from practicum.core.i18n import t

        return t(key, self.lang, **params)


class CandidateReviewHandler(GradingMixin):
    """One candidate: the autograder's findings per task, the answers to score, my scores."""

    @web.authenticated
    def get(self, code: str, candidate_id: str):
        self.require(*STAFF)
        exam = self.exam_of(code)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            cand = self.candidate_in(sitting, candidate_id)
            job = self.job_of(db, cand)
            info = self.panel_info(db, sitting)
            states = panel_rules.manual_state(db, sitting, exam, cand)
            final = cand.final_submission
            answers = self._answers(exam, final.store_path) if final else {}
            result = candidate_result(db, sitting, exam, cand, job)
            threshold = info["settings"].spread_threshold
            manual = []
            for task in exam.tasks:
                if task.grading != "manual":
                    continue
                st = states[task.id]
                show_all = info["is_chief"] and (st.needs_adjudication or st.adjudicated is not None)
                manual.append({"task": task, "answer": answers.get(task.id, ""), "mine": st.scores.get(self.username),
                               "scored_by": len(st.scores), "state": st, "show_all": show_all})
            waves = {t.id: waves_file(self.app.settings, code, cand.candidate_id, t.id) for t in exam.tasks
                     if t.kind == "hdl"}
            self.render_page("review.html", sitting=sitting_json(sitting, self.lang), exam=exam, cand=cand,
                             waves={k: v.stat().st_size for k, v in waves.items() if v is not None},
                             job=job, result=result, manual=manual, info=info, threshold=threshold,
                             final=receipt_json(final) if final else None, area_label=lambda a: area_label(a, self.lang),
                             kind_summary=lambda t: kind_of(t).summary(t))

    @staticmethod
    def _answers(exam, store_path: str) -> dict[str, str]:
        """The text of each manual task's answer cells, as the candidate wrote it."""
        out: dict[str, str] = {}
        for task in exam.tasks:
            if task.grading != "manual":
                continue
            path = Path(store_path) / exam.task_notebook(task)
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception:  # noqa: BLE001 - unreadable: the examiner sees that it is empty
                continue
            texts = [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") in task.cells]
            out[task.id] = "\n\n".join(texts)
        return out


class WavesHandler(GradingMixin):
    """GET .../examiner/<code>/candidate/<id>/waves/<task>: the waveform of the candidate's design
    under the hidden bench (FST or VCD, for GTKWave or Surfer), kept when the task was graded."""

    @web.authenticated
    def get(self, code: str, candidate_id: str, task_id: str):
        self.require(*STAFF)
        with self.app.store.session() as db:
            self.candidate_in(store.get_sitting(db, code), candidate_id)
        path = waves_file(self.app.settings, code, candidate_id, task_id)
        if path is None:
            raise ExamError("err_forbidden", status=404)
        self.set_header("Content-Type", "application/octet-stream")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Disposition", f'attachment; filename="{candidate_id}-{task_id}{path.suffix}"')
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                self.write(chunk)
        self.finish()


def waves_file(settings, code: str, candidate_id: str, task_id: str) -> Path | None:
    """The kept waveform of one HDL task, if any (names are checked: they come from a URL)."""
    folder = SittingFiles(settings, code).waves_dir(candidate_id)
    if folder is None or not all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", x) for x in (code, task_id)):
        return None
    for suffix in (".fst", ".vcd"):
        path = folder / f"{task_id}{suffix}"
        if path.is_file() and not path.is_symlink():
            return path
    return None


class GradeNowHandler(GradingMixin):
    """Starts `practicum grade` for the sitting in the background (one at a time)."""

    @api
    async def post(self, code: str):
        self.require(*STAFF)
        with self.app.store.session() as db:
            store.get_sitting(db, code)
        started = self.app.start_grading(code)
        store_log(self, code, "grade_start" if started else "grade_already_running")
        self.write_json({"ok": True, "started": started})


class GradingProgressHandler(GradingMixin):
    @api
    async def get(self, code: str):
        self.require(*STAFF)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            jobs = list(db.scalars(select(GradingJob).where(GradingJob.sitting_id == sitting.id,
                                                            GradingJob.superseded.is_(False))))
        counts = {s: sum(1 for j in jobs if j.status == s) for s in ("queued", "running", "done", "failed")}
        self.write_json({"counts": counts, "total": len(jobs), "running": self.app.grading_running(code)})


class ScoreHandler(GradingMixin):
    """An examiner's blind score of a manual task; AdjudicateHandler: the chief's final one."""

    record = staticmethod(panel_rules.record_score)
    note = "comment"

    @api
    async def post(self, code: str):
        self.require("examiner")
        body = self.json_body()
        exam = self.exam_of(code)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            cand = self.candidate_in(sitting, str(body.get("candidate_id", "")))
            row = self.record(db, sitting, exam, cand, str(body.get("task_id", "")), self.username,
                              body.get("score"), str(body.get(self.note, "")))
            self.write_json({"ok": True, "score": row.score})


class AdjudicateHandler(ScoreHandler):
    record = staticmethod(panel_rules.adjudicate)
    note = "reason"


class SignOffHandler(GradingMixin):
    @api
    async def post(self, code: str):
        self.require("examiner")
        exam = self.exam_of(code)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            signed = panel_rules.sign_off(db, sitting, exam, self.username)
            failpoints.hit("signoff.before_commit")
        failpoints.hit("signoff.after_commit")
        self.write_json({"ok": True, "already": not signed})


class ReleaseFeedbackHandler(GradingMixin):
    @api
    async def post(self, code: str):
        self.require("examiner", "proctor", "trainer")
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            ps = panel_rules.panel_settings(db, sitting)
            if ps.signed_off_at is None:
                raise ExamError("err_not_signed_off", status=409)
            ps.feedback_released = True
            store.log_event(db, self.username, "feedback_released", sitting)
        self.write_json({"ok": True})


class PanelHandler(GradingMixin):
    """Proctors set the panel: examiner accounts, the chief, the adjudication threshold."""

    @web.authenticated
    def get(self, code: str):
        self.require_proctor()
        from practicum.db.models import Account

        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            examiners = [a.username for a in db.scalars(select(Account).where(Account.role == "examiner")
                                                          .order_by(Account.username))]
            info = self.panel_info(db, sitting)
            needed = panel_rules.needed_examiners(len(sitting.candidates))
            self.render_page("panel.html", sitting=sitting_json(sitting, self.lang), examiners=examiners, info=info,
                             needed=needed, candidates=len(sitting.candidates))

    @api
    async def post(self, code: str):
        self.require_proctor()
        body = self.json_body()
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            threshold = body.get("threshold")
            panel_rules.set_panel(db, sitting, [str(x) for x in body.get("examiners", [])], str(body.get("chief", "")),
                                  self.username, float(threshold) if threshold not in (None, "") else None)
        self.write_json({"ok": True})


class ResultsHandler(GradingMixin):
    """Results page: histogram, pass rate, per-task difficulty and discrimination, exports, reports."""

    @web.authenticated
    def get(self, code: str):
        self.require(*STAFF)
        exam = self.exam_of(code)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            s = summary(db, sitting, exam)
            info = self.panel_info(db, sitting)
        self.render_page("results.html", sitting=sitting_json(sitting, self.lang), exam=exam, s=s, info=info,
                         histogram=histogram_svg(s["histogram"]), area_label=lambda a: area_label(a, self.lang))


class ExportHandler(GradingMixin):
    @web.authenticated
    def get(self, code: str, fmt: str):
        self.require(*STAFF)
        exam = self.exam_of(code)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            s = summary(db, sitting, exam)
        if fmt == "csv":
            data, ctype = results_csv(s["results"], exam), "text/csv; charset=utf-8"
        else:
            data = results_xlsx(s["results"], exam, s["tasks"])
            ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        self.set_header("Content-Type", ctype)
        self.set_header("Content-Disposition", f'attachment; filename="{code}-results.{fmt}"')
        self.finish(data)


class ReportHandler(GradingMixin):
    """A candidate's report as HTML or PDF: staff any, a candidate their own once signed off."""

    @web.authenticated
    async def get(self, code: str, candidate_id: str, fmt: str):
        role = self.role()
        if role == "candidate":
            if candidate_id != self.username:
                raise ExamError("err_forbidden", status=404)
        else:
            self.require(*STAFF)
        exam = self.exam_of(code)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            cand = self.candidate_in(sitting, candidate_id)
            ps = panel_rules.panel_settings(db, sitting)
            if role == "candidate" and not ps.feedback_released:
                raise ExamError("err_forbidden", status=404)
            result = candidate_result(db, sitting, exam, cand, self.job_of(db, cand))
            signed = ps.signed_off_by
        html = candidate_report_html(result, exam, code, self.lang, signed)
        if fmt == "pdf":
            pdf = await asyncio.to_thread(candidate_report_pdf, html)
            self.set_header("Content-Type", "application/pdf")
            self.set_header("Content-Disposition", f'inline; filename="{code}-{candidate_id}.pdf"')
            return self.finish(pdf)
        self.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        self.finish(html)


class FeedbackHandler(GradingMixin):
    """The candidate's feedback notebook, once the results are signed off and released."""

    @web.authenticated
    def get(self, code: str, candidate_id: str):
        role = self.role()
        if role == "candidate" and candidate_id != self.username:
            raise ExamError("err_forbidden", status=404)
        if role != "candidate":
            self.require(*STAFF)
        exam = self.exam_of(code)
        with self.app.store.session() as db:
            sitting = store.get_sitting(db, code)
            cand = self.candidate_in(sitting, candidate_id)
            ps = panel_rules.panel_settings(db, sitting)
            job = self.job_of(db, cand)
            if (role == "candidate" and not ps.feedback_released) or job is None or job.status != "done" \
                    or cand.final_submission is None:
                raise ExamError("err_forbidden", status=404)
            manual = {tid: st.final for tid, st in panel_rules.manual_state(db, sitting, exam, cand).items()}
            nb = feedback_notebook(exam, SittingFiles(self.app.settings, code).course_dir,
                                   Path(cand.final_submission.store_path), job.result, manual, exam.notebooks[0])
        buf = io.StringIO()
        nbformat.write(nb, buf)
        self.set_header("Content-Type", "application/x-ipynb+json")
        self.set_header("Content-Disposition", f'attachment; filename="{code}-{candidate_id}-feedback.ipynb"')
        self.finish(buf.getvalue())


def store_log(handler: BaseHandler, code: str, action: str) -> None:
    with handler.app.store.session() as db:
        store.log_event(db, handler.username, action, store.get_sitting(db, code))


def start_grading_process(settings, code: str) -> subprocess.Popen:
    log = open(settings.logs_dir / f"grade-{code}.log", "ab")
    return subprocess.Popen([sys.executable, "-m", "practicum.cli", "--data-dir", str(settings.data_dir), "grade",
                             code], stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT, start_new_session=True)
