"""JupyterHub configuration for the embedded default: SQLite, sandboxed local processes.

Started by `practicum up`, which passes PRACTICUM_SETTINGS (data dir, ports, sandbox mode).
The exam service runs beside the hub as an external service that `practicum up` supervises,
so restarting either one leaves the other, and the candidates' labs, running.
"""

from pathlib import Path

from practicum.hub.context import hub_settings

c = get_config()  # noqa: F821
settings = hub_settings()
here = Path(__file__).resolve().parent

c.JupyterHub.ip = settings.host
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.JupyterHub.db_url = f"sqlite:///{settings.hub_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.hub_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(settings.hub_dir / "jupyterhub.pid")

# `practicum up` runs the proxy itself, so a hub restart never drops candidates' connections.
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = settings.secret("proxy_auth_token")

# Labs outlive a hub restart; `practicum up` stops them itself on Ctrl-C.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.authenticator_class = "practicum.hub.authenticator.ExamAuthenticator"
c.JupyterHub.spawner_class = "practicum.hub.spawner.SandboxSpawner"
c.Spawner.poll_interval = 10  # the spawner's poll also enforces the deadline
c.Spawner.start_timeout = 180  # a start storm on 2 cores
c.Spawner.http_timeout = 180
c.JupyterHub.slow_spawn_timeout = 1  # answer the start request at once; the exam page polls
c.JupyterHub.default_url = "/services/exam/"
c.JupyterHub.template_paths = [str(here / "templates")]
c.JupyterHub.template_vars = {"insecure": settings.insecure}
c.JupyterHub.shutdown_on_logout = False

c.JupyterHub.services = [
    {
        "name": "exam",
        "url": f"http://127.0.0.1:{settings.service_port}",
        "api_token": settings.secret("service_api_token"),
        "oauth_no_confirm": True,
        "display": False,
    }
]
c.JupyterHub.load_roles = [
    # Every user may reach the exam service; it decides by role what they see there.
    {"name": "user", "scopes": ["self", "access:services!service=exam"]},
    {"name": "exam-service", "services": ["exam"],
     "scopes": ["admin:servers", "read:users", "list:users", "read:metrics"]},
]
