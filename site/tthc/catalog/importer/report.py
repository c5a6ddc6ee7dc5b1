"""Say what an import did: a short diff for the terminal and a review list for the editor."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from tthc.catalog.importer.review import Finding
from tthc.catalog.importer.run import ImportResult


def diff_lines(result: ImportResult) -> list[str]:
    """Return one line per added, changed, kept and removed procedure."""
    names = result.names
    lines = [f"+ added    {code} {names.get(code, '')}".rstrip() for code in result.added]
    lines += [
        f"~ changed  {code} {names.get(code, '')}: {', '.join(keys)}"
        for code, keys in result.changed.items()
    ]
    lines += [
        f"! kept     {code}: the portal changed {', '.join(keys)}, "
        "the editor's reviewed value was kept (keep_on_import): compare by hand"
        for code, keys in result.kept.items()
    ]
    lines += [
        f"- removed  {code}: no longer in the export; the file is kept, "
        "mark it abolished or replaced if the portal dropped it"
        for code in result.removed
    ]
    return lines


def summary(result: ImportResult) -> str:
    return (
        f"{len(result.added)} added, {len(result.changed)} changed, {len(result.removed)} removed, "
        f"{result.unchanged} unchanged; {result.skipped} ministry-only skipped; "
        f"{len(result.findings)} to review, {len(result.invalid)} invalid"
    )


def review_markdown(result: ImportResult, source: str, day: dt.date) -> str:
    """Return REVIEW.md: the suspicious values still to review, then those already reviewed."""
    lines = [
        "# Values to review after the import",
        "",
        f"Written by `flask catalog import {source}` on {day.isoformat()}. "
        "Each line names the procedure, the key and what looks wrong. When you have checked or "
        "fixed a value, add the key to `keep_on_import` in the procedure file (and log a fix in "
        "`changes`): the next import keeps your value and this list moves it under *Reviewed*.",
        "",
        f"Summary: {summary(result)}.",
        "",
    ]
    if result.invalid:
        lines += ["## Invalid after import (fix before publishing)", ""]
        lines += [f"- {problem}" for problem in result.invalid]
        lines.append("")
    lines += _section("To review", result.findings, result.names)
    lines += _section("Reviewed (key in keep_on_import)", result.reviewed, result.names)
    return "\n".join(lines).rstrip() + "\n"


# Editors explain the warnings of `flask catalog check` below this line of REVIEW.md; a new
# import rewrites everything above it and keeps the explanations.
REVIEWED_WARNINGS = "<!-- reviewed warnings: written by editors, kept by the importer -->"


def kept_section(report) -> str:
    """Return the editors' part of an existing REVIEW.md (from the marker on), or nothing."""
    try:
        text = report.read_text(encoding="utf-8")
    except OSError:
        return ""
    start = text.find(REVIEWED_WARNINGS)
    return "\n" + text[start:] if start >= 0 else ""


def _section(title: str, findings: list[Finding], names: dict[str, str]) -> list[str]:
    lines = [f"## {title} ({len(findings)})", ""]
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_code[finding.code].append(finding)
    for code in sorted(by_code):
        lines.append(f"- **{code}** {names.get(code, '')}")
        lines += [f"  - [{f.key}] {f.message}" for f in by_code[code]]
    if not findings:
        lines.append("Nothing.")
    lines.append("")
    return lines
