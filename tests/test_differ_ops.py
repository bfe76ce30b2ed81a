"""The diff model line by line: exact operations and section attribution for typical edits."""

from __future__ import annotations

import pytest

from differ import Line, Op, diff_chapter

TITLE = "Policy Values and Principles"
BASE = """Scope of this chapter.
## 1. Introduction
This policy sets out the framework.
- Children Acts 1989 and 2004;
- Care Standards Act 2000;
## 2. Key Outcomes
We are ambitious for all children.
Everyone who provides a service listens to the child.
## 3. Key Principles
Name | Role | Team
Ann Smith | Manager | Fostering"""

P1, P2 = ("1. Introduction",), ("2. Key Outcomes",)
P3 = ("3. Key Principles",)


def changed(new: str) -> tuple:
    diff = diff_chapter(BASE, new, TITLE)
    lines = tuple((line.kind, line.ops, line.path) for line in diff.lines if line.kind != "equal")
    return lines, (diff.words_added, diff.words_removed), diff.sections


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1
    return BASE.replace(old, new)


E, D, I = "equal", "delete", "insert"  # noqa: E741 - op kinds read as letters

CASES = [
    pytest.param(
        edit("sets out", "lays out"),
        ((("replace", (Op(E, "This policy"), Op(D, "sets"), Op(I, "lays"),
                       Op(E, "out the framework.")), P1),), (1, 1), P1),
        id="one word",
    ),
    pytest.param(
        edit("all children.", "all children. Every child matters."),
        ((("replace", (Op(E, "We are ambitious for all children."),
                       Op(I, "Every child matters.")), P2),), (3, 0), P2),
        id="one sentence",
    ),
    pytest.param(
        edit("## 3.", "A new paragraph here.\n## 3."),
        (((I, (Op(I, "A new paragraph here."),), P2),), (4, 0), P2),
        id="paragraph inserted",
    ),
    pytest.param(
        edit("We are ambitious for all children.\nEveryone who provides a service listens to "
             "the child.", "Everyone who provides a service listens to the child.\nWe are "
             "ambitious for all children."),
        ((("moved", (Op(E, "We are ambitious for all children."),), P2),
          ("move", (Op(E, "We are ambitious for all children."),), P2)), (6, 6), P2),
        id="paragraphs reordered",
    ),
    pytest.param(
        edit("- Care Standards Act 2000;\n", ""),
        (((D, (Op(D, "- Care Standards Act 2000;"),), P1),), (0, 4), P1),
        id="list item removed",
    ),
    pytest.param(
        edit("| Manager |", "| Team Manager |"),
        ((("replace", (Op(E, "Ann Smith |"), Op(I, "Team"), Op(E, "Manager | Fostering")),
           P3),), (1, 0), P3),
        id="table cell changed",
    ),
    pytest.param(
        edit("## 3. Key Principles", "## 4. Key Principles"),
        ((("replace", (Op(E, "##"), Op(D, "3."), Op(I, "4."), Op(E, "Key Principles")),
           ("4. Key Principles",)),), (1, 1), ("3. Key Principles", "4. Key Principles")),
        id="section renumbered",
    ),
    pytest.param(
        "  Scope   of this\tchapter.\n\n" + BASE.split("\n", 1)[1].replace(" | ", "  |  "),
        ((), (0, 0), ()),
        id="whitespace only",
    ),
]


@pytest.mark.parametrize(("new", "expected"), CASES)
def test_operations_and_sections(new: str, expected: tuple) -> None:
    lines, counts, sections = changed(new)
    expected_lines, expected_counts, expected_sections = expected
    assert (counts, sections) == (expected_counts, expected_sections)
    assert lines == expected_lines


def test_table_cell_changed_is_compared_as_a_row() -> None:
    diff = diff_chapter(BASE, edit("| Manager |", "| Team Manager |"), TITLE)
    (line,) = [x for x in diff.lines if x.kind != "equal"]
    assert line.row
    assert line.ops == (Op(E, "Ann Smith |"), Op(I, "Team"), Op(E, "Manager | Fostering"))


def test_completely_rewritten_chapter() -> None:
    new = "## 1. Purpose\nThis chapter is new.\nIt shares no line."
    diff = diff_chapter(BASE, new, TITLE)
    old_words = sum(len([w for w in line.split() if w not in ("##", "-", "|")])
                    for line in BASE.split("\n"))
    # "1." and "This" survive in the minimal word diff; everything else goes
    assert (diff.words_added, diff.words_removed) == (10 - 2, old_words - 2)
    assert diff.sections == (TITLE, "1. Introduction", "1. Purpose", "2. Key Outcomes",
                             "3. Key Principles")
    kinds = [line.kind for line in diff.lines]
    assert "equal" not in kinds and set(kinds) <= {"delete", "insert", "replace"}
    assert all(isinstance(line, Line) for line in diff.lines)
