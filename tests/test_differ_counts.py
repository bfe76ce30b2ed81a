"""Word counts of diff_chapter: the minimal word-level edit, markers and whitespace not words."""

from __future__ import annotations

import random

import pytest

from differ import count_words, diff_chapter
from tests.reference import lcs_length

BASE = """Intro paragraph before any heading.
## 1. Introduction
This policy sets out the framework within which Children's Services work.
- Children Acts 1989 and 2004;
- Care Standards Act 2000;
- Human Rights Act 1998;
## 2. Key Outcomes
Short moved paragraph.
We are ambitious for all of Norfolk's children and young people in every district.
Name | Role | Team"""


def edited(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


CASES = [
    pytest.param(edited("Services work.", "Services operate."), 1, 1, id="one word changed"),
    pytest.param(
        edited("Services work.", "Services work. It applies to all staff."),
        5,
        0,
        id="sentence inserted",
    ),
    pytest.param(edited("- Care Standards Act 2000;\n", ""), 0, 4, id="bullet deleted"),
    pytest.param(
        edited(
            "Short moved paragraph.\nWe are ambitious for all of Norfolk's children and young "
            "people in every district.",
            "We are ambitious for all of Norfolk's children and young people in every "
            "district.\nShort moved paragraph.",
        ),
        3,
        3,
        id="paragraph moved",
    ),
    pytest.param(edited("## 2. Key Outcomes", "## 2. Core Outcomes"), 1, 1, id="heading renamed"),
    pytest.param(
        "  Intro   paragraph before\tany heading.\n\n"
        + BASE.split("\n", 1)[1].replace("Name | Role | Team", "Name  |  Role |   Team  \n   "),
        0,
        0,
        id="whitespace-only",
    ),
    pytest.param(BASE, 0, 0, id="identical"),
    pytest.param(
        edited("Short moved paragraph.", "Short moved\nparagraph."), 0, 0, id="paragraph split"
    ),
    pytest.param(
        edited("- Human Rights Act 1998;", "Human Rights Act 1998;"),
        0,
        0,
        id="bullet made paragraph",
    ),
    pytest.param(edited("Name | Role | Team", "Name | Team"), 0, 1, id="table cell removed"),
    pytest.param(
        edited("in every district.", "in every district and county. Really."),
        4,
        1,
        id="words replaced and added",
    ),
]


@pytest.mark.parametrize(("new", "added", "removed"), CASES)
def test_counts(new: str, added: int, removed: int) -> None:
    diff = diff_chapter(BASE, new, "Policy Values")
    assert (diff.words_added, diff.words_removed) == (added, removed)
    assert diff.exact


@pytest.mark.parametrize("new", [BASE, BASE.replace("\n", "\n\n  ")], ids=["identical", "spaced"])
def test_no_change_has_no_sections(new: str) -> None:
    diff = diff_chapter(BASE, new, "Policy Values")
    assert not diff.changed
    assert diff.sections == () and diff.section_paths == ()
    assert all(line.kind == "equal" for line in diff.lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("## 3. Key Principles", 3, id="heading marker"),
        pytest.param("- Care Standards Act 2000;", 4, id="bullet marker"),
        pytest.param("Name | Role | Team", 3, id="cell separators"),
        pytest.param("#1 priority - a b|c ###", 4, id="marker-like words count"),
        pytest.param("", 0, id="empty"),
    ],
)
def test_count_words(text: str, expected: int) -> None:
    assert count_words(text) == expected


@pytest.mark.parametrize("seed", range(8))
def test_counts_are_the_minimal_word_edit(seed: int) -> None:
    rng = random.Random(seed)
    vocab = ["care", "child", "plan", "review", "the", "of", "## 2.", "-"]

    def text() -> str:
        return "\n".join(" ".join(rng.choices(vocab, k=rng.randint(3, 12))) for _ in range(6))

    old, new = text(), text()
    assert not set(old.split("\n")) & set(new.split("\n")), "one changed block wanted"
    a = [w for w in old.split() if w not in ("##", "-")]
    b = [w for w in new.split() if w not in ("##", "-")]
    common = lcs_length(a, b)
    diff = diff_chapter(old, new, "T")
    assert (diff.words_added, diff.words_removed) == (len(b) - common, len(a) - common)


def _paragraph(n: int) -> str:
    return " ".join(f"p{n}w{k}" for k in range(100))


def test_big_changed_block_gets_exact_counts() -> None:
    # 40 adjacent paragraphs (8,000 words in one block), one word changed in each.
    old = "\n".join(_paragraph(n) for n in range(40))
    new = "\n".join(_paragraph(n).replace("w50 ", "w50x ") for n in range(40))
    diff = diff_chapter(old, new, "T")
    assert (diff.words_added, diff.words_removed) == (40, 40)
    assert diff.exact  # the whole text fits one exact table


def test_big_dissimilar_block_counts_whole_lines() -> None:
    old = "\n".join(_paragraph(n) for n in range(30))
    new = "\n".join(_paragraph(n) for n in range(100, 131))
    diff = diff_chapter(old, new, "T")
    assert (diff.words_added, diff.words_removed) == (3100, 3000)


def test_texts_too_big_for_one_table_fall_back_to_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # the limit is lowered so a small text takes the path of a very long chapter
    monkeypatch.setattr("differ.lcs.CELL_LIMIT", 100 * 100)
    old = "\n".join(_paragraph(n) for n in range(3))
    new = "\n".join(_paragraph(n).replace("w50 ", "w50x ") for n in range(3))
    diff = diff_chapter(old, new, "T")
    assert (diff.words_added, diff.words_removed) == (3, 3)
    assert not diff.exact  # counted line pair by line pair, not one minimal diff
