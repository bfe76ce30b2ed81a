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


SHORT = ('\n[[manuals]]\nname = "m"\ntitle = "M"\n'
         'contents_url = "https://example.org/contents"\n')
TWO = "[[manuals]]\nname='m'\ntitle='M'\ncontents_url='https://e.org/c'\n"
REFUSED = [
    ("crawl = 1", "[crawl] must be a table"),
    ("[crawl]\nconcurrency = 5", "[crawl] concurrency must be between 1 and 4, got 5"),
    ("[crawl]\nconcurrency = 0", "[crawl] concurrency must be >= 1, got 0"),
    ("[guard]\nmin_listed_share = 1.5",
     "[guard] min_listed_share must be a share between 0 and 1, got 1.5"),
    ("[guard]\nmax_changed_share = 2",
     "[guard] max_changed_share must be a share between 0 and 1, got 2"),
    ("[guard]\nmin_kept_share = 1.01",
     "[guard] min_kept_share must be a share between 0 and 1, got 1.01"),
    ("[matching]\nthreshold = 0", "[matching] threshold must be above 0 and at most 1, got 0"),
    ("[matching]\nthreshold = 1.5",
     "[matching] threshold must be above 0 and at most 1, got 1.5"),
    ("[web]\nbase_url = 'ftp://example.org'",
     "[web] base_url must be an http(s) URL, got 'ftp://example.org'"),
    ("[web]\nbase_url = 'https://'", "[web] base_url must be an http(s) URL, got 'https://'"),
    ("[web]\ntrusted_proxies = ['10.0.0.0/24', 'nope']",
     "[web] trusted_proxies: 'nope' is not an address or network (like 10.0.0.5 or"
     " 10.0.0.0/24)"),
    ("[web]\nsession_idle_hours = 10001",
     "[web] session_idle_hours must be a number up to 10000, got 10001.0"),
    ("[web]\nsession_max_days = 20000",
     "[web] session_max_days must be a number up to 10000, got 20000.0"),
    ("[schedule]\ncron = '61 * * * *'",
     "[schedule] cron '61 * * * *': Error validating expression '61': the last value (61) is"
     " higher than the maximum value (59)"),
    ("[schedule]\ncron = '* * * *'", "[schedule] cron must have 5 fields, got '* * * *'"),
    ("[schedule]\ntimezone = 'Mars/Base'", "[schedule] timezone: unknown time zone 'Mars/Base'"),
    ("[crawl]\nretries = true", "[crawl] retries must be a whole number, got True"),
    ("[crawl]\nretries = 1.5", "[crawl] retries must be a whole number, got 1.5"),
    ("[crawl]\ndelay_seconds = 'x'",
     "[crawl] delay_seconds must be a whole number or a number, got 'x'"),
    ("[crawl]\nuser_agent = 3", "[crawl] user_agent must be a string, got 3"),
    ("[crawl]\nextra_hosts = 'x'", "[crawl] extra_hosts must be a list, got 'x'"),
    ("[crawl]\nextra_hosts = ['a', '']", "[crawl] extra_hosts must be a list of host names"),
    ('[crawl]\nextra_hosts = ["a", "b\\tc"]',
     "[crawl] extra_hosts must not contain control characters (a newline, tab or escape),"
     " got 'b\\tc'"),
    ("[email]\nsecurity = 'TLS'", "[email] security must be one of none, starttls, ssl, got 'TLS'"),
    ("[crawl]\ndelay_seconds = nan", "[crawl] delay_seconds must be a finite number, got nan"),
    ("[crawl]\ndelay_seconds = -0.5", "[crawl] delay_seconds must be >= 0, got -0.5"),
    ("[crawl]\ndelay_seconds = 3601", "[crawl] delay_seconds must be <= 3600, got 3601"),
    ("[crawl]\ntimeout_seconds = 0.05", "[crawl] timeout_seconds must be >= 0.1, got 0.05"),
    ("[email]\nsmtp_port = 0", "[email] smtp_port must be >= 1, got 0"),
    ("[email]\nsmtp_port = 65536", "[email] smtp_port must be <= 65535, got 65536"),
    ("[documents]\ntypes = ['pdf', 'exe', 'bat']",
     "[documents] types: unknown type 'exe' (known: pdf, docx, doc, odt, xlsx, rtf)"),
    ("[email]\nfrom = 'nobody'",
     "[email] from must be an email address, got 'nobody': An email address must have an"
     " @-sign."),
    ("[log]\nfile = 'nowhere/mw.log'", "[log] file: directory {dir}/nowhere does not exist"),
]
MANUALS_REFUSED = [
    ("", "at least one [[manuals]] entry is required"),
    ("manuals = 'x'", "at least one [[manuals]] entry is required"),
    ("manuals = ['x']", "[[manuals]] #1 must be a table"),
    (TWO + "extra='1'", "[[manuals]] #1: unknown key extra"),
    ("[[manuals]]\ntitle='M'\ncontents_url='https://e.org/c'",
     "[[manuals]] #1: name is required and must be a non-empty string"),
    ("[[manuals]]\nname='m'\ntitle='  '\ncontents_url='https://e.org/c'",
     "[[manuals]] #1: title is required and must be a non-empty string"),
    ("[[manuals]]\nname='m'\ntitle=3\ncontents_url='https://e.org/c'",
     "[[manuals]] #1: title is required and must be a non-empty string"),
    (TWO + '[[manuals]]\nname="n"\ntitle="N\\u0007"\ncontents_url="https://e.org/d"',
     "[[manuals]] #2: title must not contain control characters, got 'N\\x07'"),
    ("[[manuals]]\nname='Big'\ntitle='M'\ncontents_url='https://e.org/c'",
     "[[manuals]] #1: name 'Big' must be lower-case letters, digits, '-' or '_'"),
    ("[[manuals]]\nname='-m'\ntitle='M'\ncontents_url='https://e.org/c'",
     "[[manuals]] #1: name '-m' must be lower-case letters, digits, '-' or '_'"),
    (TWO + "[[manuals]]\nname='n'\ntitle='N'\ncontents_url='mailto:x'",
     "[[manuals]] n contents_url must be an http(s) URL, got 'mailto:x'"),
    (TWO + "[[manuals]]\nname='m'\ntitle='N'\ncontents_url='https://e.org/d'",
     "[[manuals]] names must be unique, got ['m', 'm']"),
]


