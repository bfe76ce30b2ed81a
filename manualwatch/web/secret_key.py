"""The key that signs the review app's session cookies, kept out of the database: from the
environment variable `[web] secret_key_env` names, else a key file beside the database
(``<database>.key``), made on first use with mode 0600. Replacing the key signs everyone out
and changes nothing else."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from manualwatch.config import Config

MIN_LENGTH = 32


class SecretKeyError(Exception):
    """The key is configured but missing, or its file cannot be made or read."""


def key_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".key")


def secret_key(config: Config, db_path: Path) -> str:
    """The signing key (see the module docstring)."""
    if config.web_secret_key_env:
        value = os.environ.get(config.web_secret_key_env, "").strip()
        if len(value) < MIN_LENGTH:
            raise SecretKeyError(
                f"[web] secret_key_env: the environment variable {config.web_secret_key_env}"
                f" must hold a key of at least {MIN_LENGTH} characters"
                f" ({'it is not set' if not value else f'it has {len(value)}'})")
        return value
    return _from_file(key_file(db_path))


def _from_file(path: Path) -> str:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    except OSError as exc:
        raise SecretKeyError(f"cannot create the key file {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(48) + "\n")
    return _read(path)


def _read(path: Path) -> str:
    try:
        value = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretKeyError(f"cannot read the key file {path}: {exc}") from None
    if len(value) < MIN_LENGTH:
        raise SecretKeyError(f"the key file {path} holds no usable key (delete it to make a"
                             " new one; everyone will be signed out)")
    return value
