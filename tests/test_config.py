"""Config: every key validated with a one-line error naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from manualwatch.config import SETTINGS, ConfigError, load_config

MANUAL = """
[[manuals]]
name = "norfolk-cs"
title = "Norfolk"
contents_url = "https://norfolkcs.trixonline.co.uk/contents/contents"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MANUAL))
    assert config.delay_seconds == 1.0
    assert config.store_path == tmp_path / "manualwatch.db"
    assert config.manuals[0].name == "norfolk-cs"
    assert config.smtp_security == "none"
    assert (config.documents_enabled, config.documents_max_bytes, config.documents_types) == \
        (True, 20_000_000, ("pdf", "docx", "doc", "odt", "xlsx", "rtf"))


def test_document_settings_are_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[documents]\nenabled = false\nmax_bytes = 4096\n"
                                         "types = ['pdf', 'docx', 'pdf']\n" + MANUAL))
    assert (config.documents_enabled, config.documents_max_bytes, config.documents_types) == \
        (False, 4096, ("pdf", "docx"))


def test_the_shipped_config_points_at_the_real_manual() -> None:
    config = load_config(Path(__file__).parents[1] / "config.toml")
    assert config.manuals[0].contents_url == "https://norfolkcs.trixonline.co.uk/contents/contents"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[crawl]\ndelay_seconds = 'slow'\n" + MANUAL, "[crawl] delay_seconds must be"),
        ("[crawl]\ndelay_seconds = -1\n" + MANUAL, "[crawl] delay_seconds must be >= 0"),
        ("[email]\nsecurity = 'tls'\n" + MANUAL, "[email] security must be one of"),
        ("[email]\nenabled = 'yes'\n" + MANUAL, "[email] enabled must be true or false"),
        ("[crawl]\ndelay = 1\n" + MANUAL, "unknown key [crawl] delay"),
        ("[mail]\nx = 1\n" + MANUAL, "unknown section [mail]"),
        ("[store]\npath = 'x.db'\n", "at least one [[manuals]]"),
        (MANUAL.replace('name = "norfolk-cs"\n', ""), "name is required"),
        (MANUAL.replace("https://", "ftp://"), "contents_url must be an http(s) URL"),
        (MANUAL + MANUAL, "names must be unique"),
        ("[schedule]\ncron = 'nightly'\n" + MANUAL, "[schedule] cron must have 5 fields"),
        ("not toml = = 1", "not valid TOML"),
        ("[documents]\ntypes = ['pdf', 'exe']\n" + MANUAL,
         "[documents] types: unknown type 'exe' (known: pdf, docx, doc, odt, xlsx, rtf)"),
        ("[documents]\ntypes = 'pdf'\n" + MANUAL, "[documents] types must be a list"),
        ("[documents]\ntypes = ['pdf', 3]\n" + MANUAL,
         "[documents] types must be a list of document types"),
        ("[documents]\nmax_bytes = 10\n" + MANUAL, "[documents] max_bytes must be >= 1024"),
        ("[documents]\nenabled = 1\n" + MANUAL, "[documents] enabled must be true or false"),
    ],
    ids=["type", "minimum", "choice", "bool", "unknown-key", "unknown-section", "no-manuals",
         "manual-name", "manual-url", "duplicate-manual", "cron", "toml-syntax",
         "document-type", "document-types-not-list", "document-type-not-text",
         "document-max-bytes", "documents-enabled"],
)
def test_bad_values_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_password_comes_only_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    config = load_config(write(tmp_path, "[email]\npassword_env = 'MW_TEST_PW'\n" + MANUAL))
    monkeypatch.delenv("MW_TEST_PW", raising=False)
    assert config.smtp_password is None
    monkeypatch.setenv("MW_TEST_PW", "s3cret")
    assert config.smtp_password == "s3cret"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`[{setting.section}] {setting.key}`" in readme, setting


def test_the_document_types_config_accepts_are_the_crawlers() -> None:
    from crawler.documents.models import DOCUMENT_TYPES as CRAWLER_TYPES
    from manualwatch.config import DOCUMENT_TYPES

    assert DOCUMENT_TYPES == CRAWLER_TYPES == ("pdf", "docx", "doc", "odt", "xlsx", "rtf")
