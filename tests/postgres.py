"""A throwaway PostgreSQL server for the tests: Debian's binaries, run as `postgres` (or, without root,
as the user running the tests), on a socket."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class TempPostgres:
    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise RuntimeError("PostgreSQL server binaries are missing: run scripts/setup")
        self.bin = Path(bins[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="practicum-pg-"))
        os.chmod(self.dir, 0o755)
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # postgres refuses root
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = 5433
        self._as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                           "--encoding", "UTF8", "--locale", "C.UTF-8"])
        self.proc = subprocess.Popen(
            [*self.as_user, str(self.bin / "postgres"), "-D", str(self.data),
             "-k", str(self.dir), "-p", str(self.port), "-c", "listen_addresses=", "-c", "fsync=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(100):
            if subprocess.run([str(self.bin / "pg_isready"), "-h", str(self.dir), "-p", str(self.port)],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("PostgreSQL did not start")

    def _as_postgres(self, argv: list[str]) -> None:
        subprocess.run([*self.as_user, *argv], check=True, capture_output=True, cwd=self.dir)

    def create_database(self, name: str) -> str:
        self._as_postgres([str(self.bin / "createdb"), "-U", "postgres", "-h", str(self.dir), "-p", str(self.port), name])
        return f"postgresql+psycopg://postgres@/{name}?host={self.dir}&port={self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)
