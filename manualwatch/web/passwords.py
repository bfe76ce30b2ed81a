"""Reviewer passwords, hashed with Argon2id (argon2-cffi's defaults, RFC 9106: 64 MiB each),
at most SLOTS at once so concurrent sign-ins cannot exhaust memory."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
SLOTS = 2
WAIT_SECONDS = 20.0
MAX_PASSWORD = 1024  # characters; anything longer is wrong without being hashed
_SLOTS = threading.BoundedSemaphore(SLOTS)


class Busy(Exception):
    """No hashing slot came free in time."""


@contextlib.contextmanager
def hashing_slot(wait: float | None = None) -> Iterator[None]:
    """Hold one of the SLOTS hashing slots for the block, or raise Busy after `wait` seconds
    (default WAIT_SECONDS)."""
    if not _SLOTS.acquire(timeout=WAIT_SECONDS if wait is None else wait):
        raise Busy
    try:
        yield
    finally:
        _SLOTS.release()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    if len(password) > MAX_PASSWORD:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)
