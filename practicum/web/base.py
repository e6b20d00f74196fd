"""Shared handler behaviour: Hub OAuth login, roles from the exam database, language, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
from jupyterhub.services.auth import HubOAuthenticated
from tornado import web

from practicum.core.i18n import LANG_COOKIE, MESSAGES, ExamError, pick_lang, t
from practicum.db import store
from practicum.db.models import STAFF_PROCTOR_ROLES, Candidate, utcnow

TEMPLATES = Path(__file__).parent / "templates"
_jinja = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
)


class BaseHandler(HubOAuthenticated, web.RequestHandler):
    """Every page and API call: a hub-authenticated user whose role the exam database decides."""

    @property
    def app(self):
        return self.settings["exam"]

    @property
    def lang(self) -> str:
        return pick_lang(self.get_cookie(LANG_COOKIE), self.request.headers.get("Accept-Language"))

    @property
    def username(self) -> str:
        return self.current_user["name"]

    def role(self) -> str | None:
        """'candidate', 'proctor', 'trainer', 'examiner' or None (a hub user we do not know)."""
        if not hasattr(self, "_role"):
            with self.app.store.session() as db:
                account = store.get_account(db, self.username)
                if account is not None:
                    self._role = account.role
                else:
                    self._role = "candidate" if store.current_entry(db, self.username) else None
        return self._role

    def require(self, *roles: str) -> None:
        if self.role() not in roles:
            raise ExamError("err_forbidden", status=403)

    def require_proctor(self) -> None:
        self.require(*STAFF_PROCTOR_ROLES)

    def candidate_entry(self, db) -> Candidate:
        entry = store.current_entry(db, self.username)
        if entry is None or store.get_account(db, self.username) is not None:
            raise ExamError("err_not_candidate", status=403)
        return entry

    def started_entry(self, db) -> Candidate:
        entry = self.candidate_entry(db)
        if entry.started_at is None:
            raise ExamError("err_not_started", status=409)
        return entry

    def render_page(self, template: str, **ctx: Any) -> None:
        lang = self.lang
        strings = {k: v[0] if lang == "zh" else v[1] for k, v in MESSAGES.items()}
        html = _jinja.get_template(template).render(
            t=lambda key, **kw: t(key, lang, **kw),
            lang=lang,
            prefix=self.app.prefix,
            insecure=self.app.settings.insecure,
            username=self.username if self.current_user else "",
            role=self.role() if self.current_user else None,
            xsrf_token=self.xsrf_token.decode() if isinstance(self.xsrf_token, bytes) else self.xsrf_token,
            strings_json=json.dumps(strings, ensure_ascii=False),
            now=utcnow(),
            path=self.request.uri,
            **ctx,
        )
        self.set_header("Content-Security-Policy",
                        "default-src 'self'; frame-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'")
        self.finish(html)

    def json_body(self) -> dict:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise ExamError("err_bad_request", detail="body is not JSON") from None
        if not isinstance(body, dict):
            raise ExamError("err_bad_request", detail="body is not a JSON object")
        return body

    def write_json(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data, ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, ExamError):
            status_code, key = exc.status, exc.key
            msg_zh, msg_en = exc.message("zh"), exc.message("en")
        elif status_code >= 500:
            key = "err_internal"  # never a bare English "500: Internal Server Error" on the page
            msg_zh, msg_en = t(key, "zh", status=status_code), t(key, "en", status=status_code)
        else:
            key = "http_error"
            reason = getattr(exc, "log_message", None) or self._reason
            msg_zh = msg_en = f"{status_code}: {reason}"
        self.set_status(status_code)
        wants_json = self.request.headers.get("Content-Type", "").startswith("application/json")
        if self.request.path.startswith(self.app.prefix + "api/") or wants_json:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps({"error": key, "message": msg_zh if self.lang == "zh" else msg_en,
                                    "message_zh": msg_zh, "message_en": msg_en}, ensure_ascii=False))
            return
        try:
            self.render_page("error.html", status=status_code, message=msg_zh if self.lang == "zh" else msg_en)
        except Exception:  # noqa: BLE001 - never fail while reporting a failure
            self.finish(f"{status_code}: {msg_en}")

    def log_exception(self, typ, value, tb) -> None:
        if isinstance(value, ExamError):
            self.app.log.info("%s %s refused: %s", self.request.method, self.request.path, value.key)
            return
        super().log_exception(typ, value, tb)

    def _handle_request_exception(self, e: BaseException) -> None:
        if isinstance(e, ExamError):
            if not self._finished:
                self.send_error(e.status, exc_info=(type(e), e, e.__traceback__))
            self.log_exception(type(e), e, e.__traceback__)
            return
        super()._handle_request_exception(e)
