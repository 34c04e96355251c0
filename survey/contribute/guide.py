"""The help block at the end of a new paper file, kept there by `survey fmt` until it has served.

The block is comments between two marker lines. A contributor uncomments fields inside it, and may
write comments of their own there, so `split` takes out only the lines the guide itself writes;
`survey fmt` then orders the fields and puts the guide back at the end, written afresh for what is
still missing, or drops it once tldr, category and tags are filled in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from survey.model import Category, Column, Survey

START = "# ---- Fill in the fields below (remove the leading '# '), then run `survey check`. ----"
END = "# ---- End of the guide: `survey fmt` removes it once tldr, category and tags are filled in. ----"
FILLED_BY_HAND = ("tldr", "category", "tags")  # what only the contributor can write; facts may stay empty
# The guide's own lines: its markers, its field headings, and its indented lists (three spaces).
_GUIDE_LINE = re.compile(r"#( ---- | ?(tldr|category|tags|facts):|   )")


def guide(survey: Survey, fields: Mapping[str, object]) -> str:
    """The block for a file holding ``fields``: a section for each field still to write, and the facts
    columns of the chosen category (of every leaf while none is chosen)."""
    category = survey.category(str(fields.get("category") or ""))
    lines = [START]
    if not fields.get("tldr"):
        lines.append("# tldr: One sentence in your own words: what the paper does or finds.")
    if category is None or not category.is_leaf:
        lines.append("# category: the id of one leaf category:")
        lines += [f"#   {c.id:28} {c.title}" for c in survey.categories() if c.is_leaf]
    if not fields.get("tags"):
        lines.append("# tags: at least one value for each facet:")
        lines += [f"#   {facet.id}: [{', '.join(facet.values)}]" for facet in survey.facets]
        lines += _implied(survey, category)
    lines += _facts(survey, category if category is not None and category.is_leaf else None)
    lines.append(END)
    return "\n".join(lines) + "\n"


def _implied(survey: Survey, category: Category | None) -> list[str]:
    """The tags survey.yaml's `implies` asks of this paper (`survey check` names one that is missing)."""
    nodes = [*category.ancestors, category] if category is not None else []
    lines = [f"#   in {node.id}: {_includes(fid, values)}" for node in nodes for fid, values in node.implies.items()]
    for facet in survey.facets:
        for value, implied in facet.implies.items():
            lines += [f"#   tagged {value}: {_includes(fid, values)}" for fid, values in implied.items()]
    return lines


def _includes(fid: str, values: tuple[str, ...]) -> str:
    return f"{fid} includes {' or '.join(values)}"


def _facts(survey: Survey, category: Category | None) -> list[str]:
    lines = ["# facts: only where the abstract states them; an empty cell is right, a guessed one wrong."]
    if category is None:
        lines.append("#   each leaf's columns are in content/survey.yaml; choose the category first.")
    elif category.columns:
        lines.append(f"#   the columns of {category.id}:")
        lines += [_column(c) for c in category.columns]
    path = {c.id for c in category.ancestors} | {category.id} if category is not None else set()
    for table in survey.tables:
        required = " (required in this category)" if path & set(table.required_in) else ""
        lines.append(f"#   to join the table '{table.title}'{required}:")
        lines += [_column(c) for c in table.columns]
        lines += [f"#     and tags: {_includes(fid, values)}" for fid, values in table.implies.items()]
    return lines


def _column(column: Column) -> str:
    kind = f"{column.type}, {column.unit}" if column.unit else column.type
    return f"#     {column.key}: {kind} ({column.label})"


def filled(data: object) -> bool:
    """Whether a file's values give everything the guide asks the contributor to write."""
    return isinstance(data, dict) and all(data.get(name) not in (None, "", [], {}) for name in FILLED_BY_HAND)


def split(text: str) -> tuple[str, str]:
    """(``text`` less the guide's own lines, those lines); fields and the contributor's own comments
    inside the guide stay in the text. A guide without its end marker (older files) runs to the end."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(START[:30])), None)
    if start is None:
        return text, ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(END[:22])), len(lines) - 1)
    block = lines[start : end + 1]
    kept = [line for line in block if not _GUIDE_LINE.match(line)]
    return "".join(lines[:start] + kept + lines[end + 1 :]), "".join(line for line in block if _GUIDE_LINE.match(line))
