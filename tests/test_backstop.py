"""The markup backstop as a build runs it (survey/publish/backstop.py): in a second process for a full
build, every refusal reported at the end, and closed when that process stops early; in this process
for a dirty rebuild, each refusal at once. The rules themselves: tests/test_markup_safety.py."""

from __future__ import annotations

import sys

import pytest

from survey.publish.backstop import Backstop

THEME = "<!doctype html><html><head><script src='/assets/bundle.js'></script></head><body></body></html>"
SOUND = "<!doctype html><html><head><script src='/assets/bundle.js'></script></head><body><p id='a'>Sound.</p></body></html>"
HOSTILE = "<!doctype html><html><head></head><body><img src=x onerror=alert(1)></body></html>"


@pytest.mark.parametrize("elsewhere", [True, False])
def test_a_hostile_page_is_refused_with_its_source_and_problem(elsewhere: bool) -> None:
    backstop = Backstop(elsewhere=elsewhere)
    backstop.theme_page(THEME, "/")
    now = backstop.content("content/papers/a.yaml", "papers/a.md", "<p>Sound.</p>")
    now += backstop.page("content/papers/a.yaml", "papers/a.md", "papers/a", SOUND)
    now += backstop.content("content/papers/b.yaml", "papers/b.md", "<img src=x onerror=alert(1)>")
    now += backstop.page("content/papers/b.yaml", "papers/b.md", "papers/b", HOSTILE)
    refused = now + backstop.finish()
    assert len(refused) == 2  # the content and the whole page of b, nothing of a
    for message in refused:
        assert message.startswith("content/papers/b.yaml: the page made from it (papers/b.md) holds markup that is not allowed:\n")
        assert "<img> has an event handler attribute 'onerror'" in message
    assert (now == []) == elsewhere  # in a second process, told at the end; here, at once


def test_a_second_process_that_stops_early_refuses_the_build() -> None:
    backstop = Backstop(elsewhere=True)
    backstop.theme_page(THEME, "/")
    assert backstop.process is not None
    backstop.process.process.kill()
    assert backstop.page("content/papers/a.yaml", "papers/a.md", "papers/a", SOUND) == []
    (refused,) = backstop.finish()
    assert refused.startswith("The markup backstop stopped (exit code -9) having checked 0 of 1 pages")


def test_where_no_second_process_starts_the_checks_run_here(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    backstop = Backstop(elsewhere=True)
    assert backstop.process is None
    backstop.theme_page(THEME, "/")
    (refused,) = backstop.page("content/papers/b.yaml", "papers/b.md", "papers/b", HOSTILE)
    assert "<img> has an event handler attribute 'onerror'" in refused
