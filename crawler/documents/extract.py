"""Extracting a document's text, in-process or bounded (a worker process with CPU, memory and
wall-clock limits, so a PDF bomb or a zip-bomb Word file costs seconds, never the run)."""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import zipfile
from dataclasses import dataclass

from crawler.documents.models import DocumentSettings

ZIP_TYPES = ("docx", "odt", "xlsx")
TEXT_TYPES = ("pdf", "docx", "odt")  # others (doc, xlsx, rtf) are compared by their bytes


@dataclass(frozen=True)
class Extraction:
    """Text, or why there is none (`no_text`: compare by bytes), or an `error` (corrupt)."""

    text: str | None = None
    no_text: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class ExtractLimits:
    seconds: float = 20.0
    memory_bytes: int = 768 * 1024 * 1024
    max_unpacked_bytes: int = 200_000_000

    @classmethod
    def of(cls, settings: DocumentSettings) -> ExtractLimits:
        return cls(settings.extract_seconds, settings.extract_memory_bytes,
                   settings.max_unpacked_bytes)


def _unpacked_problem(data: bytes, limit: int) -> Extraction | None:
    """A zip that is not one, or that would unpack to more than `limit` bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        return Extraction(error=f"corrupt file: {exc}")
    if size > limit:
        return Extraction(no_text=f"unpacks to more than {limit} bytes")
    return None


def extract_text(data: bytes, kind: str) -> Extraction:
    """In-process extraction (no limits): for the worker and for trusted input."""
    from crawler.documents.pdf import NoText, pdf_text
    from crawler.documents.word import docx_text, odt_text

    readers = {"pdf": pdf_text, "docx": docx_text, "odt": odt_text}
    if kind not in readers:
        return Extraction(no_text=f"no text is read from .{kind} files")
    try:
        text = readers[kind](data)
    except NoText as exc:
        return Extraction(no_text=str(exc))
    except (MemoryError, RecursionError) as exc:  # a bomb meeting the worker's limits
        return Extraction(no_text=f"extraction ran out of memory ({type(exc).__name__})")
    except Exception as exc:  # noqa: BLE001 - any other reader failure means a corrupt file
        if "memory" in str(exc).lower():  # lxml reports a failed allocation as a parse error
            return Extraction(no_text="extraction ran out of memory")
        return Extraction(error=f"corrupt file: {type(exc).__name__}: {str(exc)[:200]}")
    return Extraction(text=text) if text.strip() else Extraction(no_text="no text")


def _limit(memory_bytes: int, seconds: float):
    def apply() -> None:
        cpu = max(1, int(seconds) + 1)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    return apply


def extract_bounded(data: bytes, kind: str, limits: ExtractLimits | None = None) -> Extraction:
    """Extract in a worker process held to `limits`; a worker that runs out of time or memory
    gives no text (compared by bytes), never a crash of the run."""
    limits = limits or ExtractLimits()
    if kind not in TEXT_TYPES:
        return Extraction(no_text=f"no text is read from .{kind} files")
    if kind in ZIP_TYPES:
        problem = _unpacked_problem(data, limits.max_unpacked_bytes)
        if problem is not None:
            return problem
    try:
        done = subprocess.run(
            [sys.executable, "-m", "crawler.documents.worker", kind], input=data,
            capture_output=True, timeout=limits.seconds,
            preexec_fn=_limit(limits.memory_bytes, limits.seconds))  # noqa: PLW1509
    except subprocess.TimeoutExpired:
        return Extraction(no_text=f"extraction stopped after {limits.seconds:g}s")
    if done.returncode != 0:
        return Extraction(no_text="extraction ran out of memory or time "
                          f"(worker exit {done.returncode})")
    try:
        return Extraction(**json.loads(done.stdout))
    except (ValueError, TypeError):
        return Extraction(no_text="extraction gave no readable answer")
