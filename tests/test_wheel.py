"""The generator as a user installs it: the built wheel in a fresh venv, no editable install and no
checkout on the path (the workflows install it with `pip install .`; an editable install once hid
that the wheel lacked survey.site.explorer). From there: the commands, and a survey built with
only `theme: material` and the plugin in its mkdocs.yml, in a folder outside the repository.

The fresh venv resolves the wheel's declared dependencies from the package index (pip's cache
makes that fast after the first run), so an undeclared import fails here too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT

import survey

pytestmark = pytest.mark.slow  # builds a wheel and a venv


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SITE_URL", "VIRTUAL_ENV")}
    env |= {"NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"{args}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The fresh venv's bin/ folder, with the wheel built from this checkout installed."""
    work = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", work / "dist", ROOT], cwd=work)
    wheels = list((work / "dist").glob("survey_site-*.whl"))
    assert len(wheels) == 1, wheels
    _run([sys.executable, "-m", "venv", work / "venv"], cwd=work)
    bin_ = work / "venv" / "bin"
    _run([bin_ / "pip", "install", "--quiet", wheels[0]], cwd=work)
    return bin_


def test_the_wheel_is_the_whole_package(installed: Path, tmp_path: Path) -> None:
    where = _run([installed / "python", "-c", "import survey, sys; print(survey.__file__)"], cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(installed.parent), where  # the wheel's copy, not this checkout
    # Every module imports (a module missing from the wheel, or an undeclared dependency, fails here).
    code = "import pkgutil, importlib, survey\nfor m in pkgutil.walk_packages(survey.__path__, 'survey.'): importlib.import_module(m.name)\nprint('ok')"
    assert _run([installed / "python", "-c", code], cwd=tmp_path).stdout.strip() == "ok"
    packaged = Path(where).parent
    for source in [*(ROOT / "theme").rglob("*"), *(ROOT / "survey").rglob("*.j2"), *(ROOT / "survey" / "schema").glob("*.json")]:
        if source.is_file():
            relative = source.relative_to(ROOT / "theme") if source.is_relative_to(ROOT / "theme") else None
            shipped = packaged / "theme" / relative if relative else packaged / source.relative_to(ROOT / "survey")
            assert shipped.read_bytes() == source.read_bytes(), shipped
    assert _run([installed / "survey", "--version"], cwd=tmp_path).stdout.strip() == f"survey {survey.__version__}"
    assert _run([installed / "pip", "check"], cwd=tmp_path).returncode == 0


def test_a_survey_outside_the_repository_builds_from_the_installed_package(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "my-survey"
    shutil.copytree(DATA, project, ignore=shutil.ignore_patterns("bad_cases.yaml", "seed", "responses", "hostile", "related", "import", "links", "refresh"))
    assert not (project / "theme").exists()
    assert "    check " in _run([installed / "survey", "--help"], cwd=project).stdout
    checked = _run([installed / "survey", "check", "--strict"], cwd=project)
    assert checked.stdout.startswith("OK: ") and "no errors" in checked.stdout, checked.stdout
    _run([installed / "mkdocs", "build", "--strict"], cwd=project)
    site = project / "site"
    assert (site / "javascripts" / "explorer.js").is_file() and (site / "stylesheets" / "survey.css").is_file()
    assert (site / "explore" / "index.html").is_file() and (site / "papers" / "hu2021lora" / "index.html").is_file()
    assert any((site / "pagefind").glob("pagefind*.js")), "the search index"
    assert "javascripts/search.js" in (site / "index.html").read_text(encoding="utf-8")
