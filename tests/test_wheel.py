"""The generator as a user installs it: the built wheel in a fresh venv, no editable install and no
checkout on the path (the workflows install it with `pip install .`; an editable install once hid
that the wheel lacked survey.site.explorer). From there: the commands, and a survey built with
only `theme: material` and the plugin in its mkdocs.yml, in a folder outside the repository.

No network: the wheel is built with this venv's setuptools, and pip resolves the wheel's declared
dependencies offline, from wheels of the distributions this venv has installed (an undeclared
import still fails here: pip installs only what the wheel declares)."""

from __future__ import annotations

import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from conftest import ROOT, serve
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import survey
from survey.content.load import load_content

pytestmark = pytest.mark.slow  # builds a wheel and a venv


def _run(args: list[str | Path], cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SITE_URL", "VIRTUAL_ENV") and not k.startswith("PIP_")}
    # pip never reaches an index (PIP_NO_INDEX) nor reads this machine's pip.conf: it finds wheels only
    # where a caller's PIP_FIND_LINKS points. PIP_NO_COMPILE=0 is pip's --no-compile (pip reads a `no-`
    # option's variable inverted): the venvs skip byte-compiling every installed module, SciPy's
    # included (9 s of CPU an install); Python compiles what the commands import when they import it.
    env |= {"NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_COMPILE": "0", "PIP_NO_INDEX": "1",
            "PIP_CONFIG_FILE": os.devnull} | extra
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"{args}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


# What a build, the tools and the tests write into the checkout (at its top: survey/site is source).
_TOP_GENERATED = {".git", ".venv", "site", "node_modules", "build", ".hypothesis"}


def _generated(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    return {n for n in names if (top and n in _TOP_GENERATED) or n == "__pycache__" or n.endswith((".egg-info", "_cache"))}


def _needed(requirements: list[str]) -> list[metadata.Distribution]:
    """The installed distributions that ``requirements`` (Requires-Dist lines) need, each once,
    following their own requirements and the extras asked of them."""
    found: dict[str, metadata.Distribution] = {}
    seen: set[tuple[str, str]] = set()
    todo = [(Requirement(line), "") for line in requirements]
    while todo:
        requirement, extra = todo.pop()
        name = canonicalize_name(requirement.name)
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        for wanted in ["", *sorted(requirement.extras)]:
            if (name, wanted) not in seen:
                seen.add((name, wanted))
                found[name] = metadata.distribution(name)
                todo += [(Requirement(line), wanted) for line in found[name].requires or []]
    return list(found.values())


def _repack(dist: metadata.Distribution, folder: Path) -> None:
    """Write an installed distribution back into a wheel, from the files its RECORD lists, with
    their recorded hashes: what pip unpacked, less the scripts (pip writes them from the entry
    points), compiled files and what pip itself added."""
    tags = [line.split(": ", 1)[1].split("-") for line in (dist.read_text("WHEEL") or "").splitlines() if line.startswith("Tag: ")]
    tag = "-".join(".".join(dict.fromkeys(parts)) for parts in zip(*tags, strict=True))  # py2-none-any, py3-none-any: py2.py3-none-any
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"]).lower()
    added_by_pip = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    files = [f for f in dist.files or [] if f.parts[0] != ".." and "__pycache__" not in f.parts
             and not (f.parts[0].endswith(".dist-info") and f.name in added_by_pip)]
    info = next(f.parts[0] for f in files if f.parts[0].endswith(".dist-info"))
    record = [f"{f.as_posix()},{f.hash.mode}={f.hash.value},{f.size}" if f.hash else f"{f.as_posix()},," for f in files]
    # Stored, not deflated: pip only unpacks it again, and 200 MB of NumPy, SciPy and the rest
    # deflate in seconds of CPU.
    with zipfile.ZipFile(folder / f"{name}-{dist.version}-{tag}.whl", "w", zipfile.ZIP_STORED) as wheel:
        for file in files:
            wheel.write(dist.locate_file(file), file.as_posix())
        wheel.writestr(f"{info}/RECORD", "\n".join([*record, f"{info}/RECORD,,"]) + "\n")


@dataclass(frozen=True)
class Built:
    wheel: Path
    wheelhouse: Path  # the wheel's dependencies, for pip's --find-links


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The wheel built from a clean copy of this checkout, and its dependencies as wheels."""
    work = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools writes build/ and *.egg-info into the source tree, and two xdist
    # workers building the checkout at once broke each other ("Directory not empty: 'survey'").
    source = work / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=_generated)  # survey/theme stays a link to theme/
    # With this venv's setuptools (the test extra has it), after pip checks it against pyproject.toml's
    # build requirements: an isolated build environment would fetch setuptools from the index.
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--check-build-dependencies",
          "-w", work / "dist", source], cwd=work)
    (wheel,) = (work / "dist").glob("survey_site-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        declared = email.parser.Parser().parsestr(archive.read(info).decode("utf-8")).get_all("Requires-Dist") or []
    assert declared
    wheelhouse = work / "wheelhouse"
    wheelhouse.mkdir()
    for dist in _needed(declared):
        _repack(dist, wheelhouse)
    return Built(wheel, wheelhouse)


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory) -> Path:
    """The fresh venv's bin/ folder, with the wheel installed: pip resolves its dependencies from the
    wheelhouse alone. The venv starts without pip (ensurepip costs seconds; the maintainer's `make
    test` adds it, as its set-up does): this venv's pip installs into it (--python)."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv)
    _pip(venv / "bin", "install", "--quiet", "--find-links", built.wheelhouse, built.wheel)
    return venv / "bin"


def _pip(bin_: Path, *args: str | Path) -> subprocess.CompletedProcess:
    """This venv's pip, run on the venv of ``bin_``."""
    return _run([sys.executable, "-m", "pip", "--python", bin_ / "python", *args], cwd=bin_)


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
    assert "    check " in _run([installed / "survey", "--help"], cwd=tmp_path).stdout
    assert _pip(installed, "check").returncode == 0


# A maintainer's first hour, from the installed package, in a folder outside the repository: `survey
# init` (whose mkdocs.yml names only `theme: material` and the plugin), a taxonomy of their own, three
# papers added with `survey new` (facts copied from the flagship's files), then the new survey's own
# `make test`, which installs the generator as requirements.txt says and runs the checks and a strict
# build (every page through the markup backstop), then the explorer and the search in Chromium. (A
# second survey, tests/data, built from the installed package too, was the same proof twice: the
# files a build reads from the package are compared byte for byte above.)
OWN_TAXONOMY = """
facets:
  - id: approach
    label: Approach
    required: true
    values:
      lora: Low-rank adaptation
      quantisation: Quantisation
      long-context: Long context
taxonomy:
  - id: tuning
    title: Tuning
    intro: Tuning fewer or smaller weights.
    children:
      - id: low-rank
        title: Low-rank adapters
        columns:
          - {key: method, label: Method, type: text}
      - id: quantised
        title: Quantised tuning
        columns:
          - {key: method, label: Method, type: text}
  - id: context
    title: Context length
    children:
      - id: long-context
        title: Long-context fine-tuning
        columns:
          - {key: method, label: Method, type: text}
"""
PAPERS = {  # flagship key: (category, tags, tldr, the method its title names)
    "dettmers2023qlora": ("quantised", ["quantisation", "lora"], "Fine-tunes a 4-bit quantised model through low-rank adapters.", "QLoRA"),
    "chen2023longlora": ("long-context", ["long-context", "lora"], "Extends context length with shifted sparse attention and LoRA.", "LongLoRA"),
    "zhang2023adalora": ("low-rank", ["lora"], "Spreads a parameter budget over weight matrices by their importance.", "AdaLoRA"),
}


def _own_survey(installed: Path, folder: Path) -> dict[str, str]:
    """Init, replace the starter's facets, taxonomy and tables by hand, add three papers: key -> flagship key."""
    _run([installed / "survey", "init", folder, "--title", "Efficient Tuning"], cwd=folder.parent)
    survey_yaml = folder / "content" / "survey.yaml"
    text = survey_yaml.read_text(encoding="utf-8")
    start, end = text.index("# Tags describe a paper"), text.index("# The venue registry")
    survey_yaml.write_text(text[:start] + OWN_TAXONOMY.lstrip() + "\n" + text[end:], encoding="utf-8")
    (folder / "content" / "papers" / "hu2022lora.yaml").unlink()  # the example, which the new taxonomy has no place for
    _run([installed / "survey", "schema"], cwd=folder)
    flagship = {p.key: p for p in load_content(ROOT / "content").papers if p.key in PAPERS}
    keys = {}
    for key, (category, tags, tldr, method) in PAPERS.items():
        paper = flagship[key]
        flags = ["--title", paper.title, "--year", str(paper.year), "--arxiv", paper.arxiv or "", "--category", category, "--tldr", tldr]
        flags += ["--source", f"https://arxiv.org/abs/{paper.arxiv}"]  # the page the facts are from (the starter asks for one)
        flags += [f for author in paper.authors for f in ("--author", author)] + [f for tag in tags for f in ("--tag", f"approach={tag}")]
        written = Path(_run([installed / "survey", "new", *flags], cwd=folder).stdout.split()[1].rstrip(":"))
        with (folder / written).open("a", encoding="utf-8") as file:  # the table's fact, by hand
            file.write(f"facts:\n  method: {method}\n")
        keys[written.stem] = key
    _run([installed / "survey", "fmt"], cwd=folder)
    return keys


def test_a_maintainers_own_survey_outside_the_repository_builds_from_the_installed_package(built: Built, installed: Path, tmp_path: Path,
                                                                                         browser) -> None:
    folder = tmp_path / "efficient-tuning"
    keys = _own_survey(installed, folder)
    assert len(keys) == 3
    assert not (folder / "theme").exists()  # the theme comes with the plugin
    # requirements.txt installs the generator: pip, asked to install it into an empty venv, takes the
    # built wheel and its dependencies (a dry run: the files would be those the installed venv has).
    requirement = (folder / "requirements.txt").read_text(encoding="utf-8")
    assert "survey-site @ file:" in requirement and ".whl" in requirement
    empty = tmp_path / "empty-venv"
    _run([sys.executable, "-m", "venv", "--without-pip", empty], cwd=tmp_path)
    resolved = _pip(empty / "bin", "install", "--dry-run", "--quiet", "--report", "-", "--find-links", built.wheelhouse,
                    "-r", folder / "requirements.txt")
    chosen = {item["metadata"]["name"]: item["download_info"]["url"] for item in json.loads(resolved.stdout)["install"]}
    assert chosen["survey-site"] == built.wheel.as_uri(), chosen
    # The new survey's own `make test` (its checks and a strict build, in which the backstop checks every
    # page), its venv the installed one (VENV: one install of NumPy, SciPy and the rest, not two): the
    # set-up runs as written (venv, pip, requirements.txt, against this interpreter's venv) and finds the
    # generator there. The reader's view of the site it builds follows.
    site = folder / "site"
    site.mkdir()
    with serve(site) as url:
        made = _run(["make", "test", f"PYTHON={sys.executable}", f"VENV={installed.parent}"], cwd=folder, SITE_URL=url,
                    PIP_FIND_LINKS=str(built.wheelhouse))
        lines = made.stdout.splitlines()  # make prints each command before its output
        assert lines[lines.index(f"{installed}/survey check --strict") + 1] == "OK: 3 papers, no errors.", made.stdout
        assert f"{installed}/survey fmt --check" in lines and f"{installed}/mkdocs build --strict" in lines, made.stdout
        assert {p.parent.name for p in (site / "papers").glob("*/index.html")} == set(keys)
        assert (site / "javascripts" / "explorer" / "main.js").is_file() and (site / "stylesheets" / "survey.css").is_file()
        assert (site / "explore" / "index.html").is_file()
        assert any((site / "pagefind").glob("pagefind*.js")), "the search index"
        assert "javascripts/search.js" in (site / "index.html").read_text(encoding="utf-8")
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        qlora = next(k for k, flagship in keys.items() if flagship == "dettmers2023qlora")
        page.goto(url + "explore/?approach=quantisation")
        page.wait_for_function(f"""() => {{ const rows = [...document.querySelectorAll("tr[data-survey-paper]")];
            return rows.length === 1 && rows[0].dataset.surveyPaper === {qlora!r}; }}""", timeout=15000)
        page.goto(url)
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("LongLoRA", delay=20)
        page.wait_for_selector(".md-search-result[aria-busy=false]", state="attached")
        found = page.evaluate("() => [...document.querySelectorAll('.md-search-result__list a')].map((a) => new URL(a.href).pathname)")
        longlora = next(k for k, flagship in keys.items() if flagship == "chen2023longlora")
        assert f"/papers/{longlora}/" in found
        context.close()
        assert errors == []
