"""The amendments appendix as Markdown: year, month and kind headings, Chapter | Details tables,
then the publisher audit and each updated chapter's diff, linked from its row."""

from __future__ import annotations

import re

from differ import render_text
from notifier.appendix_details import AUDIT_SHORT, diffed_entries, full_details
from notifier.documents import TYPE_NAMES
from notifier.models import AmendmentEntry, Amendments, AuditFinding, DocumentEntry
from notifier.templating import safe_href

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&])")
_MD_PROSE = re.compile(r"([\\`*_{}\[\]<>#|~&])")  # brackets escaped, so '(' cannot open a link


def md_escape(text: str) -> str:
    """Text with every Markdown-special character backslash-escaped, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_prose(text: str) -> str:
    return _MD_PROSE.sub(r"\\\1", " ".join(text.split()))


def _md_url(url: str) -> str:
    return "".join(f"%{ord(ch):02X}" if ch in " ()<>[]|\\`" else ch for ch in url.strip())


def _md_link(title: str, url: str) -> str:
    title = md_escape(title) or "(untitled)"
    href = safe_href(url)
    return f"[{title}]({_md_url(href)})" if href else title


def _md_chapter(entry: AmendmentEntry) -> str:
    cell = _md_link(entry.title, entry.url)
    cell = f"{md_escape(entry.number)} {cell}" if entry.number else cell
    return cell + (f" ([our diff](#{entry.anchor}))" if entry.diff is not None else "")


def _md_details(entry: AmendmentEntry) -> str:
    return _md_prose(full_details(entry))


def _tables(doc: Amendments) -> list[str]:
    lines: list[str] = []
    for year in doc.years:
        lines += [f"## {year.year}", ""]
        for month in year.months:
            lines += [f"### {month.label}", ""]
            for table in month.tables:
                lines += [f"#### {table.heading}", "", "| Chapter | Details |", "| --- | --- |"]
                lines += [f"| {_md_chapter(e)} | {_md_details(e)} |" for e in table.entries]
                lines.append("")
            lines += _documents(month.documents)
    return lines


def _documents(documents: tuple[DocumentEntry, ...]) -> list[str]:
    if not documents:
        return []
    lines = ["#### Forms and documents", "", "| Document | Linked from | Details |",
             "| --- | --- | --- |"]
    for d in documents:
        name = f"{_md_link(d.title, d.url)} ({TYPE_NAMES.get(d.type, d.type)})"
        chapters = md_escape(", ".join(d.linked_from)) or "—"
        lines.append(f"| {name} | {chapters} | {_md_prose(d.details)} |")
    return lines + [""]


def _finding_row(finding: AuditFinding) -> str:
    chapter = _md_link(finding.title, finding.url)
    chapter = f"{md_escape(finding.number)} {chapter}" if finding.number else chapter
    return (f"| {AUDIT_SHORT.get(finding.kind, finding.kind)} | {chapter} | "
            f"{_md_prose(finding.detail)} | {finding.date} |")


def _audit(findings: tuple[AuditFinding, ...]) -> list[str]:
    lines = ["## Publisher audit", ""]
    if not findings:
        return lines + ["The publisher's markers, dates and Amendments page agree with what "
                        "changed.", ""]
    lines += ["| Finding | Chapter | Detail | Run |", "| --- | --- | --- | --- |"]
    return lines + [_finding_row(f) for f in findings] + [""]


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _diffs(entries: list[AmendmentEntry]) -> list[str]:
    lines = ["## Changes in detail", ""]
    for entry in entries:
        text = render_text(entry.diff) if entry.diff is not None else ""
        fence = _fence(text)
        name = f"{md_escape(entry.number)} " if entry.number else ""
        lines += [f'### <a id="{entry.anchor}"></a>{name}{md_escape(entry.title)} '
                  f"(first seen {entry.date})", "", f"{fence}text", text.rstrip("\n"), fence, ""]
    return lines


def render_markdown(doc: Amendments, manual_title: str) -> str:
    """The appendix as Markdown, with the audit and the diffs after the tables."""
    lines = [f"# Amendments: {md_escape(manual_title)}", ""]
    if not doc.years:
        lines += ["No amendments have been recorded yet.", ""]
    lines += _tables(doc)
    if doc.audit is not None:
        lines += _audit(doc.audit)
    diffed = diffed_entries(doc)
    if diffed:
        lines += _diffs(diffed)
    return "\n".join(lines)
