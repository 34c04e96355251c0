"""Work handed to a second Python process while this one goes on: mkdocs renders on one core and
the machines that build the site (laptops, CI runners) have two or more.

The process runs ``function`` of ``module`` in this very package (the folder holding survey/ comes
first on its path, whatever the current folder holds): it reads one JSON value on stdin and prints
JSON lines, each handed to ``heard`` in a thread as it comes, so neither side waits on a full pipe.
Whatever it fails to send, the caller makes itself: a second process only ever saves time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

_START = "import sys, importlib; sys.path.insert(0, sys.argv[1]); getattr(importlib.import_module(sys.argv[2]), sys.argv[3])()"
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[1])


class SecondProcess:
    def __init__(self, module: str, function: str, payload: object, heard: Callable[[Any], None]) -> None:
        self.heard = heard
        self.process = subprocess.Popen(
            [sys.executable, "-c", _START, _PACKAGE_PARENT, module, function],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a failure shows where this process does the work itself
        )
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.thread = threading.Thread(target=self._exchange, args=(data,), name=f"survey-{function}", daemon=True)
        self.thread.start()

    def _exchange(self, data: bytes) -> None:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(data)
            stdin.close()
            for line in stdout:
                self.heard(json.loads(line))
        except (OSError, ValueError):
            pass  # the process died or was stopped: the caller makes the rest

    def finished(self) -> bool:
        """Whether every line it will send has been heard."""
        return self.process.poll() is not None and not self.thread.is_alive()

    def wait(self) -> None:
        """Until it has sent everything (or failed)."""
        self.process.wait()
        self.thread.join()
        self._close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.wait()

    def _close(self) -> None:
        if self.process.stdout is not None:
            self.process.stdout.close()


def send(value: object) -> None:
    """For the function run in the second process: one line to the first."""
    print(json.dumps(value, ensure_ascii=False), flush=True)


def received() -> Any:
    """For the function run in the second process: what the first one handed it."""
    return json.load(sys.stdin)
