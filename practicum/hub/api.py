"""The exam service's few calls to the JupyterHub REST API: server status, start, stop."""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from practicum.core.i18n import ExamError


class HubAPI:
    def __init__(self, api_url: str | None = None, token: str | None = None) -> None:
        self.api_url = (api_url or os.environ["JUPYTERHUB_API_URL"]).rstrip("/")
        self.token = token or os.environ["JUPYTERHUB_API_TOKEN"]
        self.client = AsyncHTTPClient()

    async def _request(self, method: str, path: str, timeout: float = 30) -> tuple[int, dict]:
        req = HTTPRequest(
            f"{self.api_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
            body=b"" if method in ("POST",) else None,
            allow_nonstandard_methods=True,
            request_timeout=timeout,
            connect_timeout=5,
        )
        try:
            resp = await self.client.fetch(req, raise_error=False)
        except (OSError, HTTPClientError) as exc:
            raise ExamError("err_hub_unavailable", status=503) from exc
        if resp.code == 599:
            raise ExamError("err_hub_unavailable", status=503)
        body = json.loads(resp.body) if resp.body else {}
        return resp.code, body

    async def server(self, name: str) -> dict:
        """{'running', 'ready', 'pending', 'url'} of the user's default server."""
        code, body = await self._request("GET", f"/users/{quote(name)}")
        if code == 404:
            return {"running": False, "ready": False, "pending": None, "url": None}
        server = (body.get("servers") or {}).get("")
        if not server:
            return {"running": False, "ready": False, "pending": None, "url": None}
        return {"running": True, "ready": bool(server.get("ready")), "pending": server.get("pending"),
                "url": server.get("url")}

    async def running_servers(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        offset, page = 0, 200  # the hub caps a page at 200 users
        while True:
            _code, body = await self._request("GET", f"/users?state=active&limit={page}&offset={offset}")
            users = body if isinstance(body, list) else body.get("items", [])
            for user in users:
                server = (user.get("servers") or {}).get("")
                if server:
                    out[user["name"]] = {"ready": bool(server.get("ready")), "pending": server.get("pending")}
            if len(users) < page:
                return out
            offset += page

    async def start(self, name: str) -> str:
        """Asks the hub to start the lab; returns 'started', 'pending' or 'running'."""
        code, body = await self._request("POST", f"/users/{quote(name)}/server", timeout=90)
        if code == 201:
            return "started"
        if code == 202:
            return "pending"
        if code == 400 and "already running" in body.get("message", ""):
            return "running"
        raise ExamError("err_lab_failed", status=502, detail=body.get("message", f"hub answered {code}"))

    async def stop(self, name: str) -> bool:
        code, _body = await self._request("DELETE", f"/users/{quote(name)}/server", timeout=60)
        return code in (202, 204, 400, 404)  # 400/404: nothing running any more
