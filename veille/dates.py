"""Explicit calendar dates in text ("12 mai 2025", "May 12, 2025", "2025-05-12", "mai 2025"),
with month names from the per-language data files, and event dates (`event_date`): explicit,
day-and-month, or relative ("hier", "lundi dernier", "il y a trois jours", "last week")
resolved against the publication date, with the relative expressions in the data files too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from veille.nlp.langdata import available_languages, language_data

__all__ = ["DateMention", "EventDate", "event_date", "find_dates", "parse_date", "publication_date", "dateline_date"]


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


def _month_re(langs: tuple[str, ...], group: str = "month") -> str:
    months = sorted(_month_table(langs), key=len, reverse=True)
    return f"(?P<{group}>" + "|".join(re.escape(m) for m in months) + r")\.?"


def _day_re(langs: tuple[str, ...], group: str = "day") -> str:
    firsts = sorted({f for lang in langs for f in language_data(lang).ordinal_first}, key=len)
    return f"(?P<{group}>" + "|".join(re.escape(f) for f in reversed(firsts)) + r"|\d{1,2})(?:st|nd|rd|th)?"


@cache
def _patterns(langs: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    month, day = _month_re(langs), _day_re(langs)
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


# -- event dates -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventDate:
    """The date a sentence gives its event, with how sure we are of it."""

    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | week | month | year
    start: int
    end: int
    how: str


@cache
def _relative(lang: str) -> tuple[tuple[re.Pattern[str], dict[str, object]], ...]:
    rules = []
    for rule in language_data(lang).relative:
        pattern = re.compile(rf"(?<!\w)(?:{rule['pattern']})(?!\w)", re.IGNORECASE)
        rules.append((pattern, rule))
    return tuple(rules)


@cache
def _day_month(lang: str) -> tuple[re.Pattern[str], ...]:
    months = sorted(_month_table((lang,)), key=len, reverse=True)
    firsts = "|".join(re.escape(f) for f in language_data(lang).ordinal_first)
    month = "(?P<month>" + "|".join(re.escape(m) for m in months) + r")\.?"
    day = rf"(?P<day>{firsts + '|' if firsts else ''}\d{{1,2}})(?:st|nd|rd|th)?"
    no_year = r"\b(?!,?\s+(?:19|20)\d\d)"
    return (re.compile(rf"\b{day}\s+{month}{no_year}", re.IGNORECASE),
            re.compile(rf"\b{month}\s+{day}{no_year}", re.IGNORECASE))


def _number(word: str, lang: str) -> int | None:
    if word.isdigit():
        return int(word)
    return (language_data(lang).numbers or {}).get(word.lower())


def _dateparser(span: str, published: date, lang: str) -> date | None:
    """dateparser on one short, already normalised span (it is slow on whole sentences)."""
    import dateparser

    settings = {"RELATIVE_BASE": datetime(published.year, published.month, published.day),
                "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(span, languages=[lang], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _resolve_relative(m: re.Match[str], rule: dict[str, object], published: date, lang: str) -> EventDate | None:
    span, groups = m.group(0), m.groupdict()
    how = f"'{span}' relative to publication {published.isoformat()}"
    if "days" in rule or "days_n" in rule:
        n = _number(groups["n"], lang) if groups.get("n") else 1
        if n is None:
            return None
        back = int(rule.get("days", 0)) if "days" in rule else n * int(rule["days_n"])  # type: ignore[call-overload]
        when = _dateparser(span, published, lang) if back else published
        if when is None or when > published:
            when = published - timedelta(days=back)
        precision = str(rule.get("precision", "day"))
        return EventDate(when.isoformat(), precision, m.start(), m.end(), how)
    if "week" in rule:
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=int(rule["week"]))  # type: ignore[call-overload]
        return EventDate(monday.isoformat(), "week", m.start(), m.end(), how)
    if "month" in rule:
        first = published.replace(day=1) - timedelta(days=1) if int(rule["month"]) < 0 else published  # type: ignore[call-overload]
        return EventDate(f"{first.year:04d}-{first.month:02d}", "month", m.start(), m.end(), how)
    if "year" in rule:
        return EventDate(f"{published.year + int(rule['year']):04d}", "year", m.start(), m.end(), how)  # type: ignore[call-overload]
    weekdays = [w.lower() for w in language_data(lang).weekdays]
    target = weekdays.index(groups["weekday"].lower())
    back = (published.weekday() - target) % 7
    if rule.get("last") and back == 0:
        back = 7
    return EventDate((published - timedelta(days=back)).isoformat(), "day", m.start(), m.end(), how)


_AHEAD_DAYS = 92  # a day-month without a year more than this ahead of publication is last year's


def _day_without_year(text: str, published: date, lang: str) -> EventDate | None:
    matches = [m for pattern in _day_month(lang) for m in pattern.finditer(text)]
    for m in sorted(matches, key=lambda m: m.start()):
        month = _month_table((lang,))[m["month"].lower()]
        options = []
        for year in (published.year - 1, published.year, published.year + 1):
            try:
                options.append(date(year, month, _day_number(m["day"], (lang,))))
            except ValueError:
                continue
        if not options:
            continue
        data = language_data(lang)
        after = text[m.end():m.end() + 20].lower().lstrip(" ,")
        before = text[max(0, m.start() - 20):m.start()].lower().rstrip()
        last = max((d for d in options if d <= published + timedelta(days=1)), default=None)
        upcoming = min((d for d in options if d > published + timedelta(days=1)), default=None)
        nxt = min((d for d in options if d >= published), default=None)
        if nxt is not None and any(after.startswith(w) or before.endswith(w) for w in data.future_markers):
            when, how = nxt, "the next one"
        elif last is not None and any(after.startswith(w) or before.endswith(w) for w in data.past_markers):
            when, how = last, "the last one"
        else:  # the last one, unless the next one is nearer and within three months (announcements)
            if upcoming is not None and (last is None or (
                    (upcoming - published).days <= _AHEAD_DAYS and upcoming - published < published - last)):
                when, how = upcoming, "the coming one (nearer, within three months)"
            else:
                when, how = last, "the last one"  # type: ignore[assignment]
        return EventDate(when.isoformat(), "day", m.start(), m.end(),
                         f"'{m.group(0)}' without a year: {how} from the publication date")
    return None


def event_date(text: str, published: date | None, lang: str) -> EventDate | None:
    """The date of the event a sentence reports: an explicit date ("ce 11 mai 2025", "May 12"),
    else a relative one ("hier", "lundi dernier", "il y a trois jours", "last week") resolved
    against the publication date, else a month ("en mai 2025"). None when the sentence says
    nothing about when. Cheap regexes find the candidates; dateparser reads the relative day
    counts only."""
    explicit = find_dates(text, (lang,))
    day = next((d for d in explicit if d.precision == "day"), None)
    if day:
        return EventDate(day.value, "day", day.start, day.end, f"date '{text[day.start:day.end]}'")
    if published is not None:
        found = [d for d in (_day_without_year(text, published, lang),) if d]
        for pattern, rule in _relative(lang):
            m = pattern.search(text)
            if m and (resolved := _resolve_relative(m, rule, published, lang)):
                found.append(resolved)
        if found:
            return min(found, key=lambda d: d.start)
    month = next((d for d in explicit if d.precision == "month"), None)
    if month:
        return EventDate(month.value, "month", month.start, month.end, f"month '{text[month.start:month.end]}'")
    return None


@cache
def _dateline_pattern(langs: tuple[str, ...]) -> re.Pattern[str]:
    month, day = _month_re(langs), _day_re(langs)
    month2, day2 = _month_re(langs, "month2"), _day_re(langs, "day2")  # "May 3" as well as "3 mai"
    return re.compile(
        r"^\s*(?:(?P<place>[^\W\d_][^\n,()]{0,40}?)\s*,\s*)?(?:le\s+)?"
        rf"(?:{day}\s+{month}|{month2}\s+{day2})(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?"
        r"(?:\s*,\s*(?P<place2>[^\W\d_][^\n.,()]{0,40}))?\.?\s*"  # "22 août 2012, Espagne. -"
        r"(?:\((?P<agency>[^)\n]{1,25})\)\s*)?[-–—]",
        re.IGNORECASE,
    )


def dateline_date(text: str, reference: date | None = None,
                  languages: tuple[str, ...] | None = None) -> date | None:
    """The date of a dateline at the very start of a body: "29 mai 2012. - ...",
    "BAMAKO, 11 mai (APA) - ...", "DAKAR, May 3 (Reuters) - ...". A dateline without a year
    takes the year of `reference` (the file's or feed's date; the latest such date not more than
    a day after it), else the year of a full date of the same month in the text, else none."""
    langs = tuple(sorted(languages or available_languages()))
    m = _dateline_pattern(langs).match(text[:120])
    if not m:
        return None
    g = m.groupdict()
    try:
        month = _month_table(langs)[(g["month"] or g["month2"]).lower()]
        day = _day_number(g["day"] or g["day2"], langs)
        if g["year"]:
            return date(int(g["year"]), month, day)
        if reference is not None:
            found = date(reference.year, month, day)
            return found if found <= reference + timedelta(days=1) else date(reference.year - 1, month, day)
        years = [d.value[:4] for d in find_dates(text[:3000], langs) if int(d.value[5:7]) == month]
        return date(int(years[0]), month, day) if years else None
    except ValueError:
        return None
