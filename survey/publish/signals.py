"""SIGTERM (a job's timeout, a cancelled workflow, `kill`) as Ctrl-C.

Python ends on SIGTERM without running ``finally`` blocks, so the clean-up of an interrupted write
(paper files placed halfway) or build (staged folders) would be skipped; raised as KeyboardInterrupt
instead, it runs."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Meanwhile SIGTERM raises KeyboardInterrupt; the handler before is put back after. Outside the
    main thread (where Python refuses signal handlers) it changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
