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

__all__ = ["Settings", "get_settings", "load_settings"]


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
        values.update(_read_toml(Path(user_file).read_text("utf-8"), str(user_file)))
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise DataFileError(f"unknown settings: {', '.join(sorted(unknown))}")
    if "kb_paths" in values:
        values["kb_paths"] = tuple(str(p) for p in values["kb_paths"])
    return Settings(**values)


@cache
def get_settings() -> Settings:
    """The process-wide settings (defaults + $VEILLE_SETTINGS)."""
    return load_settings(os.environ.get("VEILLE_SETTINGS"))
