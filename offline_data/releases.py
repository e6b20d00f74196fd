"""A deployed product's release folder, as the operations parts of the junior CV and NLP exams give
it (their build.py makes one for the candidate and more for the hidden sites): model files under
models/<version>/, manifest.json with each version's files (sha256 and size), config.json and one
JSON-lines request log. Written once here so that every site of every such exam has the same layout
as the exam text describes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def release_versions(files: dict[str, bytes], released: dict[str, str]) -> dict:
    """The manifest's "versions": {version: {"released": date, "files": {path: {"sha256", "bytes"}}}}
    for each version in `released` (in its order), over the files under models/<version>/."""
    return {
        version: {
            "released": date,
            "files": {path: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                      for path, data in files.items() if path.startswith(f"models/{version}/")},
        }
        for version, date in released.items()
    }


def write_site(folder: Path, files: dict[str, bytes], manifest: dict, config: dict, log: str,
               log_lines: list[str]) -> None:
    """Writes the files (paths relative to folder), manifest.json, config.json and logs/<log>."""
    for path, data in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (folder / "logs").mkdir()
    (folder / "logs" / log).write_text("\n".join(log_lines) + "\n", encoding="utf-8")
