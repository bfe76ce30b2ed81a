"""The changed sentences of a chapter diff, as an email shows them: short, marked, in order.

A replaced line is cut to the sentences that hold an insertion or a deletion (the others
become an ellipsis); a line added or removed whole is shown whole, up to a word limit.
Heading markers ('##') and list markers ('-') are left out: people read text, not markup; a
table row keeps '|' between its cells. A heading added or removed together with the text
under it is not a passage of its own: its passages name it as their heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from differ.models import ChapterDiff, Line, Op

MAX_PASSAGES = 4  # changed lines shown per chapter; the rest are counted
MAX_WORDS = 60  # words shown per passage; a longer one is cut with an ellipsis
_SENTENCE_END = re.compile(r"[.!?:;][\"'’”)\]]*$")
_MARKER = re.compile(r"^(#+|-)$")


@dataclass(frozen=True)
class Piece:
    """A run of words that is kept ("equal"), added ("insert") or removed ("delete")."""

    kind: str
    text: str


@dataclass(frozen=True)
class Passage:
    """One changed line: its pieces, the heading it sits under, and how it changed."""

    kind: str  # insert | delete | replace
    heading: str
    pieces: tuple[Piece, ...]
    cut_before: bool = False  # text was left out before the first piece
    cut_after: bool = False


@dataclass(frozen=True)
class Excerpt:
    passages: tuple[Passage, ...]
    more: int  # changed lines not shown


def excerpt(diff: ChapterDiff, max_passages: int = MAX_PASSAGES,
            max_words: int = MAX_WORDS) -> Excerpt:
    """The first `max_passages` changed lines of `diff`, each cut to its changed sentences."""
    passages = []
    total = 0
    for kind, heading, ops in _changed_lines(diff):
        total += 1
        if len(passages) < max_passages:
            passage = _passage(kind, heading, ops, max_words)
            if passage.pieces:
                passages.append(passage)
            else:
                total -= 1
    return Excerpt(tuple(passages), total - len(passages))


def _changed_lines(diff: ChapterDiff) -> Iterator[tuple[str, str, tuple[Op, ...]]]:
    """Inserted, deleted and replaced lines; moved paragraphs kept their words, so not shown;
    a heading that came or went with the lines under it is their heading, not a line."""
    changed = [line for line in diff.lines if line.kind in ("insert", "delete", "replace")]
    for k, line in enumerate(changed):
        if _heads_its_section(line, changed[k + 1:k + 2]):
            continue
        yield line.kind, line.path[-1] if line.path else "", line.ops


def _heads_its_section(line: Line, following: Sequence[Line]) -> bool:
    """True for an added (removed) heading whose next changed line is added (removed) under
    it."""
    if line.kind not in ("insert", "delete") or not following:
        return False
    text = line.new_text() if line.kind == "insert" else line.old_text()
    first, _, heading = (text or "").partition(" ")
    nxt = following[0]
    return (first.startswith("#") and _MARKER.match(first) is not None
            and nxt.kind == line.kind and bool(nxt.path) and nxt.path[-1] == heading)


def _words(ops: Sequence[Op]) -> list[tuple[str, str]]:
    return [(op.kind, word) for op in ops for word in op.text.split()
            if not _MARKER.match(word)]


def _sentences(words: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = [[]]
    for kind, word in words:
        sentences[-1].append((kind, word))
        if kind != "delete" and _SENTENCE_END.search(word):
            sentences.append([])
    return [s for s in sentences if s]


def _passage(kind: str, heading: str, ops: tuple[Op, ...], max_words: int) -> Passage:
    words = _words(ops)
    cut_before = cut_after = False
    if kind == "replace":
        sentences = _sentences(words)
        changed = [i for i, s in enumerate(sentences) if any(k != "equal" for k, _ in s)]
        if changed:
            first, last = changed[0], changed[-1]
            cut_before, cut_after = first > 0, last < len(sentences) - 1
            words = [w for s in sentences[first:last + 1] for w in s]
    if len(words) > max_words:
        start = _window(words, max_words)
        cut_before = cut_before or start > 0
        cut_after = cut_after or start + max_words < len(words)
        words = words[start:start + max_words]
    return Passage(kind, heading, _pieces(words), cut_before, cut_after)


def _window(words: list[tuple[str, str]], limit: int) -> int:
    """Where a `limit`-word window starts that shows the first change with some context."""
    first = next((i for i, (k, _) in enumerate(words) if k != "equal"), 0)
    return max(0, min(first - limit // 4, len(words) - limit))


def _pieces(words: list[tuple[str, str]]) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    for kind, word in words:
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(kind, pieces[-1].text + " " + word)
        else:
            pieces.append(Piece(kind, word))
    return tuple(pieces)


def excerpt_text(passage: Passage) -> str:
    """A passage in plain text: removed words as [-...-], added ones as {+...+}."""
    marks = {"equal": ("", ""), "delete": ("[-", "-]"), "insert": ("{+", "+}")}
    if passage.kind != "replace":
        marks = {k: ("", "") for k in marks}
    body = " ".join(marks[p.kind][0] + p.text + marks[p.kind][1] for p in passage.pieces)
    label = {"insert": "Added: ", "delete": "Removed: "}.get(passage.kind, "")
    return (label + ("… " if passage.cut_before else "") + body
            + (" …" if passage.cut_after else ""))
