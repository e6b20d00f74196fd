"""Runs the pure-Python configurable-http-proxy with settings fit for an exam room.

Tornado's HTTP client, which that proxy uses for every forwarded request, allows 10 requests at a
time and gives each 20 s by default: twenty candidates loading JupyterLab at once overflow that
queue and get 599 errors. Raise both before the proxy's own command line takes over.
"""

from __future__ import annotations

import sys

from tornado.httpclient import AsyncHTTPClient

MAX_CONCURRENT_REQUESTS = 1000


def main() -> None:
    AsyncHTTPClient.configure(None, max_clients=MAX_CONCURRENT_REQUESTS)
    from configurable_http_proxy.cli import main as proxy_main

    sys.argv[0] = "configurable-http-proxy"
    proxy_main()


if __name__ == "__main__":
    main()
