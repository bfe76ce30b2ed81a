"""Configuration: TOML parsed once, at the edge, into frozen dataclasses.

Every key is declared once in SETTINGS with its type, default and help; `load_config` checks
each key and raises ConfigError naming the file, the key and what was wrong.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from email_validator import EmailNotValidError, validate_email

from manualwatch import __version__
from manualwatch.ops.schedule_time import check_cron

# the document types `[documents] types` may name; the crawler's own default is the same tuple
# (tests/test_config.py holds them equal): importing the crawler here would load lxml for
# every command, `status` and `--help` included
DOCUMENT_TYPES = ("pdf", "docx", "doc", "odt", "xlsx", "rtf")

DEFAULT_USER_AGENT = f"manualwatch/{__version__} (+https://github.com/manualwatch/manualwatch)"


class ConfigError(Exception):
    """The configuration file is missing, unreadable or holds a bad value."""


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    kind: type | tuple[type, ...]
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "path", str, "manualwatch.db", "SQLite file; created on first use"),
    Setting("crawl", "delay_seconds", (int, float), 1.0,
            "politeness delay between requests to one host", minimum=0, maximum=3600),
    Setting("crawl", "timeout_seconds", (int, float), 30.0, "connect and read timeout",
            minimum=0.1, maximum=3600),
    Setting("crawl", "user_agent", str, DEFAULT_USER_AGENT, "User-Agent sent with every request"),
    Setting("crawl", "retries", int, 3, "retries on connection errors, timeouts, 429 and 5xx",
            minimum=0),
    Setting("crawl", "max_bytes", int, 10_000_000, "largest page body accepted", minimum=1024),
    Setting("crawl", "concurrency", int, 1,
            "pages fetched at once (1-4); the per-host delay still holds", minimum=1),
    Setting("guard", "min_listed_share", (int, float), 0.5,
            "quarantine a run whose contents lists less than this share of known chapters",
            minimum=0),
    Setting("guard", "max_changed_share", (int, float), 0.3,
            "quarantine a run that changes more than this share of chapters", minimum=0),
    Setting("guard", "min_kept_share", (int, float), 0.25,
            "quarantine a run in which a chapter of 150+ words keeps less than this share",
            minimum=0),
    Setting("crawl", "extra_hosts", list, [],
            "hosts besides the contents page's that may be fetched"),
    Setting("email", "enabled", bool, True, "send digests by SMTP after each run"),
    Setting("email", "smtp_host", str, "localhost", "SMTP server"),
    Setting("email", "smtp_port", int, 25, "SMTP port", minimum=1, maximum=65535),
    Setting("email", "security", str, "none", "none | starttls | ssl",
            choices=("none", "starttls", "ssl")),
    Setting("email", "username", str, "", "SMTP user name (optional)"),
    Setting("email", "password_env", str, "MANUALWATCH_SMTP_PASSWORD",
            "name of the environment variable holding the SMTP password"),
    Setting("email", "from", str, "manualwatch@example.org", "sender address of digests"),
    Setting("email", "unsubscribe_to", str, "",
            "address that reads unsubscribe requests, offered as the mailto part of "
            "List-Unsubscribe (empty: the one-click link only)"),
    Setting("email", "admin", str, "",
            "address alerted when a run fails or is quarantined (empty: no alerts)"),
    Setting("web", "base_url", str, "http://127.0.0.1:8000",
            "where `serve` is reachable; links in emails and feeds point here"),
    Setting("web", "trusted_user_header", str, "",
            "request header naming the signed-in reviewer, set by a trusted reverse proxy"
            " (empty: reviewers sign in with a password)"),
    Setting("web", "trusted_proxies", list, ["127.0.0.1", "::1"],
            "addresses or networks (CIDR) of the reverse proxies whose trusted_user_header and"
            " X-Forwarded-For are believed"),
    Setting("web", "secret_key_env", str, "",
            "environment variable holding the key that signs session cookies (empty: a key"
            " file beside the database, made on first use, readable by its owner only)"),
    Setting("web", "session_idle_hours", (int, float), 12,
            "a reviewer's session ends after this many hours unused", minimum=0.01),
    Setting("web", "session_max_days", (int, float), 7,
            "a reviewer's session ends this many days after sign-in, used or not",
            minimum=0.01),
    Setting("output", "dir", str, "output",
            "folder where `run` writes each manual's amendments appendix (HTML and Markdown)"),
    Setting("schedule", "cron", str, "0 2 * * *",
            "when `schedule` runs (crontab, in [schedule] timezone)"),
    Setting("schedule", "timezone", str, "Europe/London", "time zone the cron line is read in"),
    Setting("schedule", "jitter_seconds", int, 0,
            "start up to this many seconds after the cron time, at random", minimum=0),
    Setting("schedule", "misfire_grace_seconds", int, 3600,
            "a run missed (machine asleep or busy) still starts if this late", minimum=1),
    Setting("log", "file", str, "", "also write log lines to this file (empty: stderr only)"),
    Setting("log", "level", str, "info", "debug | info | warning | error",
            choices=("debug", "info", "warning", "error")),
    Setting("audit", "date_tolerance_days", int, 7,
            "days a publisher's date may lie outside the window in which a change appeared",
            minimum=0),
    Setting("matching", "threshold", (int, float), 0.5,
            "least word-shingle similarity (0-1] for a chapter of another manual to be a"
            " chapter's counterpart", minimum=0),
    Setting("documents", "enabled", bool, True,
            "track the forms and files chapters link (PDF, Word, ...) after the chapters"),
    Setting("documents", "max_bytes", int, 20_000_000,
            "largest document read; a larger one is skipped until its validators change",
            minimum=1024),
    Setting("documents", "types", list, list(DOCUMENT_TYPES),
            "document types tracked, by extension: " + ", ".join(DOCUMENT_TYPES)),
)
MANUAL_KEYS = {"name": "short name used on the command line", "title": "the manual's title",
               "contents_url": "URL of the manual's contents page"}
OPTIONAL_MANUAL_KEYS = {"resources_url": "URL of the manual's documents library page (tri.x"
                        " 'Local Resources'): every document it lists is tracked"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ADDRESSES = (("email", "from", "email_from"), ("email", "admin", "email_admin"),
             ("email", "unsubscribe_to", "email_unsubscribe_to"))


@dataclass(frozen=True)
class ManualConfig:
    name: str
    title: str
    contents_url: str
    resources_url: str | None = None


@dataclass(frozen=True)
class Config:
    path: Path
    store_path: Path
    delay_seconds: float
    timeout_seconds: float
    user_agent: str
    retries: int
    max_bytes: int
    concurrency: int
    min_listed_share: float
    max_changed_share: float
    min_kept_share: float
    extra_hosts: tuple[str, ...]
    email_enabled: bool
    smtp_host: str
    smtp_port: int
    smtp_security: str
    smtp_username: str
    smtp_password_env: str
    email_from: str
    web_base_url: str
    output_dir: Path
    schedule_cron: str
    manuals: tuple[ManualConfig, ...]
    email_admin: str = ""
    email_unsubscribe_to: str = ""
    schedule_timezone: str = "Europe/London"
    schedule_jitter_seconds: int = 0
    schedule_misfire_grace_seconds: int = 3600
    log_file: Path | None = None
    log_level: str = "info"
    audit_date_tolerance_days: int = 7
    web_trusted_user_header: str = ""
    matching_threshold: float = 0.5
    documents_enabled: bool = True
    documents_max_bytes: int = 20_000_000
    documents_types: tuple[str, ...] = DOCUMENT_TYPES
    web_trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    web_secret_key_env: str = ""
    web_session_idle_hours: float = 12.0
    web_session_max_days: float = 7.0

    def manual(self, name: str) -> ManualConfig:
        for manual in self.manuals:
            if manual.name == name:
                return manual
        known = ", ".join(m.name for m in self.manuals)
        raise ConfigError(f"{self.path}: no manual named {name!r} (configured: {known})")

    @property
    def smtp_password(self) -> str | None:
        return os.environ.get(self.smtp_password_env) or None


_FIELD = {("store", "path"): "store_path", ("email", "enabled"): "email_enabled",
          ("email", "security"): "smtp_security", ("email", "username"): "smtp_username",
          ("email", "password_env"): "smtp_password_env", ("email", "from"): "email_from",
          ("email", "admin"): "email_admin",
          ("email", "unsubscribe_to"): "email_unsubscribe_to",
          ("web", "base_url"): "web_base_url",
          ("web", "trusted_user_header"): "web_trusted_user_header",
          ("web", "trusted_proxies"): "web_trusted_proxies",
          ("web", "secret_key_env"): "web_secret_key_env",
          ("web", "session_idle_hours"): "web_session_idle_hours",
          ("web", "session_max_days"): "web_session_max_days",
          ("output", "dir"): "output_dir",
          ("schedule", "cron"): "schedule_cron", ("schedule", "timezone"): "schedule_timezone",
          ("schedule", "jitter_seconds"): "schedule_jitter_seconds",
          ("schedule", "misfire_grace_seconds"): "schedule_misfire_grace_seconds",
          ("log", "file"): "log_file", ("log", "level"): "log_level",
          ("audit", "date_tolerance_days"): "audit_date_tolerance_days",
          ("matching", "threshold"): "matching_threshold",
          ("documents", "enabled"): "documents_enabled",
          ("documents", "max_bytes"): "documents_max_bytes",
          ("documents", "types"): "documents_types"}


def _field_name(setting: Setting) -> str:
    return _FIELD.get((setting.section, setting.key), setting.key)


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a TOML config file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    known_sections = {s.section for s in SETTINGS} | {"manuals"}
    for section in raw:
        if section not in known_sections:
            raise ConfigError(f"{path}: unknown section [{section}]")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        table = raw.get(setting.section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{setting.section}] must be a table")
        value = table.get(setting.key, setting.default)
        values[_field_name(setting)] = _check(path, setting, value)
    for section in {s.section for s in SETTINGS}:
        declared = {s.key for s in SETTINGS if s.section == section}
        for key in raw.get(section, {}):
            if key not in declared:
                raise ConfigError(f"{path}: unknown key [{section}] {key}")
    base = path.parent
    values["store_path"] = base / values["store_path"]
    values["output_dir"] = base / values["output_dir"]
    values["extra_hosts"] = tuple(values["extra_hosts"])
    values["documents_types"] = _document_types(path, values["documents_types"])
    values["delay_seconds"] = float(values["delay_seconds"])
    values["timeout_seconds"] = float(values["timeout_seconds"])
    if values["concurrency"] > 4:
        raise ConfigError(f"{path}: [crawl] concurrency must be between 1 and 4, "
                          f"got {values['concurrency']}")
    for key in ("min_listed_share", "max_changed_share", "min_kept_share"):
        values[key] = float(values[key])
        if values[key] > 1:
            raise ConfigError(f"{path}: [guard] {key} must be a share between 0 and 1, "
                              f"got {values[key]:g}")
    values["matching_threshold"] = float(values["matching_threshold"])
    if not 0 < values["matching_threshold"] <= 1:
        raise ConfigError(f"{path}: [matching] threshold must be above 0 and at most 1, "
                          f"got {values['matching_threshold']:g}")
    _check_url(path, "[web] base_url", values["web_base_url"])
    values["web_trusted_proxies"] = _check_networks(path, values["web_trusted_proxies"])
    for key in ("web_session_idle_hours", "web_session_max_days"):
        values[key] = float(values[key])
        if not math.isfinite(values[key]) or values[key] > 10_000:
            raise ConfigError(f"{path}: [web] {key[4:]} must be a number up to 10000, "
                              f"got {values[key]!r}")
    _check_cron(path, values["schedule_cron"])
    _check_timezone(path, values["schedule_timezone"])
    values["log_file"] = base / values["log_file"] if values["log_file"] else None
    if values["log_file"] is not None and not values["log_file"].parent.is_dir():
        raise ConfigError(f"{path}: [log] file: directory {values['log_file'].parent} does not "
                          "exist")
    for section, key, name in ADDRESSES:
        if values[name] or key == "from":
            values[name] = _check_address(path, f"[{section}] {key}", values[name])
    return Config(path=path, manuals=_manuals(path, raw.get("manuals", [])), **values)


def _check(path: Path, setting: Setting, value: Any) -> Any:
    where = f"{path}: [{setting.section}] {setting.key}"
    kinds = setting.kind if isinstance(setting.kind, tuple) else (setting.kind,)
    if isinstance(value, bool) and bool not in kinds:
        raise ConfigError(f"{where} must be {_kind_name(kinds)}, got {value!r}")
    if not isinstance(value, kinds):
        raise ConfigError(f"{where} must be {_kind_name(kinds)}, got {value!r}")
    if setting.choices and value not in setting.choices:
        raise ConfigError(f"{where} must be one of {', '.join(setting.choices)}, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{where} must be a finite number, got {value!r}")
    if setting.minimum is not None and value < setting.minimum:
        raise ConfigError(f"{where} must be >= {setting.minimum:g}, got {value!r}")
    if setting.maximum is not None and value > setting.maximum:
        raise ConfigError(f"{where} must be <= {setting.maximum:g}, got {value!r}")
    for text in value if isinstance(value, list) else [value]:
        if isinstance(text, str) and _CONTROL.search(text):
            raise ConfigError(f"{where} must not contain control characters "
                              f"(a newline, tab or escape), got {text!r}")
    if isinstance(value, list) and not all(isinstance(v, str) and v for v in value):
        what = "document types" if setting.key == "types" else "host names"
        raise ConfigError(f"{where} must be a list of {what}")
    return value


def _document_types(path: Path, types: list[str]) -> tuple[str, ...]:
    unknown = [t for t in types if t not in DOCUMENT_TYPES]
    if unknown:
        raise ConfigError(f"{path}: [documents] types: unknown type {unknown[0]!r} "
                          f"(known: {', '.join(DOCUMENT_TYPES)})")
    return tuple(dict.fromkeys(types))


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {bool: "true or false", int: "a whole number", float: "a number", str: "a string",
             list: "a list"}
    return " or ".join(dict.fromkeys(names[k] for k in kinds))


def _check_url(path: Path, where: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{path}: {where} must be an http(s) URL, got {url!r}")


def _check_address(path: Path, where: str, address: str) -> str:
    """A single mailbox address, trimmed and checked for syntax only (no DNS)."""
    try:
        valid = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ConfigError(f"{path}: {where} must be an email address, got {address!r}: "
                          f"{exc}") from None
    return valid.ascii_email or valid.normalized


def _check_networks(path: Path, entries: list[str]) -> tuple[str, ...]:
    for entry in entries:
        try:
            ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            raise ConfigError(f"{path}: [web] trusted_proxies: {entry!r} is not an address"
                              " or network (like 10.0.0.5 or 10.0.0.0/24)") from None
    return tuple(entry.strip() for entry in entries)


def _check_cron(path: Path, cron: str) -> None:
    if len(cron.split()) != 5:
        raise ConfigError(f"{path}: [schedule] cron must have 5 fields, got {cron!r}")
    try:
        check_cron(cron)
    except ValueError as exc:
        raise ConfigError(f"{path}: [schedule] cron {cron!r}: {exc}") from None


def _check_timezone(path: Path, name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: [schedule] timezone: unknown time zone {name!r}") from None


def _manuals(path: Path, entries: Any) -> tuple[ManualConfig, ...]:
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: at least one [[manuals]] entry is required")
    manuals: list[ManualConfig] = []
    for i, entry in enumerate(entries, 1):
        where = f"{path}: [[manuals]] #{i}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} must be a table")
        for key in entry:
            if key not in MANUAL_KEYS and key not in OPTIONAL_MANUAL_KEYS:
                raise ConfigError(f"{where}: unknown key {key}")
        for key in MANUAL_KEYS:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ConfigError(f"{where}: {key} is required and must be a non-empty string")
        for key in MANUAL_KEYS:
            if _CONTROL.search(entry[key]):
                raise ConfigError(f"{where}: {key} must not contain control characters, "
                                  f"got {entry[key]!r}")
        if not _NAME.match(entry["name"]):
            raise ConfigError(f"{where}: name {entry['name']!r} must be lower-case letters, "
                              "digits, '-' or '_'")
        _check_url(path, f"[[manuals]] {entry['name']} contents_url", entry["contents_url"])
        resources = entry.get("resources_url")
        if resources is not None:
            where_url = f"[[manuals]] {entry['name']} resources_url"
            if not isinstance(resources, str):
                raise ConfigError(f"{path}: {where_url} must be a string, got {resources!r}")
            _check_url(path, where_url, resources)
            if _CONTROL.search(resources):
                raise ConfigError(f"{path}: {where_url} must not contain control characters, "
                                  f"got {resources!r}")
        manuals.append(ManualConfig(entry["name"], entry["title"], entry["contents_url"],
                                    resources))
    names = [m.name for m in manuals]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: [[manuals]] names must be unique, got {names}")
    return tuple(manuals)
