"""StagedFolder under crashes: the folder is there, old or new, and the next build repairs the rest.

A crash is a real SIGKILL of a child process at a chosen step, so no finally block runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT

from survey.publish import staged_folder
from survey.publish.staged_folder import StagedFolder

HAS_EXCHANGE = staged_folder._renameat2() is not None


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[Path]:
    return sorted(p for p in parent.iterdir() if p.name != "site")


def make_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    (site / "papers").mkdir()
    (site / "papers" / "a.html").write_text("old a")
    return site


def stage(site: Path) -> StagedFolder:
    folder = StagedFolder(site)
    (folder.path / "index.html").write_text("new")
    return folder


def backdate(paths: list[Path], seconds: float = 3600) -> None:
    for path in paths:
        then = time.time() - seconds
        os.utime(path, (then, then))


def crash(site: Path, at: str, *, exchange: bool) -> None:
    """Stage a new site in a child process and kill it right after the step ``at`` of commit()."""
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from survey.publish import staged_folder

        def killed_after(step):
            def run(*args):
                result = step(*args)
                os.kill(os.getpid(), signal.SIGKILL)
                return result
            return run

        if not {exchange}:
            staged_folder._exchange = lambda a, b: False  # a file system without RENAME_EXCHANGE
        if {at!r} == "exchange":
            staged_folder._exchange = killed_after(staged_folder._exchange)
        folder = staged_folder.StagedFolder(Path({str(site)!r}))
        (folder.path / "index.html").write_text("new")
        if {at!r} == "staging":
            os.kill(os.getpid(), signal.SIGKILL)
        if {at!r} == "first rename":
            os.replace = killed_after(os.replace)
        folder.commit()
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == -9, done.stderr


def test_a_commit_and_a_rollback_never_leave_a_moment_without_the_folder(tmp_path: Path, monkeypatch) -> None:
    site = make_site(tmp_path)
    old = files(site)
    seen: list[dict[str, str]] = []

    def observed(step):
        def run(*args, **kwargs):
            result = step(*args, **kwargs)
            seen.append(files(site))
            return result
        return run

    for module, name in [(staged_folder.os, "replace"), (staged_folder.shutil, "rmtree"), (staged_folder, "_exchange")]:
        monkeypatch.setattr(module, name, observed(getattr(module, name)))
    folder = stage(site)
    new = files(folder.path)
    folder.commit()
    assert files(site) == new
    folder.rollback()
    assert files(site) == old
    folder = stage(site)
    folder.commit()
    folder.cleanup()
    assert files(site) == new and leftovers(tmp_path) == []
    assert seen and all(state in (old, new) for state in seen)


@pytest.mark.skipif(not HAS_EXCHANGE, reason="renameat2 RENAME_EXCHANGE is Linux only")
def test_a_crash_right_after_the_exchange_leaves_the_new_site(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    crash(site, "exchange", exchange=True)
    assert files(site) == {"index.html": "new"}
    [leftover] = leftovers(tmp_path)
    assert files(leftover / "new")["index.html"] == "old"

    stage(site).cleanup()
    assert leftovers(tmp_path) == [leftover]  # too young to tell from a build that has just begun
    backdate([leftover])
    stage(site).cleanup()
    assert leftovers(tmp_path) == [] and files(site) == {"index.html": "new"}


def test_without_exchange_the_next_build_repairs_a_crash_between_the_renames(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    old = files(site)
    crash(site, "first rename", exchange=False)
    assert not site.exists()  # the moment an exchange avoids
    [leftover] = leftovers(tmp_path)

    folder = stage(site)  # the next build, even at once
    assert files(site) == old
    folder.rollback()
    assert files(site) == old and leftovers(tmp_path) == [leftover]
    backdate([leftover])
    stage(site).cleanup()
    assert leftovers(tmp_path) == [] and files(site) == old


@pytest.mark.parametrize("exchange", [True, False] if HAS_EXCHANGE else [False])
def test_a_build_killed_while_staging_leaves_the_old_site(tmp_path: Path, exchange: bool) -> None:
    site = make_site(tmp_path)
    old = files(site)
    crash(site, "staging", exchange=exchange)
    assert files(site) == old
    backdate(leftovers(tmp_path))
    stage(site).cleanup()
    assert leftovers(tmp_path) == [] and files(site) == old


def test_the_next_build_removes_only_dead_builds_folders(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    running = stage(site)  # a build in another process holds its folder the same way
    others = [tmp_path / ".other.new-x", tmp_path / ".site.newer", tmp_path / "notes"]
    for other in others:
        other.mkdir()
    backdate([running.path.parent, *others])

    stage(site).cleanup()
    assert leftovers(tmp_path) == sorted([running.path.parent, *others])
    running.commit()
    running.cleanup()
    assert files(site) == {"index.html": "new"}
    for other in others:
        shutil.rmtree(other)
    assert leftovers(tmp_path) == []
