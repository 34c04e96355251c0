"""What `survey refresh` found, for a reader (a terminal, a pull request's body) and for scripts."""

from __future__ import annotations

from survey.contribute.refresh import Report


def markdown(report: Report, written: bool = False) -> str:
    """The report for a reader (a terminal, a pull request's body). Text from the records is
    quoted in code spans, so that a journal_ref cannot turn into a link or markup."""
    lines = []
    if report.proposals:
        verb = "Written" if written else "Proposed (`survey refresh --write` applies them)"
        lines += [f"{verb}: {_count(len(report.proposals), 'paper')} published since.", ""]
        for proposal in report.proposals:
            lines.append(f"- `{proposal.path.as_posix()}`")
            lines += [f"  - {c.field}: {_value(c.old)} → {_value(c.new)}" for c in proposal.changes if c.field != "sources"]
            lines += [f"  - evidence: <{e.url}> says {_code(e.says)}" for e in proposal.evidence]
        lines.append("")
    if report.findings:
        lines += [f"For a maintainer: {_count(len(report.findings), 'paper')}.", ""]
        for finding in report.findings:
            lines.append(f"- `{finding.path.as_posix()}`: {_code(finding.reason)}")
            lines += [f"  - evidence: <{e.url}> says {_code(e.says)}" for e in finding.evidence if e.url]
        lines.append("")
    lines.append(f"Looked up {_count(report.looked_up, 'preprint')}: {len(report.proposals)} proposed, "
                 f"{len(report.findings)} for a maintainer.")
    return "\n".join(lines) + "\n"


def as_json(report: Report, written: bool = False) -> dict[str, object]:
    return {
        "written": written,
        "looked_up": report.looked_up,
        "proposals": [
            {"path": p.path.as_posix(), "key": p.key,
             "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in p.changes],
             "evidence": [{"url": e.url, "says": e.says} for e in p.evidence]}
            for p in report.proposals
        ],
        "findings": [
            {"path": f.path.as_posix(), "key": f.key, "reason": f.reason,
             "evidence": [{"url": e.url, "says": e.says} for e in f.evidence]}
            for f in report.findings
        ],
    }


def _value(value: object) -> str:
    return "(empty)" if value in (None, "", []) else _code(str(value))


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
