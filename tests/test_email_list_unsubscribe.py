"""List-Unsubscribe as RFC 2369 wants it: `<https://…/unsubscribe/TOKEN>, <mailto:…>`, no
encoded words, the mailto part going to `[email] unsubscribe_to` (and absent without it);
checked on the bytes a real SMTP server received, with a header parser."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import compat32, default
from pathlib import Path

import pytest

from manualwatch.samplesite import SampleSite
from store import open_database
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import smtp_server

BASE = "https://review.example.org"
LEAVE = "leave@example.org"
LIST = re.compile(r"^<([^<>\s]+)>(?:,\s*<([^<>\s]+)>)*$")


def _received(folder: Path, extra: str) -> tuple[list[bytes], dict[str, str]]:
    with smtp_server() as box, SampleSite(layout="current", edition=1).start() as site:
        config = write_config(folder, site.contents_url, smtp_port=box.port)
        config.write_text(config.read_text("utf-8").replace(
            'from = "manualwatch@example.org"', 'from = "manualwatch@example.org"' + extra)
            + f'\n[web]\nbase_url = "{BASE}"\n', "utf-8")
        mw = Manualwatch(config)
        assert mw("run").exit_code == 0
        for address in ("all@example.org", "zoë@example.org"):
            assert mw("subscribe", address, "--all").exit_code == 0
        site.set_edition(2)
        assert mw("run").exit_code == 0
        raw = list(box.raw)
    db = open_database(folder / "manualwatch.db")
    tokens = {r[0]: r[1] for r in db.execute("SELECT email, token FROM subscribers")}
    return raw, tokens


def _header(raw: bytes, name: str) -> str:
    """The header as written on the wire, unfolded, without any decoding."""
    value = message_from_bytes(raw, policy=compat32)[name]
    return re.sub(r"\r?\n[ \t]", " ", str(value))


@pytest.mark.parametrize("unsubscribe_to", [LEAVE, None], ids=["with-mailto", "url-only"])
def test_list_unsubscribe_follows_rfc_2369(tmp_path: Path, unsubscribe_to: str | None) -> None:
    extra = f'\nunsubscribe_to = "{unsubscribe_to}"' if unsubscribe_to else ""
    raw, tokens = _received(tmp_path, extra)
    assert len(raw) == 2
    for message in raw:
        to = str(message_from_bytes(message, policy=default)["To"])
        token = tokens[to]
        value = _header(message, "List-Unsubscribe")
        assert "=?" not in value
        match = LIST.match(value)
        assert match, value
        links = re.findall(r"<([^<>]+)>", value)
        wanted = [f"{BASE}/unsubscribe/{token}"]
        if unsubscribe_to:
            wanted.append(f"mailto:{LEAVE}?subject=unsubscribe%20{token}")
        assert links == wanted
        assert _header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
        assert "manualwatch@example.org" not in value
