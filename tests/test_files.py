"""The package's one atomic write and its one SIGTERM shim."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from survey.files import place_new, write_atomic
from survey.publish.signals import terminate_as_interrupt


def test_write_atomic_replaces_the_text_and_leaves_nothing_beside(tmp_path: Path) -> None:
    path = tmp_path / "paper.yaml"
    path.write_text("old\n", encoding="utf-8")
    write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.yaml"]


def test_write_atomic_into_a_missing_folder_fails_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "gone" / "paper.yaml", "text\n")
    assert list(tmp_path.iterdir()) == []


def test_place_new_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("mine\n", encoding="utf-8")
    written = tmp_path / ".staged"
    written.write_text("theirs\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        place_new(written, tmp_path / "a.yaml")
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "mine\n"
    place_new(written, tmp_path / "b.yaml")
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8") == "theirs\n"


def test_sigterm_raises_keyboard_interrupt_meanwhile_and_the_old_handler_returns() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), terminate_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs before the next line
        pytest.fail("SIGTERM did not interrupt")
    assert signal.getsignal(signal.SIGTERM) is before
