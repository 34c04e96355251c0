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

import dataclasses
import datetime
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

from survey import __version__
from survey.content import editor_schema
from survey.content.load import load_taxonomy
from survey.contribute import imports
from survey.contribute.fetch import Fetcher
from survey.contribute.imports import sections
from survey.errors import SurveyError
from survey.publish.staged_folder import StagedFolder
from survey.urls import reserved_names

TEMPLATES = Path(__file__).resolve().parent / "starter"
DISTRIBUTION = "survey-site"
# Names a wheel cannot carry as they are (package data leaves out names that start with a dot).
RENAMED = {"github": ".github", "gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
DEFAULT_URL = "http://127.0.0.1:8000/"  # where `make serve` previews; the deploy workflow sets SITE_URL
EXAMPLE = "content/papers/hu2022lora.yaml"  # left out when the survey starts from a list
# survey.yaml's taxonomy and survey-wide table, between these comments: a list's headings replace them.
TAXONOMY_STARTS, TAXONOMY_ENDS = "# The taxonomy:", "# The venue registry:"


class StarterError(SurveyError):
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
    # A checkout's own survey_site.egg-info (on the path when run from it) records no origin: the
    # installed copy's metadata does.
    recorded = next((text for dist in metadata.distributions(name=DISTRIBUTION) if (text := dist.read_text("direct_url.json"))), None)
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


@dataclass(frozen=True)
class FromList:
    """`survey init --from FILE`: the list to seed the papers from, as `survey import` reads it."""

    path: Path
    form: str
    fetcher: Fetcher | None  # None: offline, the list's own text


@dataclass(frozen=True)
class Started:
    """What `survey init` wrote: its files and, when it started from a list, the import's outcome
    and how many papers were filed under the list's headings."""

    files: list[str]
    imported: imports.Imported | None = None
    filed: int = 0


def write(folder: Path, starter: Starter, source: FromList | None = None) -> Started:
    """Write the new survey into ``folder`` (new, or empty), all or nothing. Starting from a list,
    its papers replace the example and, for a Markdown list with headings, the headings replace
    the taxonomy. The list is read once (ValueError when it cannot be)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StarterError(f"{folder} is not an empty folder: survey init writes a new survey into a new or empty folder",
                           path=str(folder))
    made = files(starter)
    category_at: dict[int, str] = {}
    if source is not None:
        text = imports.read_text(source.path)
        found, skipped = imports.FORMATS[source.form](text, source.path.name)
        del made[EXAMPLE]
        if source.form == "markdown":
            made["content/survey.yaml"], category_at = _list_taxonomy(made["content/survey.yaml"], source.path.name, text, found)
    staged = StagedFolder(folder)
    try:
        for path, text in made.items():
            target = staged.path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        content = staged.path / "content"
        (content / "papers").mkdir(exist_ok=True)
        editor_schema.write(content / editor_schema.FILE, load_taxonomy(content))  # as `survey schema` writes it
        done = None
        if source is not None:
            done = imports.import_records(content, found, skipped, source.fetcher, starter.today, category_at.get)
            # Named where they will be once the folder is in place (a duplicate's reason names its file).
            moved = [(entry, folder / path.relative_to(staged.path)) for entry, path in done.written]
            reasons = [dataclasses.replace(s, reason=s.reason.replace(str(staged.path), str(folder))) for s in done.skipped]
            done = dataclasses.replace(done, written=moved, skipped=reasons)
        staged.commit()
    except BaseException:
        staged.rollback()
        raise
    staged.cleanup()
    written = [*made, f"content/{editor_schema.FILE}"]
    if done is None:
        return Started(sorted(written))
    written += [path.relative_to(folder).as_posix() for _, path in done.written]
    return Started(sorted(written), done, sum(1 for entry, _ in done.written if entry.found.line in category_at))


def _list_taxonomy(survey_yaml: str, name: str, text: str, found: list[imports.Found]) -> tuple[str, dict[int, str]]:
    """survey.yaml with the list's headings as its taxonomy (in place of the starter's taxonomy and
    table), and each paper bullet's line -> its category. A list without headings over its papers
    keeps the starter's taxonomy: its papers then wait for a category."""
    tops = sections.file_papers(sections.headings(text), (f.line for f in found))
    if not tops:
        return survey_yaml, {}
    taken = set(reserved_names()) | {"about", "index"}
    category_at: dict[int, str] = {}
    taxonomy = [_category(top, taken, category_at) for top in tops]
    start, end = survey_yaml.index(TAXONOMY_STARTS), survey_yaml.index(TAXONOMY_ENDS)
    block = (f"{TAXONOMY_STARTS} the headings of {name}, where its papers sat. Papers sit in leaves; give each\n"
             "# leaf an intro and the columns of its comparison table.\n"
             + yaml.safe_dump({"taxonomy": taxonomy}, sort_keys=False, allow_unicode=True, width=100) + "\n")
    return survey_yaml[:start] + block + survey_yaml[end:], category_at


def _category(heading: sections.Heading, taken: set[str], category_at: dict[int, str]) -> dict[str, object]:
    """A heading as a category: a leaf for its own papers, a parent of its sub-headings' (with its
    own papers in a leaf of their own, since papers sit in leaves only)."""
    own_id = sections.category_id(heading.title, taken)
    if not heading.children:
        category_at.update(dict.fromkeys(heading.lines, own_id))
        return {"id": own_id, "title": heading.title}
    children = [_category(child, taken, category_at) for child in heading.children]
    if heading.lines:
        general = sections.category_id(f"{heading.title} general", taken)
        category_at.update(dict.fromkeys(heading.lines, general))
        children.insert(0, {"id": general, "title": f"{heading.title}: general"})
    return {"id": own_id, "title": heading.title, "children": children}
