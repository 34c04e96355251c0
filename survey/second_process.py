"""Work handed to a second Python process while this one goes on: mkdocs renders on one core and
the machines that build the site (laptops, CI runners) have two or more.

The process runs ``function`` of ``module`` in this very package (the folder holding survey/ comes
first on its path, whatever the current folder holds). The two talk in JSON lines: what this one
``send``s is written by a thread (this one never waits on a full pipe), and each line the other
``reply``s is handed to ``heard`` by another thread as it comes. Whatever the second process fails
to do, the caller does itself, or reports: a second process only ever saves time.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# The folder holding survey/ first, and not the current folder ("" for -c), whose files could shadow a module.
_START = (
    "import sys, importlib; sys.path[:] = [sys.argv[1], *(p for p in sys.path if p)]; "
    "getattr(importlib.import_module(sys.argv[2]), sys.argv[3])()"
)
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[1])
_END = object()  # in the outbox: close the other's input


class SecondProcess:
    @classmethod
    def start(cls, module: str, function: str, heard: Callable[[Any], None], *sent: object) -> SecondProcess | None:
        """As the constructor; None when no process can be started (the caller does the work)."""
        try:
            return cls(module, function, heard, *sent)
        except OSError:
            return None

    @classmethod
    def ask(cls, module: str, function: str, heard: Callable[[Any], None], *sent: object) -> SecondProcess | None:
        """As ``start``, with ``sent`` all it gets (its input closed after them)."""
        process = cls.start(module, function, heard, *sent)
        if process is not None:
            process.close()
        return process

    def __init__(self, module: str, function: str, heard: Callable[[Any], None], *sent: object) -> None:
        """Start it, and ``send`` each of ``sent`` (then ``close`` when that is all it gets)."""
        self.heard = heard
        self.process = subprocess.Popen(
            [sys.executable, "-c", _START, _PACKAGE_PARENT, module, function],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a failure shows where this process does the work itself
        )
        self.outbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        for value in sent:
            self.send(value)
        self.writer = threading.Thread(target=self._write, name=f"survey-{function}-in", daemon=True)
        self.reader = threading.Thread(target=self._read, name=f"survey-{function}-out", daemon=True)
        self.writer.start()
        self.reader.start()

    def send(self, value: object) -> None:
        self.outbox.put(value)

    def close(self) -> None:
        """Nothing more to send: the other's input ends after what was sent."""
        self.outbox.put(_END)

    def _write(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            while (value := self.outbox.get()) is not _END:
                stdin.write(json.dumps(value, ensure_ascii=False).encode("utf-8") + b"\n")
            stdin.close()
        except OSError:
            pass  # the process died or was stopped

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            for line in stdout:
                self.heard(json.loads(line))
        except (OSError, ValueError):
            pass  # the process died or was stopped: the caller does the rest

    def wait(self) -> None:
        """Until it has replied everything (or failed); ``close`` first."""
        self.process.wait()
        self.reader.join()
        self.close()  # a writer still waiting on the outbox ends
        self.writer.join()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.wait()


def incoming() -> Iterator[Any]:
    """For the function run in the second process: what the first one sends, until it closes."""
    for line in sys.stdin.buffer:
        yield json.loads(line)


def reply(value: object) -> None:
    """For the function run in the second process: one line to the first."""
    print(json.dumps(value, ensure_ascii=False), flush=True)
