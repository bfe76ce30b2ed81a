"""The one plain-English summary of an updated chapter, for every reader (appendix, digest,
review pages, terminal): which sections were added, removed or updated, and what made the
change matter, as sentences.

"Section 6, Panel Minutes, was added. Section 3, Key Principles, was updated (+37 words).
A time limit was added: within 5 working days. The date changed from August 2020 to
September 2026."
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from differ.models import ChapterDiff, Finding, Line, Significance
from differ.shapes import HEADING, shape_of
from differ.wording import _listed, and_join, count_phrase, section_label

ADDED, REMOVED, UPDATED = "added", "removed", "updated"
_PLURAL = {"duty word": "duty words", "time limit": "time limits", "date": "dates",
           "number": "numbers"}


def _heading_text(line: Line) -> str | None:
    shape = shape_of(line)
    if shape.kind != HEADING:
        return None
    return " ".join(op.text for op in shape.ops)


def section_states(diff: ChapterDiff) -> dict[str, str]:
    """Each changed section's fate: "added" (its heading and all under it are new),
    "removed" (heading and all under it are gone) or "updated"."""
    states = {}
    for section in diff.sections:
        inside = [line for line in diff.lines if section in line.path]
        heads = [line for line in inside if _heading_text(line) == section]
        for kind, state in (("insert", ADDED), ("delete", REMOVED)):
            if heads and all(line.kind == kind for line in inside):
                states[section] = state
                break
        else:
            states[section] = UPDATED
    return states


def _subject(labels: list[str]) -> str:
    subject = and_join(_listed(labels))
    return subject[0].upper() + subject[1:]


def _verb(labels: list[str]) -> str:
    return "was" if len(labels) == 1 else "were"


def changed_sentence(sections: Sequence[str], added: int, removed: int,
                     titles: Iterable[str] = (), states: Mapping[str, str] | None = None
                     ) -> str:
    """'Section 6, Panel Minutes, was added. Section 3, Key Principles, was updated
    (+37 words).' Sections without a state are updated; the counts go with the updates (or
    with the last sentence when nothing was updated in place)."""
    titles = tuple(titles)
    states = states or {}
    grouped: dict[str, list[str]] = {ADDED: [], REMOVED: [], UPDATED: []}
    for section in dict.fromkeys(sections):
        label = section_label(section, titles)
        if label not in grouped[states.get(section, UPDATED)]:
            grouped[states.get(section, UPDATED)].append(label)
    counts = count_phrase(added, removed)
    parts = [f"{_subject(labels)} {_verb(labels)} {state}" for state, labels in grouped.items()
             if labels]
    if not parts:
        parts = ["The chapter's text was updated"]
    if counts and (grouped[UPDATED] or not any(grouped.values())):
        parts[-1] += f" ({counts})"
    return ". ".join(parts) + "."


def _phrases(finding: Finding, side: tuple[str, ...]) -> str:
    shown = [f"\u201c{p}\u201d" if finding.kind == "duty word" else p for p in side]
    return and_join(shown)


def finding_sentence(finding: Finding) -> str:
    """'A time limit was added: within 5 working days.', 'The date changed from August 2020
    to September 2026.', 'A duty word was removed: “should”.'"""
    removed, added = finding.removed, finding.added
    many = len(removed) > 1 or len(added) > 1
    noun = _PLURAL[finding.kind] if many else finding.kind
    if removed and added:
        return (f"The {noun} changed from {_phrases(finding, removed)} to "
                f"{_phrases(finding, added)}.")
    side, verb = (added, "added") if added else (removed, "removed")
    if many:
        return f"{noun[0].upper()}{noun[1:]} were {verb}: {_phrases(finding, side)}."
    return f"A {noun} was {verb}: {_phrases(finding, side)}."


def significance_sentences(significance: Significance) -> str:
    """What makes the change matter, in sentences; '' for an ordinary change."""
    if significance.level == "minor":
        return "Only punctuation or capital letters changed."
    if significance.level != "substantive":
        return ""
    order = {kind: k for k, kind in enumerate(("time limit", "date", "duty word", "number"))}
    found = sorted(significance.findings, key=lambda f: order[f.kind])
    return " ".join(finding_sentence(f) for f in found)


def plain_summary(diff: ChapterDiff, title: str = "", titles: Iterable[str] = ()) -> str:
    """The whole summary of a diff: what happened to which sections, then why it matters."""
    names = tuple(titles) or ((title,) if title else ())
    sentence = changed_sentence(diff.sections, diff.words_added, diff.words_removed, names,
                                section_states(diff))
    more = significance_sentences(diff.significance)
    return sentence + (f" {more}" if more else "")
