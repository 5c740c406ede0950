"""A live Streamlit server with the demo practice, and where to find Chromium.

Used by the browser tests and by scripts/screenshots.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from dashboard.sample_data import demo
from dashboard.data import migrate
from dashboard.data.database import Database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run"]


def chromium_path() -> str | None:
    """Debian's Chromium, or another found on PATH."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or "",
                      shutil.which("chromium-browser") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppServer:
    """A Streamlit server on its own SQLite file with the demo practice loaded."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url = f"sqlite:///{workdir / 'browser.db'}"
        # The test process (which loads the demo) and the server share keys.
        self.secrets = Path(os.environ["DASHBOARD_SECRETS"])
        self.log = workdir / "server.log"
        self.db = Database.from_url(self.db_url)
        migrate.upgrade(self.db)
        demo.load_demo(db=self.db, today=date.today())
        env = {**os.environ, "DASHBOARD_DB_URL": self.db_url,
               "DASHBOARD_SECRETS": str(self.secrets), "DASHBOARD_BASE_URL": self.url}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        self._wait_healthy()

    def _wait_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.db.dispose()
