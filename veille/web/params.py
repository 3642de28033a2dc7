"""Query parameters: every `Filters` field as a documented query parameter, validated into a
`Filters` (FilterError -> 400), with bounded sizes; periods turned into since/until ranges."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from fastapi import Query, Request

from veille.store.query import FilterError, Filters

__all__ = ["FILTER_NAMES", "filters_dependency", "check_date", "period_range", "MAX_VALUE", "MAX_ITEMS",
           "spec", "specs"]

MAX_VALUE = 200  # characters of one parameter value
MAX_ITEMS = 20  # values of one list parameter

FILTER_DOCS = {
    "actor": "actor code (MLI), knowledge-base id (AES) or CODE:SECTOR (MLI:MIL), as actor; a list is AND",
    "recipient": "the same, as recipient",
    "involving": "the same, as actor or recipient",
    "dyad": "two actors, in either direction: MLI,RUS",
    "sector": "a PLOVER sector on either side (GOV, MIL...)",
    "event": "PLOVER event types, e.g. CONSULT,AGREE",
    "mode": "PLOVER modes",
    "context": "PLOVER contexts",
    "quad_class": "quad classes 1-4 (1 verbal cooperation ... 4 material conflict)",
    "country": "ISO alpha-3 of the event's place",
    "place": "place name (as resolved)",
    "since": "earliest day, YYYY, YYYY-MM or YYYY-MM-DD (inclusive)",
    "until": "latest day, YYYY, YYYY-MM or YYYY-MM-DD (inclusive)",
    "language": "article languages (fr, en)",
    "source": "sites (abamako.com)",
    "q": "words of the event sentence (full text)",
    "modality": "actual, intent or hypothetical",
    "negated": "true or false",
    "min_confidence": "lowest confidence, 0-1",
    "story": "story id",
    "cluster": "event cluster id",
    "doc": "article id",
}
FILTER_NAMES = tuple(FILTER_DOCS)
_SPEC = re.compile(r"^[A-Za-z0-9_.\-]{1,64}(:[A-Za-z]{1,12})?$")


def check_date(value: str | None, name: str) -> None:
    """Reject what `Filters` would accept but not compare (2025-13, 2025-02-30)."""
    if not value:
        return
    parts = value.strip().split("-")
    try:
        if len(parts) == 3:
            date.fromisoformat(value.strip())
        elif len(parts) == 2 and not 1 <= int(parts[1]) <= 12:
            raise ValueError
        if not 1 <= int(parts[0]) <= 9998:
            raise ValueError
    except ValueError as exc:
        raise FilterError(f"{name}: not a date: {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)") from exc


def spec(value: str, name: str) -> str:
    """An actor spec (CODE, KB id, CODE:SECTOR), checked."""
    value = value.strip()
    if not _SPEC.match(value):
        raise FilterError(f"{name}: not an actor (CODE, KB id or CODE:SECTOR): {value[:40]!r}")
    return value


def specs(value: str | None, name: str) -> list[str]:
    items = [v for v in (value or "").split(",") if v.strip()]
    if len(items) > MAX_ITEMS:
        raise FilterError(f"{name}: at most {MAX_ITEMS} values")
    return [spec(v, name) for v in items]


def _values(request: Request, name: str) -> str | None:
    given = request.query_params.getlist(name)
    if not given:
        return None
    for v in given:
        if len(v) > MAX_VALUE:
            raise FilterError(f"{name}: at most {MAX_VALUE} characters")
    joined = ",".join(v for v in given if v.strip())
    if joined.count(",") + 1 > MAX_ITEMS:
        raise FilterError(f"{name}: at most {MAX_ITEMS} values")
    return joined


def parse_filters(request: Request, allowed: Iterable[str] = ()) -> Filters:
    """The Filters of a request's query string; FilterError for unknown parameters or bad values."""
    allowed = set(allowed)
    unknown = sorted(k for k in request.query_params if k not in FILTER_DOCS and k not in allowed)
    if unknown:
        raise FilterError(f"unknown parameter(s): {', '.join(unknown)}")
    raw = {name: _values(request, name) for name in FILTER_NAMES}
    for name in ("actor", "recipient", "involving", "dyad"):
        if raw[name]:
            specs(raw[name], name)
    check_date(raw["since"], "since")
    check_date(raw["until"], "until")
    conf = raw["min_confidence"]
    if conf:
        try:
            ok = 0.0 <= float(conf) <= 1.0
        except ValueError:
            ok = False
        if not ok:
            raise FilterError("min_confidence: expected a number between 0 and 1")
    return Filters.from_dict(raw)


def filters_dependency(*allowed: str) -> Callable[..., Filters]:
    """A FastAPI dependency documenting every filter as a query parameter and returning the
    validated Filters (other query parameters of the route are named in `allowed`)."""

    def dependency(
        request: Request,
        actor: str | None = Query(None, description=FILTER_DOCS["actor"]),
        recipient: str | None = Query(None, description=FILTER_DOCS["recipient"]),
        involving: str | None = Query(None, description=FILTER_DOCS["involving"]),
        dyad: str | None = Query(None, description=FILTER_DOCS["dyad"]),
        sector: str | None = Query(None, description=FILTER_DOCS["sector"]),
        event: str | None = Query(None, description=FILTER_DOCS["event"]),
        mode: str | None = Query(None, description=FILTER_DOCS["mode"]),
        context: str | None = Query(None, description=FILTER_DOCS["context"]),
        quad_class: str | None = Query(None, description=FILTER_DOCS["quad_class"]),
        country: str | None = Query(None, description=FILTER_DOCS["country"]),
        place: str | None = Query(None, description=FILTER_DOCS["place"]),
        since: str | None = Query(None, description=FILTER_DOCS["since"]),
        until: str | None = Query(None, description=FILTER_DOCS["until"]),
        language: str | None = Query(None, description=FILTER_DOCS["language"]),
        source: str | None = Query(None, description=FILTER_DOCS["source"]),
        q: str | None = Query(None, description=FILTER_DOCS["q"]),
        modality: str | None = Query(None, description=FILTER_DOCS["modality"]),
        negated: str | None = Query(None, description=FILTER_DOCS["negated"]),
        min_confidence: str | None = Query(None, description=FILTER_DOCS["min_confidence"]),
        story: str | None = Query(None, description=FILTER_DOCS["story"]),
        cluster: str | None = Query(None, description=FILTER_DOCS["cluster"]),
        doc: str | None = Query(None, description=FILTER_DOCS["doc"]),
    ) -> Filters:
        return parse_filters(request, allowed)

    return dependency


def period_range(period: str) -> tuple[str, str]:
    """The (since, until) filter values covering one period label of veille.store.analysis
    (YYYY, YYYY-Qn, YYYY-MM, YYYY-Www, YYYY-MM-DD)."""
    if re.fullmatch(r"\d{4}-Q[1-4]", period):
        year, q = int(period[:4]), int(period[-1])
        return f"{year}-{3 * q - 2:02d}", f"{year}-{3 * q:02d}"
    if re.fullmatch(r"\d{4}-W\d{2}", period):
        monday = date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    return period, period


def query_string(values: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in values.items() if v not in (None, "", ())})
