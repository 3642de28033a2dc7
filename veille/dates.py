"""Explicit calendar dates in text ("12 mai 2025", "May 12, 2025", "2025-05-12", "mai 2025"),
with month names from the per-language data files. Relative dates ("hier", "last Tuesday")
are resolved by the dates issue; the seam is `find_dates`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from veille.nlp.langdata import available_languages, language_data

__all__ = ["DateMention", "find_dates", "parse_date", "publication_date"]


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str  # YYYY-MM-DD or YYYY-MM
    precision: str  # day | month

    def as_date(self) -> date | None:
        if self.precision != "day":
            return None
        return date.fromisoformat(self.value)


@cache
def _month_table(langs: tuple[str, ...]) -> dict[str, int]:
    table: dict[str, int] = {}
    for lang in langs:
        table.update(language_data(lang).months)
    return table


@cache
def _patterns(langs: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    months = sorted(_month_table(langs), key=len, reverse=True)
    month = "(?P<month>" + "|".join(re.escape(m) for m in months) + r")\.?"
    firsts = sorted({f for lang in langs for f in language_data(lang).ordinal_first}, key=len)
    day = r"(?P<day>" + "|".join(re.escape(f) for f in reversed(firsts)) + r"|\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d{2})"
    return (
        re.compile(r"\b(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})\b"),
        re.compile(rf"\b{day}\s+{month}\s+{year}\b", re.IGNORECASE),
        re.compile(rf"\b{month}\s+{day},?\s+{year}\b", re.IGNORECASE),
        re.compile(rf"\b{month}\s+{year}\b", re.IGNORECASE),
    )


def _day_number(token: str, langs: tuple[str, ...]) -> int:
    firsts = {f.lower() for lang in langs for f in language_data(lang).ordinal_first}
    return 1 if token.lower() in firsts else int(token)


def _to_mention(m: re.Match[str], langs: tuple[str, ...]) -> DateMention | None:
    groups = m.groupdict()
    try:
        if groups.get("iso"):
            value = date.fromisoformat(groups["iso"]).isoformat()
            return DateMention(m.start(), m.end(), value, "day")
        month = _month_table(langs)[groups["month"].lower()]
        year = int(groups["year"])
        if groups.get("day") is None:
            return DateMention(m.start(), m.end(), f"{year:04d}-{month:02d}", "month")
        value = date(year, month, _day_number(groups["day"], langs)).isoformat()
        return DateMention(m.start(), m.end(), value, "day")
    except ValueError:  # 31 février and the like
        return None


def find_dates(text: str, languages: tuple[str, ...] | None = None) -> list[DateMention]:
    """Explicit dates in `text`, left to right, longest match first, no overlaps."""
    langs = tuple(sorted(languages or available_languages()))
    found: list[DateMention] = []
    for pattern in _patterns(langs):
        for m in pattern.finditer(text):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            mention = _to_mention(m, langs)
            if mention:
                found.append(mention)
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, languages: tuple[str, ...] | None = None) -> date | None:
    """The first full (day-precision) date in `text`, if any."""
    for mention in find_dates(text, languages):
        if mention.precision == "day":
            return mention.as_date()
    return None


def publication_date(line: str) -> date | None:
    """The date of a publication line such as "Publié le lundi 12 mai 2025" or
    "Published May 12, 2025", else None. The line must start with a known marker."""
    low = line.strip().lower()
    for lang in available_languages():
        markers = language_data(lang).publication_markers
        if any(low.startswith(marker) for marker in markers):
            return parse_date(line, (lang,))
    return None
