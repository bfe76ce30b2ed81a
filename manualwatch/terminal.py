"""Text for a terminal: control characters and bidirectional overrides escaped, never raw.

Text from the web is cleaned when it is crawled (crawler.clean), but a terminal must not
trust anything stored: an ESC or OSC sequence, a BEL, a right-to-left override or a newline
inside a reviewer's note would otherwise act on the reader's terminal or forge a line.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FIELD = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")  # one value: newlines and tabs too
_OUTPUT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")  # whole output: keeps \n and \t
_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")  # what json.dumps(ensure_ascii=False) leaves raw


def _code(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    if char == "\r":
        return "\\r"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def escape_field(text: object) -> str:
    """One stored value (a note, a name, a title) for a single line: every control character,
    newline included, and every bidi control shown as an escape like \\x1b or \\u202e."""
    return _FIELD.sub(_code, str(text))


def escape_output(text: str) -> str:
    """Lines about to be printed: controls other than newline and tab escaped."""
    return _OUTPUT.sub(_code, text)


def escape_json(text: str) -> str:
    """A JSON document printed with ensure_ascii=False: the C1 and bidi controls it leaves raw
    become \\uXXXX escapes (they only ever stand inside strings, so the JSON is unchanged)."""
    return _JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str, limit: int = 500) -> str:
    """An error message for one line: whitespace runs collapsed, controls escaped, capped."""
    line = escape_field(" ".join(str(text).split()))
    return line if len(line) <= limit else line[:limit - 1] + "…"
