"""Per-language reading data (months, weekdays, publication markers) from `nlp/data/<lang>.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from veille.errors import DataFileError

__all__ = ["LanguageData", "language_data", "available_languages"]


@dataclass(frozen=True)
class LanguageData:
    language: str
    months: dict[str, int]
    weekdays: tuple[str, ...]
    ordinal_first: tuple[str, ...]
    publication_markers: tuple[str, ...]
    relative: tuple[dict[str, object], ...] = ()  # relative date expressions (veille.dates.event_date)
    numbers: dict[str, int] | None = None  # number words ("trois", "three")
    future_markers: tuple[str, ...] = ()  # "le 16 juillet prochain", "next July 16"
    past_markers: tuple[str, ...] = ()  # "le 30 juin dernier", "last May 3"


def _data_dir():  # type: ignore[no-untyped-def]
    return resources.files("veille.nlp").joinpath("data")


@cache
def available_languages() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _data_dir().iterdir() if p.name.endswith(".yaml")))


@cache
def language_data(lang: str) -> LanguageData:
    path = _data_dir().joinpath(f"{lang}.yaml")
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        months = {str(k).lower(): int(v) for k, v in raw["months"].items()}
        if not all(1 <= m <= 12 for m in months.values()):
            raise ValueError("month numbers must be 1..12")
        return LanguageData(
            language=raw["language"],
            months=months,
            weekdays=tuple(raw["weekdays"]),
            ordinal_first=tuple(raw.get("ordinal_first", ())),
            publication_markers=tuple(raw.get("publication_markers", ())),
            relative=tuple(dict(r) for r in raw.get("relative", ())),
            numbers={str(k): int(v) for k, v in (raw.get("numbers") or {}).items()},
            future_markers=tuple(str(w).lower() for w in raw.get("future_markers", ())),
            past_markers=tuple(str(w).lower() for w in raw.get("past_markers", ())),
        )
    except FileNotFoundError as exc:
        raise DataFileError(f"no language data for {lang!r}") from exc
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise DataFileError(f"nlp/data/{lang}.yaml: {exc}") from exc
