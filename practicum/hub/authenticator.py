"""JupyterHub login against the exam database: candidates by ID and sitting password, staff by account.

Repeated failures for one name are slowed down and then refused for a while, so a password slip
of 40 bits cannot be guessed from an exam-room browser.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict

from jupyterhub.auth import Authenticator
from tornado import web

from practicum.core.i18n import both
from practicum.core.roster import normalize_candidate_id
from practicum.db import store
from practicum.hub.context import hub_store

MAX_FAILURES = 8
LOCKOUT_S = 300


class ExamAuthenticator(Authenticator):
    _failures: dict[str, list[float]] = defaultdict(list)

    def normalize_username(self, username):
        return normalize_candidate_id(username)

    def check_allowed(self, username, authentication=None):
        # Only names that `authenticate` vouched for reach this: the roster is the allow-list.
        return authentication is not None and "role" in (authentication.get("auth_state") or {})

    async def authenticate(self, handler, data):
        username = normalize_candidate_id(data.get("username", ""))
        password = data.get("password", "")
        now = time.monotonic()
        recent = [t for t in self._failures[username] if now - t < LOCKOUT_S]
        self._failures[username] = recent
        if len(recent) >= MAX_FAILURES:
            raise web.HTTPError(429, both("login_locked", minutes=LOCKOUT_S // 60))
        if not username or not password:
            return None
        role = await asyncio.to_thread(self._verify, username, password)
        if role is None:
            self._failures[username].append(now)
            await asyncio.sleep(min(len(recent), 5) * 0.5)  # slow down guessing
            return None
        self._failures.pop(username, None)
        return {"name": username, "auth_state": {"role": role}, "groups": [role]}

    @staticmethod
    def _verify(username: str, password: str) -> str | None:
        with hub_store().session() as db:
            return store.verify_login(db, username, password)
