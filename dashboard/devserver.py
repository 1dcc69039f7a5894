"""Start the dashboard in a subprocess on a free localhost port (tests, benchmarks).

Used by ``tests/test_dashboard_browser.py`` and ``benchmarks/bench_dashboard.py``;
the server is always terminated when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app.py"


@dataclass(frozen=True)
class RunningApp:
    """A running dashboard server."""

    url: str
    pid: int
    log: Path


def free_port() -> int:
    """A TCP port free on localhost right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(env: Mapping[str, str] | None = None, *, timeout_s: float = 60.0,
                log_dir: Path | None = None, app: Path = APP) -> Iterator[RunningApp]:
    """Run ``streamlit run dashboard/app.py`` headless until the block ends.

    The server runs from the repo root, so it reads ``.streamlit/config.toml``.

    Parameters
    ----------
    env : mapping, optional
        Extra environment variables (e.g. ``FRONTLINE_SOURCE``).
    timeout_s : float
        How long to wait for the server's health check.
    log_dir : Path, optional
        Where the server's output goes (default: the system temp dir).
    app : Path
        The Streamlit script (default: the dashboard).

    Yields
    ------
    RunningApp
    """
    port = free_port()
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env.setdefault("PYTHONUNBUFFERED", "1")
    log = (log_dir or Path(os.environ.get("TMPDIR", "/tmp"))) / f"frontline-app-{port}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app),
           "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=full_env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the dashboard exited early; see {log}:\n"
                                   + log.read_text(errors="replace")[-2000:])
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the dashboard did not start in {timeout_s:.0f} s; "
                                   f"see {log}")
            time.sleep(0.2)
        yield RunningApp(url, proc.pid, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
