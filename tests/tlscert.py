"""A self-signed certificate for 127.0.0.1, made with openssl, for the TLS tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) PEM files; openssl is required (`make test` installs it)."""
    if shutil.which("openssl") is None:
        raise RuntimeError("openssl is required to make the TLS test certificate "
                           "(`make test` installs it)")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key
