"""`survey init DIR`: a new survey that builds and passes its checks at once.

The files come from survey/contribute/starter/ (shipped in the wheel): content/survey.yaml with a
small taxonomy, facets, a table and the common venues, one example paper, the hand-written pages,
mkdocs.yml, README, CONTRIBUTING, the workflows, the pre-commit hooks, a Makefile and
requirements.txt pinning this generator. The flagship's own copies of the same files are these
templates filled in, or tests/test_starter.py says where and why they differ.

Templates hold a few ``__NAME__`` placeholders, not Jinja: workflows and Makefiles are full of
``${{ }}`` and ``$(…)`` that a template language would read as its own.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from survey import __version__
from survey.content import editor_schema
from survey.contribute.existing import load_taxonomy
from survey.publish.staged_folder import StagedFolder

TEMPLATES = Path(__file__).resolve().parent / "starter"
DISTRIBUTION = "survey-site"
# Names a wheel cannot carry as they are (package data leaves out names that start with a dot).
RENAMED = {"github": ".github", "gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
DEFAULT_URL = "http://127.0.0.1:8000/"  # where `make serve` previews; the deploy workflow sets SITE_URL


class StarterError(Exception):
    """The new survey cannot be written where asked; nothing was written."""


@dataclass(frozen=True)
class Starter:
    title: str
    description: str = "A curated survey of research papers."
    site_url: str = DEFAULT_URL
    today: datetime.date = field(default_factory=datetime.date.today)
    requirement: str = ""  # requirements.txt's line for the generator (default: how this one was installed)

    def values(self) -> dict[str, str]:
        """Each placeholder's text. YAML values are JSON strings, which YAML reads as they are."""
        return {
            "__TITLE_YAML__": json.dumps(self.title, ensure_ascii=False),
            "__DESCRIPTION_YAML__": json.dumps(self.description, ensure_ascii=False),
            "__SITE_URL_YAML__": json.dumps(self.site_url),
            "__TITLE__": self.title,
            "__DESCRIPTION__": self.description,
            "__YEAR__": str(self.today.year),
            "__TODAY__": self.today.isoformat(),
            "__REQUIREMENT__": self.requirement or this_generator(),
        }


def this_generator() -> str:
    """requirements.txt's line that installs the running generator again, from where pip says it
    came (PEP 610's direct_url.json): a git URL at its commit, a local folder or wheel (with a line
    saying to point it elsewhere before publishing), else its version on the package index."""
    try:
        recorded = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    origin = json.loads(recorded) if recorded else {}
    url, vcs = origin.get("url"), origin.get("vcs_info", {})
    if url and vcs.get("vcs") == "git":
        return f"{DISTRIBUTION} @ git+{url}@{vcs.get('commit_id', 'HEAD')}"
    if url and url.startswith("file:"):
        return f"# Installed from a copy on this machine: name a git URL (or a version) here before publishing.\n{DISTRIBUTION} @ {url}"
    return f"{DISTRIBUTION}=={__version__}"


def files(starter: Starter) -> dict[str, str]:
    """Every file of the new survey: its path in the folder -> its text."""
    values = starter.values()
    out: dict[str, str] = {}
    for template in sorted(p for p in TEMPLATES.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        parts = template.relative_to(TEMPLATES).parts
        path = "/".join((RENAMED.get(parts[0], parts[0]), *parts[1:]))
        text = template.read_text(encoding="utf-8")
        for name, value in values.items():
            text = text.replace(name, value)
        out[path] = text
    return out


def write(folder: Path, starter: Starter) -> list[str]:
    """Write the new survey into ``folder`` (new, or empty), all or nothing; return its files."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StarterError(f"{folder} is not an empty folder: survey init writes a new survey into a new or empty folder")
    made = files(starter)
    staged = StagedFolder(folder)
    try:
        for path, text in made.items():
            target = staged.path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        content = staged.path / "content"
        editor_schema.write(content / editor_schema.FILE, load_taxonomy(content))  # as `survey schema` writes it
        staged.commit()
    except BaseException:
        staged.rollback()
        raise
    staged.cleanup()
    return sorted([*made, f"content/{editor_schema.FILE}"])
