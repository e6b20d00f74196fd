"""The exam service: a JupyterHub service (Hub OAuth) with its own database and deadline watcher."""

from __future__ import annotations

import asyncio
import logging
import os
from collections import defaultdict
from pathlib import Path

from jupyterhub.services.auth import HubOAuthCallbackHandler
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.httpclient import AsyncHTTPClient

from practicum.core.i18n import LANG_COOKIE, LANGS
from practicum.core.settings import Settings
from practicum.db import store
from practicum.db.models import Candidate
from practicum.db.store import Store
from practicum.hub.api import HubAPI
from practicum.sittings.collector import republish
from practicum.sittings.deadline_watcher import DeadlineWatcher
from practicum.web import candidate, examiner, grading, proctor

STATIC = Path(__file__).parent / "static"


class LangHandler(web.RequestHandler):
    """Sets the language cookie for the hub's pages and ours, then goes back."""

    def get(self, lang: str):
        if lang in LANGS:
            self.set_cookie(LANG_COOKIE, lang, path="/", expires_days=365, samesite="Lax")
        nxt = self.get_argument("next", "/")
        self.redirect(nxt if nxt.startswith("/") and not nxt.startswith("//") else "/")


class ExamService:
    """What handlers share: settings, database, hub client, per-candidate locks."""

    def __init__(self, settings: Settings, prefix: str) -> None:
        self.settings = settings
        self.prefix = prefix
        self.store = Store(settings.database_url)
        self.hub = HubAPI()
        self.log = logging.getLogger("practicum.service")
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._grading: dict[str, object] = {}

    def record_event(self, candidate_pk: int, action: str, **detail: object) -> None:
        """An audit event for the proctor's desk; best effort, since the database may be what failed."""
        try:
            with self.store.session() as db:
                store.log_event(db, "service", action, candidate=db.get(Candidate, candidate_pk), **detail)
        except Exception:  # noqa: BLE001
            self.log.exception("could not record %s", action)

    def lock(self, candidate_id: str) -> asyncio.Lock:
        """One submission, collection or start at a time per candidate (this is one process)."""
        return self._locks[candidate_id]

    async def lab_status(self, name: str) -> dict:
        status = await self.hub.server(name)
        status["lab_url"] = f"/user/{name}/lab" if status["running"] else None
        return status

    def start_grading(self, code: str) -> bool:
        """Runs `practicum grade` for the sitting unless one already runs; True if started."""
        from practicum.web.grading import start_grading_process

        if self.grading_running(code):
            return False
        self._grading[code] = start_grading_process(self.settings, code)
        return True

    def grading_running(self, code: str) -> bool:
        proc = self._grading.get(code)
        return proc is not None and proc.poll() is None

    async def ensure_lab(self, name: str) -> str:
        status = await self.hub.server(name)
        if status["running"]:
            return "running"
        return await self.hub.start(name)


def make_app(settings: Settings) -> tuple[web.Application, ExamService]:
    # Tornado's client allows 10 requests at a time by default; a start storm needs more.
    AsyncHTTPClient.configure(None, max_clients=200)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/exam/")
    service = ExamService(settings, prefix)
    service.store.migrate()
    r = lambda path: url_path_join(prefix, path)  # noqa: E731
    handlers = [
        (prefix, candidate.HomeHandler),
        (r("oauth_callback"), HubOAuthCallbackHandler),
        (r("workspace"), candidate.WorkspaceHandler),
        (r(r"receipt/(\d+)"), candidate.ReceiptHandler),
        (r(r"lang/(\w+)"), LangHandler),
        (r("api/me"), candidate.MeHandler),
        (r("api/start"), candidate.StartHandler),
        (r("api/lab"), candidate.LabHandler),
        (r("api/files"), candidate.FilesHandler),
        (r("api/submit"), candidate.SubmitHandler),
        (r("proctor"), proctor.ProctorIndexHandler),
        (r(r"proctor/([A-Za-z0-9_-]+)"), proctor.ProctorSittingHandler),
        (r(r"proctor/([A-Za-z0-9_-]+)/roster"), proctor.RosterImportHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/status"), proctor.SittingStatusHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/extra-time"), proctor.ExtraTimeHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/reset-password"), proctor.ResetPasswordHandler),
        (r("examiner"), examiner.ExaminerIndexHandler),
        (r(r"examiner/([A-Za-z0-9_-]+)"), grading.GradingOverviewHandler),
        (r(r"examiner/([A-Za-z0-9_-]+)/candidate/([a-z0-9_.-]+)"), grading.CandidateReviewHandler),
        (r(r"examiner/([A-Za-z0-9_-]+)/candidate/([a-z0-9_.-]+)/waves/([A-Za-z0-9_-]+)"), grading.WavesHandler),
        (r(r"panel/([A-Za-z0-9_-]+)"), grading.PanelHandler),
        (r(r"results/([A-Za-z0-9_-]+)"), grading.ResultsHandler),
        (r(r"results/([A-Za-z0-9_-]+)/export\.(csv|xlsx)"), grading.ExportHandler),
        (r(r"results/([A-Za-z0-9_-]+)/report/([a-z0-9_.-]+)\.(html|pdf)"), grading.ReportHandler),
        (r(r"results/([A-Za-z0-9_-]+)/feedback/([a-z0-9_.-]+)\.ipynb"), grading.FeedbackHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/grade"), grading.GradeNowHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/grading"), grading.GradingProgressHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/scores"), grading.ScoreHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/adjudicate"), grading.AdjudicateHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/signoff"), grading.SignOffHandler),
        (r(r"api/sittings/([A-Za-z0-9_-]+)/release-feedback"), grading.ReleaseFeedbackHandler),
        (r(r"file/(\d+)/(.+)"), examiner.SubmissionFileHandler),
        (r("static/(.*)"), web.StaticFileHandler, {"path": str(STATIC)}),
    ]
    app = web.Application(
        handlers,
        exam=service,
        cookie_secret=settings.secret("service_cookie_secret").encode(),
        xsrf_cookies=True,
        static_path=str(STATIC),
        static_url_prefix=r("static/"),
    )
    return app, service


async def serve(settings: Settings) -> None:
    app, service = make_app(settings)
    url = os.environ.get("JUPYTERHUB_SERVICE_URL", f"http://127.0.0.1:{settings.service_port}")
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    app.listen(port, address="127.0.0.1", xheaders=True)
    service.log.info("exam service listening on 127.0.0.1:%d%s", port, service.prefix)
    # A crash between a commit and the nbgrader copy left that copy stale: redo it first.
    fixed = await asyncio.to_thread(republish, settings, service.store)
    if fixed:
        service.log.warning("re-published %d submission(s) for nbgrader after a crash: %s", len(fixed), fixed[:10])
    await DeadlineWatcher(service).run()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="[%(levelname)1.1s %(asctime)s %(name)s] %(message)s")
    asyncio.run(serve(Settings.load()))


if __name__ == "__main__":
    main()
