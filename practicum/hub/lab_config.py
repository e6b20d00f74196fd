"""The Jupyter configuration every candidate's lab reads (read-only): autosave, language, quiet.

Written to `<data>/public/jupyter/<locale>/` at start-up and mounted into each sandbox as
JUPYTER_CONFIG_DIR, so a candidate cannot change it for the next start.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

AUTOSAVE_SECONDS = 10
LOCALES = {"zh_CN": "zh_CN", "en": "en"}


def server_config() -> dict:
    return {
        "ServerApp": {
            # Our exam page frames JupyterLab; both are served from the hub's one origin.
            "tornado_settings": {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}},
            # No language servers are installed; scanning for them only slows every start.
            "jpserver_extensions": {"jupyter_lsp": False},
        },
        # The exam page calls jupyterapp.commands (save-all before Submit and at the deadline).
        "LabApp": {"expose_app_in_browser": True, "news_url": None},
        "ContentsManager": {"hide_globs": ["__pycache__", "*.pyc", ".ipynb_checkpoints", "*~"]},
        "FileContentsManager": {"use_atomic_writing": True},
    }


def lab_overrides(locale: str) -> dict:
    return {
        "@jupyterlab/docmanager-extension:plugin": {"autosave": True, "autosaveInterval": AUTOSAVE_SECONDS},
        "@jupyterlab/translation-extension:plugin": {"locale": locale},
        "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    }


def write_lab_config(public_dir: Path) -> None:
    for name, locale in LOCALES.items():
        root = public_dir / "jupyter" / name
        (root / "labconfig").mkdir(parents=True, exist_ok=True)
        (root / "jupyter_server_config.json").write_text(json.dumps(server_config(), indent=2))
        (root / "labconfig" / "default_setting_overrides.json").write_text(
            json.dumps(lab_overrides(locale), indent=2)
        )
    for path in [public_dir, *public_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
