"""How long `mkdocs serve` takes to show a saved paper file on the paper's page.

A copy of the project is served on a free port; once it answers, one paper's TL;DR is rewritten
several times, and after each save the paper's page is fetched over HTTP until the new sentence is
in it. The server is always stopped (its whole process group), whatever happens.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL = 0.05  # seconds between fetches
START_TIMEOUT = 900.0  # the first build of a large survey
EDIT_TIMEOUT = 300.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, timeout: float, server: subprocess.Popen) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = _fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit code {server.returncode}) before {url} showed {text!r}")
        time.sleep(POLL)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def with_tldr(text: str, tldr: str) -> str:
    """The paper file with its `tldr:` value (and its continuation lines) replaced by ``tldr``."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("tldr:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    return "".join(lines[:start] + [f"tldr: {tldr}\n"] + lines[end:])


def serve_latency(project: Path, paper_key: str, edits: int = 3) -> list[float]:
    """Seconds from each save of the paper's file to its page showing the change."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    paper = project / "content" / "papers" / f"{paper_key}.yaml"
    original = paper.read_text(encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=url)
    log = (project / "serve.log").open("wb")
    server = subprocess.Popen(
        # As make serve runs it: --dirty renders only the pages a change touches.
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,  # its own group, stopped whole
    )
    try:
        _wait_for(url + f"papers/{paper_key}/", paper_key, START_TIMEOUT, server)
        times = []
        for number in range(1, edits + 1):
            sentence = f"Benchmark edit {number} of {os.getpid()} changes this summary."
            time.sleep(1.0)  # let the server settle after the previous rebuild
            start = time.perf_counter()
            paper.write_text(with_tldr(original, sentence), encoding="utf-8")
            _wait_for(url + f"papers/{paper_key}/", sentence, EDIT_TIMEOUT, server)
            times.append(time.perf_counter() - start)
        return times
    finally:
        _stop(server)
        log.close()
        paper.write_text(original, encoding="utf-8")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C sends: serve cleans up its temporary folder
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def median(times: list[float]) -> float:
    return statistics.median(times)