@pytest.mark.parametrize(("text", "message"),
                         [(t + "\n" + SHORT, m) for t, m in REFUSED] + MANUALS_REFUSED,
                         ids=[t.replace("\n", " ") or "empty"
                              for t, _ in REFUSED + MANUALS_REFUSED])
def test_each_refusal_in_full(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: " + message.format(dir=tmp_path)


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "latin1.toml").write_bytes(b"title = '\xff'\n")
    for name in ("folder.toml", "latin1.toml"):
        with pytest.raises(ConfigError, match=rf"^{tmp_path / name}: cannot read config file: "):
            load_config(tmp_path / name)
    with pytest.raises(ConfigError, match=rf"^{tmp_path / 'none.toml'}: config file not found$"):
        load_config(tmp_path / "none.toml")
    with pytest.raises(ConfigError, match=r": not valid TOML: Expected '=' after a key"):
        load_config(write(tmp_path, "not toml = = 1"))


def test_values_are_kept_in_the_form_the_program_uses(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    config = load_config(write(tmp_path, (
        "[crawl]\ndelay_seconds = 2\ntimeout_seconds = 5\nextra_hosts = ['a.example.org']\n"
        "[guard]\nmin_listed_share = 1\nmax_changed_share = 0\nmin_kept_share = 1\n"
        "[matching]\nthreshold = 1\n"
        "[web]\ntrusted_proxies = [' 10.0.0.0/24 ', '::1']\nsession_idle_hours = 10000\n"
        "session_max_days = 1\n[log]\nfile = 'logs/mw.log'\n[output]\ndir = 'out'\n")
        + SHORT + TWO.replace("'m'", "'n'").replace("'M'", "'N'")))
    assert (config.delay_seconds, config.timeout_seconds, config.extra_hosts) == (
        2.0, 5.0, ("a.example.org",))
    assert [type(v) for v in (config.delay_seconds, config.timeout_seconds,
                              config.min_listed_share, config.matching_threshold,
                              config.web_session_max_days)] == [float] * 5
    assert (config.min_listed_share, config.max_changed_share, config.min_kept_share,
            config.matching_threshold) == (1.0, 0.0, 1.0, 1.0)
    assert config.web_trusted_proxies == ("10.0.0.0/24", "::1")
    assert (config.web_session_idle_hours, config.web_session_max_days) == (10000.0, 1.0)
    assert (config.log_file, config.output_dir) == (tmp_path / "logs" / "mw.log",
                                                    tmp_path / "out")
    assert load_config(write(tmp_path, SHORT)).log_file is None
    assert (config.manual("m").title, config.manual("n").title) == ("M", "N")
    with pytest.raises(ConfigError) as caught:
        config.manual("x")
    assert str(caught.value) == (f"{tmp_path / 'config.toml'}: no manual named 'x'"
                                 " (configured: m, n)")
