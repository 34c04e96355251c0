"""The two floors a build is compared with, as mkdocs projects beside the real one.

- The theme floor: the site's own page paths and navigation, each page one paragraph long, built by
  mkdocs-material with the site's theme settings, extensions and search, without the survey plugin.
  It is what the theme and search cost for these pages whatever the generator does. When the site's
  search is Pagefind run after the build (site/pagefind/), the floor runs the same indexing.
- The Material floor: the theme floor's pages and settings with Material's own search plugin (its
  search_index.json, written during the build) instead of Pagefind: plain Material, as issue 22 words it.
- The old floor: the same generated Markdown written out as files, built without the plugin.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from survey.content.load import load_content
from survey.publish import staged_folder
from survey.publish.zensical_project import MkdocsConfig
from survey.site.render import render_site
from survey.site.site import Site

PAGEFIND = "pagefind"  # the folder Pagefind writes its index to, in the built site
# One paragraph of ordinary prose, the same on every page of the theme floor.
PARAGRAPH = (
    "This page stands in for a page of the survey. It holds one paragraph of plain text, about as long "
    "as a short abstract, so that the theme, its navigation and the search index do all their usual work "
    "while the page itself costs next to nothing to convert."
)


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    # CPU time (user and system) of the process and every child it waited for: on a machine of n cores
    # nothing can run it in less than cpu_seconds / n of wall time.
    cpu_seconds: float = 0.0


def measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Wall time, peak resident memory and CPU time of one child process (with its own children,
    which wait4 folds in), from the kernel's accounting."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()  # read while it runs: a full pipe would stall the child
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{errors.decode(errors='replace')[-3000:]}")
    return Measured(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)  # ru_maxrss is in KiB on Linux


def _handwritten(project: Path) -> list[str]:
    pages = project / "content" / "pages"
    return sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md"))


def _config(project: Path, docs: str, nav: list[object]) -> dict:
    config = MkdocsConfig.read(project / "mkdocs.yml").settings  # !ENV resolved, as mkdocs reads it
    config["docs_dir"] = docs
    config["plugins"] = [p for p in config.get("plugins", []) if not (p == "survey" or (isinstance(p, dict) and "survey" in p))]
    config["nav"] = nav
    return config


def old_floor(project: Path, site: Site) -> Path:
    """The same pages as plain Markdown files, and mkdocs.yml without the survey plugin."""
    docs = project / "floor_docs"
    staged_folder.write_files(site.files(), docs)
    shutil.copytree(project / "content" / "pages", docs, dirs_exist_ok=True)
    config = _config(project, "floor_docs", site.nav_setting(_handwritten(project)))
    (project / "floor.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project / "floor.yml"


def theme_floor(project: Path, site: Site) -> Path:
    """The site's page paths and navigation, every page one paragraph, the site's theme and search."""
    docs = project / "floor_theme_docs"
    pages = [(page.path, page.markdown) for page in site.pages]
    pages += [(name, (project / "content" / "pages" / name).read_text(encoding="utf-8")) for name in _handwritten(project)]
    files = {path: one_paragraph(markdown) for path, markdown in pages}
    shutil.rmtree(docs, ignore_errors=True)
    for path, text in files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = _config(project, "floor_theme_docs", site.nav_setting(_handwritten(project)))
    (project / "floor-theme.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project / "floor-theme.yml"


def material_floor(project: Path, site: Site) -> Path:
    """The theme floor's pages (written by theme_floor, which runs first) with Material's own search."""
    config = _config(project, "floor_theme_docs", site.nav_setting(_handwritten(project)))
    config["plugins"] = ["search"]
    (project / "floor-material.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project / "floor-material.yml"


def one_paragraph(markdown: str) -> str:
    """The page's front matter (its settings, such as leaving the table of contents out) and title,
    then one paragraph."""
    front = ""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end > 0:
            front, markdown = markdown[: end + 5], markdown[end + 5 :]
    title = next((line for line in markdown.splitlines() if line.startswith("# ")), None)
    if title is None:  # a page handed to mkdocs as HTML: its first heading
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", markdown, re.DOTALL)
        title = "# " + (html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() if heading else "Page")
    return f"{front}{title}\n\n{PARAGRAPH}\n"


def generated_site(project: Path) -> Site:
    return render_site(load_content(project / "content", display_root=project))


def build(project: Path, config: Path | None, site_dir: str, site_url: str) -> Measured:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", site_dir]
    if config is not None:
        command += ["-f", str(config)]
    return measured(command, project, {"SITE_URL": site_url})


def floor_build(project: Path, config: Path, site_dir: str, site_url: str, with_pagefind: bool) -> Measured:
    """Build a floor; with the site's Pagefind indexing after it when the real site has one."""
    built = build(project, config, site_dir, site_url)
    if not with_pagefind:
        return built
    indexed = measured([sys.executable, str(Path(__file__).parent / "pagefind_index.py"), str(project / site_dir)], project)
    return Measured(built.seconds + indexed.seconds, max(built.peak_mb, indexed.peak_mb), built.cpu_seconds + indexed.cpu_seconds)


def has_pagefind(site: Path) -> bool:
    return (site / PAGEFIND).is_dir()
