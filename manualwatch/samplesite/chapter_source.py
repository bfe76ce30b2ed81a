"""Chapter sources (data/chapters/<slug>.txt): parsing into header fields and body blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from manualwatch.samplesite.contents import DataError, slugify

HEADER_KEYS = ("Title", "Amendment", "Scope", "Related")
# a link in a source line: [text](doc:file-name.pdf) to a linked document,
# [text](chapter:slug) to another page of the manual
LINK = re.compile(r"\[([^\]]+)\]\(((?:doc|chapter):[A-Za-z0-9._-]+)\)")


def plain(text: str) -> str:
    """A source line as readers see it: links reduced to their text."""
    return LINK.sub(r"\1", text)


@dataclass(frozen=True)
class Block:
    """One body block: a heading, paragraph, bullet list or table."""

    kind: str  # "heading" | "para" | "list" | "table"
    text: str = ""  # heading / paragraph text
    level: int = 0  # heading level (2..6)
    items: tuple[str, ...] = ()  # list items
    rows: tuple[tuple[str, ...], ...] = ()  # table rows (first row is the header)

    @property
    def anchor(self) -> str:
        return slugify(self.text)


@dataclass(frozen=True)
class ChapterSource:
    title: str
    amendment: str | None
    scope: tuple[str, ...]
    related: tuple[str, ...]
    body: tuple[Block, ...]

    def contents_entries(self) -> list[Block]:
        """The "## " headings the in-page Contents list links to."""
        return [b for b in self.body if b.kind == "heading" and b.level == 2]


def _split_header(text: str, where: str) -> tuple[dict[str, list[str]], list[str]]:
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise DataError("no '---' line between header and body", where)
    fields: dict[str, list[str]] = {k: [] for k in HEADER_KEYS}
    for line in head.splitlines():
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon or key not in fields:
            raise DataError(f"bad header line {line!r}", where)
        fields[key].append(" ".join(value.split()))
    if len(fields["Title"]) != 1:
        raise DataError("exactly one Title: line expected", where)
    return fields, body.splitlines()


def _heading(line: str) -> Block | None:
    marks, _, text = line.partition(" ")
    if marks and set(marks) == {"#"} and 2 <= len(marks) <= 6 and text.strip():
        return Block("heading", text=" ".join(text.split()), level=len(marks))
    return None


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip().strip("|")
    return tuple(" ".join(cell.split()) for cell in inner.split("|"))


def parse_body(lines: list[str]) -> tuple[Block, ...]:
    """Group body lines into blocks: consecutive bullets -> one list, '|' rows -> one table."""
    blocks: list[Block] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        previous = blocks[-1] if blocks else None
        if line.startswith("- "):
            item = " ".join(line[2:].split())
            if previous is not None and previous.kind == "list":
                blocks[-1] = Block("list", items=(*previous.items, item))
            else:
                blocks.append(Block("list", items=(item,)))
        elif line.startswith("|"):
            if previous is not None and previous.kind == "table":
                blocks[-1] = Block("table", rows=(*previous.rows, _cells(line)))
            else:
                blocks.append(Block("table", rows=(_cells(line),)))
        else:
            blocks.append(_heading(line) or Block("para", text=" ".join(line.split())))
    return tuple(blocks)


def parse_chapter(text: str, where: str = "") -> ChapterSource:
    """Parse one chapter source; raises DataError naming `where` on malformed input."""
    fields, body = _split_header(text.replace("\r\n", "\n"), where)
    blocks = parse_body(body)
    if not blocks:
        raise DataError("empty body", where)
    if any(b.kind == "heading" and b.level == 1 for b in blocks):
        raise DataError("h1 in body", where)
    amendment = fields["Amendment"][0] if fields["Amendment"] else None
    return ChapterSource(
        title=fields["Title"][0],
        amendment=amendment,
        scope=tuple(fields["Scope"]),
        related=tuple(fields["Related"]),
        body=blocks,
    )


def normalised_text(chapter: ChapterSource) -> str:
    """The normalised text of the chapter page, as SAMPLE.md states it (tests, truth checks)."""
    lines: list[str] = []
    if chapter.scope:
        lines += ["## Scope of this chapter", *chapter.scope]
    if chapter.related:
        lines += ["## Related guidance", *(f"- {r}" for r in chapter.related)]
    if chapter.amendment:
        lines += ["## Amendment", chapter.amendment]
    entries = chapter.contents_entries()
    if entries:
        lines += ["## Contents", *(f"- {b.text}" for b in entries)]
    for block in chapter.body:
        if block.kind == "heading":
            lines.append("#" * block.level + " " + block.text)
        elif block.kind == "para":
            lines.append(block.text)
        elif block.kind == "list":
            lines += [f"- {item}" for item in block.items]
        else:
            lines += [" | ".join(row) for row in block.rows]
    return "\n".join(" ".join(plain(line).split()) for line in lines)
