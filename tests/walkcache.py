"""Walks of the sample manual made once per test process and copied for each caller.

A walk is seconds of real crawling over three editions; each module that asks for one gets its
own copy of the walked folder (config, database, key file, output), so what one test changes no
other test sees, exactly as if it had walked the editions itself."""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_WALKED: dict[Hashable, tuple[Path, object]] = {}
_ROOT: list[Path] = []


def walked_once(key: Hashable, folder: Path, walk: Callable[[Path], T]) -> T:
    """The first call for `key` walks into a private folder; every call then copies that
    folder's files into `folder` and returns the walk's own result (whose paths name the
    private folder: the caller re-opens what it needs from `folder`)."""
    if key not in _WALKED:
        if not _ROOT:
            _ROOT.append(Path(tempfile.mkdtemp(prefix="manualwatch-walks-")))
            atexit.register(shutil.rmtree, _ROOT[0], True)
        private = Path(tempfile.mkdtemp(dir=_ROOT[0]))
        result = walk(private)
        for db in private.glob("*.db"):
            _checkpoint(db)
        _WALKED[key] = (private, result)
    private, result = _WALKED[key]
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(private, folder, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm", "*.lock"))
    return result  # type: ignore[return-value]


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the database file, so the file alone is the store."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
