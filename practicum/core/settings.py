"""One place for every path, port and switch the hub, the exam service and the CLI share.

`practicum up` writes the settings to `<data>/practicum.json` (mode 0600: a PostgreSQL URL may
carry a password) and hands its path to the hub and the service in `PRACTICUM_SETTINGS`, so the
three processes can never disagree about where the data lives.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_ENV = "PRACTICUM_SETTINGS"


@dataclass
class Settings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    db_url: str = ""  # empty: SQLite in the data dir
    # "bwrap" (exam-grade sandbox) or "none" (--insecure-no-sandbox, practice only)
    sandbox: str = "bwrap"
    envs_dir: Path = field(default_factory=lambda: PROJECT_ROOT / ".envs")  # one lab environment each
    labs_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "labs")
    # First uid of the per-candidate sandbox users; far from any real account. PRACTICUM_UID_BASE
    # moves it for a second instance on the same machine (the test suite's parallel workers), so the
    # two never share a uid's process limit.
    uid_base: int = field(default_factory=lambda: int(os.environ.get("PRACTICUM_UID_BASE") or 2_000_000))
    # How often the deadline watcher looks (seconds); tests may shorten it.
    watch_interval: float = 1.0
    # The content cache (see cache_dir); default <data_dir>/cache.
    cache_root: Path | None = None

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir).resolve()
        self.envs_dir = Path(self.envs_dir)
        self.labs_dir = Path(self.labs_dir)
        self.cache_root = Path(self.cache_root) if self.cache_root else None

    def lab_env_for(self, environment: str) -> Path:
        """A direction's lab environment (images/<name> built into .envs/<name> by scripts/setup)."""
        return self.envs_dir / environment

    @property
    def lab_env(self) -> Path:
        return self.lab_env_for("base")

    # Ports: one public port, the rest derived so several instances (tests) never collide.
    @property
    def proxy_api_port(self) -> int:
        return self.port + 1

    @property
    def hub_port(self) -> int:
        return self.port + 2

    @property
    def service_port(self) -> int:
        return self.port + 3

    @property
    def public_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def hub_api_url(self) -> str:
        return f"http://127.0.0.1:{self.hub_port}/hub/api"

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'exam.sqlite'}"

    @property
    def cache_dir(self) -> Path:
        """Work that depends only on an exam's content (its built data, its reference run), kept by
        the content's digest: a second sitting of the same exam reuses it. PRACTICUM_CACHE_DIR shares
        one cache between data dirs (the test suite does)."""
        return Path(os.environ.get("PRACTICUM_CACHE_DIR") or self.cache_root or self.data_dir / "cache")

    @property
    def insecure(self) -> bool:
        return self.sandbox != "bwrap"

    # Layout of the data dir (see README, "Data directory").
    @property
    def hub_dir(self) -> Path:
        return self.data_dir / "hub"

    @property
    def secrets_dir(self) -> Path:
        return self.data_dir / "secrets"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def public_dir(self) -> Path:
        """Read by sandboxed candidates (Jupyter configuration); holds no secret."""
        return self.data_dir / "public"

    @property
    def sittings_dir(self) -> Path:
        return self.data_dir / "sittings"

    @property
    def workspaces_dir(self) -> Path:
        return self.data_dir / "workspaces"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "practicum.json"

    def secret(self, name: str, nbytes: int = 32) -> str:
        """A secret kept in the data dir, created on first use (0600)."""
        path = self.secrets_dir / name
        if not path.exists():
            self.secrets_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(nbytes))
        return path.read_text().strip()

    def save(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        data = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items() if v is not None}
        fd = os.open(self.settings_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=2)
        return self.settings_file

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Settings":
        path = path or os.environ.get(SETTINGS_ENV)
        if not path:
            raise RuntimeError(f"{SETTINGS_ENV} is not set: start the hub with `practicum up`")
        with open(path) as f:
            data = json.load(f)
        # A settings file written by an older version may carry keys that no longer exist
        # (e.g. lab_env before per-direction environments): they are dropped, not fatal.
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
