"""One typed settings object, read from the commented defaults file `settings.toml`,
overridden by the file named in $VEILLE_SETTINGS if set."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from veille.errors import DataFileError

__all__ = ["Settings", "IngestSettings", "WebSettings", "FieldSettings", "get_settings", "load_settings"]


@dataclass(frozen=True)
class WebSettings:
    """[ingest.web]: fetching web pages and feeds (veille/ingest/web.py)."""

    user_agent: str = ""  # appended to the User-Agent, e.g. a contact address
    connect_timeout_s: float = 10.0
    timeout_s: float = 20.0  # each read
    total_timeout_s: float = 60.0  # a whole response
    max_redirects: int = 5
    per_host_delay_s: float = 1.0
    respect_robots: bool = True


@dataclass(frozen=True)
class FieldSettings:
    """[ingest.fields]: the keys (JSONL, Parquet) or columns (CSV) each article field is read from,
    tried in order (veille.ingest.files.article_from_record)."""

    text: tuple[str, ...] = ("text",)
    title: tuple[str, ...] = ("title",)
    url: tuple[str, ...] = ("url",)
    published: tuple[str, ...] = ("published",)
    source: tuple[str, ...] = ("source", "section")
    language: tuple[str, ...] = ("language",)


@dataclass(frozen=True)
class IngestSettings:
    web: WebSettings = field(default_factory=WebSettings)
    fields: FieldSettings = field(default_factory=FieldSettings)


@dataclass(frozen=True)
class Settings:
    db: str = "veille.db"
    max_article_bytes: int = 1_000_000
    min_article_chars: int = 20
    langid_min_score: float = 0.40
    batch_size: int = 64
    workers: int = 0
    exclude_components: list[str] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)
    kb_paths: tuple[str, ...] = ()  # user knowledge-base directories, read after the bundled KB
    ingest: IngestSettings = field(default_factory=IngestSettings)
    near_duplicates: bool = True
    near_duplicate_similarity: float = 0.6
    cluster_days: int = 2
    web_token: str = ""  # `veille serve`: bearer token of the write endpoints (empty: read-only)
    web_allow_private_urls: bool = False  # `veille serve`: ingest-by-URL may fetch private addresses

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.models))


def _read_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"settings file {origin}: {exc}") from exc


def load_settings(user_file: str | os.PathLike[str] | None = None) -> Settings:
    defaults = resources.files("veille").joinpath("settings.toml").read_text("utf-8")
    values = _read_toml(defaults, "settings.toml (defaults)")
    if user_file:
        user = _read_toml(Path(user_file).read_text("utf-8"), str(user_file))
        ingest = _merged(values.get("ingest", {}), user.pop("ingest", {}))  # [ingest.*] key by key
        values.update(user, ingest=ingest)
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise DataFileError(f"unknown settings: {', '.join(sorted(unknown))}")
    if "kb_paths" in values:
        values["kb_paths"] = tuple(str(p) for p in values["kb_paths"])
    values["ingest"] = _ingest(values.get("ingest", {}))
    return Settings(**values)


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        both_tables = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merged(merged[key], value) if both_tables else value
    return merged


def _ingest(values: Any) -> IngestSettings:
    tables = ("web", "fields")
    if not isinstance(values, dict) or set(values) - set(tables) or \
            not all(isinstance(values.get(t, {}), dict) for t in tables):
        raise DataFileError("settings: [ingest] has only the tables [ingest.web] and [ingest.fields]")
    web = values.get("web", {})
    known = {f.name: f for f in fields(WebSettings)}
    unknown = set(web) - set(known)
    if unknown:
        raise DataFileError(f"unknown settings in [ingest.web]: {', '.join(sorted(unknown))}")
    defaults = WebSettings()
    for name, value in web.items():
        expected = type(getattr(defaults, name))
        ok = isinstance(value, expected) if expected is not float else isinstance(value, int | float)
        if not ok or (expected is not bool and isinstance(value, bool)) or (expected is not str and value < 0):
            raise DataFileError(f"settings: [ingest.web] {name} must be a non-negative {expected.__name__}, "
                                f"got {value!r}")
    return IngestSettings(web=WebSettings(**web), fields=_fields(values.get("fields", {})))


def _fields(values: dict[str, Any]) -> FieldSettings:
    """[ingest.fields]: a key name or a list of key names per article field."""
    unknown = set(values) - {f.name for f in fields(FieldSettings)}
    if unknown:
        raise DataFileError(f"unknown settings in [ingest.fields]: {', '.join(sorted(unknown))}")
    names: dict[str, tuple[str, ...]] = {}
    for name, value in values.items():
        given = [value] if isinstance(value, str) else value
        if not isinstance(given, list) or not given or not all(isinstance(v, str) and v for v in given):
            raise DataFileError(f"settings: [ingest.fields] {name} must be a key name or a list of key names, "
                                f"got {value!r}")
        names[name] = tuple(given)
    return FieldSettings(**names)


@cache
def get_settings() -> Settings:
    """The process-wide settings (defaults + $VEILLE_SETTINGS)."""
    return load_settings(os.environ.get("VEILLE_SETTINGS"))
