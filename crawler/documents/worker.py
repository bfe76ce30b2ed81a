"""The extraction worker: document bytes on stdin, one JSON Extraction on stdout.

Run by crawler.documents.extract.extract_bounded as `python -m crawler.documents.worker KIND`
under CPU and memory limits.
"""

from __future__ import annotations

import dataclasses
import json
import sys

from crawler.documents.extract import extract_text


def main() -> int:
    kind = sys.argv[1]
    result = extract_text(sys.stdin.buffer.read(), kind)
    sys.stdout.write(json.dumps(dataclasses.asdict(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
