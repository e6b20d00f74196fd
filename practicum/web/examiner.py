"""Examiner desk: each candidate's graded version, its receipts, files and notebooks.

Candidate files are hostile content. Notebooks are rendered by nbconvert with HTML sanitised
and served under a CSP sandbox without scripts; other files are downloads only.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tornado import web

from practicum.core.i18n import ExamError
from practicum.db import store
from practicum.db.models import Submission
from practicum.web.base import BaseHandler
from practicum.web.state import sitting_json

INERT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
MAX_RENDER_BYTES = 20 * 1024 * 1024


class ExaminerIndexHandler(BaseHandler):
    @web.authenticated
    def get(self):
        self.require("examiner", "proctor", "trainer")
        with self.app.store.session() as db:
            sittings = [
                {**sitting_json(s, self.lang), "candidates": len(s.candidates),
                 "collected": sum(1 for c in s.candidates if c.final_submission)}
                for s in store.list_sittings(db)
            ]
        self.render_page("examiner_index.html", sittings=sittings)


class SubmissionFileHandler(BaseHandler):
    """GET .../file/<submission>/<path>?view=1 renders a notebook inertly; otherwise downloads."""

    @web.authenticated
    async def get(self, submission_id: str, rel: str):
        self.require("examiner", "proctor", "trainer")
        with self.app.store.session() as db:
            sub = db.get(Submission, int(submission_id))
            if sub is None or rel not in {f["path"] for f in sub.manifest}:
                raise ExamError("err_forbidden", status=404)
            root = Path(sub.store_path)
        path = root / rel
        if os.path.commonpath([os.path.realpath(path), os.path.realpath(root)]) != os.path.realpath(root):
            raise ExamError("err_forbidden", status=404)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", INERT_CSP)
        if self.get_argument("view", "") and rel.endswith(".ipynb"):
            html = await asyncio.to_thread(render_notebook, path)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            return self.finish(html)
        text = rel.endswith((".txt", ".csv", ".py", ".md", ".json", ".v", ".sv", ".yaml", ".yml", ".sh", ".log"))
        self.set_header("Content-Type", "text/plain; charset=utf-8" if text else "application/octet-stream")
        if not (text and self.get_argument("view", "")):  # source files are shown as plain text in the tab
            self.set_header("Content-Disposition", f'attachment; filename="{os.path.basename(rel)}"')
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                self.write(chunk)
        self.finish()


def render_notebook(path: Path) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    if path.stat().st_size > MAX_RENDER_BYTES:
        return "<p>Notebook too large to render here; download it instead.</p>"
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - a broken notebook is the candidate's, show why
        from html import escape

        return f"<p>Not a readable notebook: {escape(str(exc))}</p>"
    exporter = HTMLExporter(template_name="classic", sanitize_html=True, exclude_input_prompt=False)
    body, _ = exporter.from_notebook_node(nb)
    return body
