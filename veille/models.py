"""The domain objects every part of veille exchanges: frozen dataclasses, no behaviour beyond
conversion to the PLOVER record (`Event.to_record`)."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = [
    "Article",
    "Mention",
    "Actor",
    "Place",
    "TextInfo",
    "Event",
    "Failure",
    "content_id",
    "MODALITIES",
    "DATE_PRECISIONS",
]

MODALITIES = ("actual", "intent", "hypothetical")
DATE_PRECISIONS = ("day", "week", "month", "year", "publication", "unknown")
Modality = Literal["actual", "intent", "hypothetical"]


def content_id(text: str) -> str:
    """Stable id of a text: SHA-1 of its NFC form with whitespace collapsed (16 hex chars).

    Two copies of an article that differ only in spacing or Unicode normalisation get one id.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One news report, as read from a file, a feed or a page."""

    text: str
    title: str = ""
    url: str | None = None
    path: str | None = None
    source: str = ""
    published: date | None = None
    language: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.title + "\n" + self.text))

    @property
    def location(self) -> str:
        """Where the article came from: its URL, else its path."""
        return self.url or self.path or ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names a knowledge-base entry (a state, an organisation, a group)."""

    start: int  # token index in the Doc
    end: int
    text: str
    entry_id: str
    kind: str  # name | demonym | capital | city | org | group


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor or recipient: PLOVER code and sector, KB id, and the exact text span."""

    code: str
    sector: str = ""
    id: str = ""
    name: str = ""
    text: str = ""
    start: int = -1  # character offsets in Article.text
    end: int = -1
    members: tuple[str, ...] = ()
    how: str = ""  # the rule that resolved it, for `explain`

    def to_record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "code": self.code,
            "sector": self.sector,
            "id": self.id,
            "name": self.name,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.members:
            rec["members"] = list(self.members)
        return rec


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in the text and resolved against the gazetteer."""

    text: str
    name: str
    country: str
    admin1: str = ""
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str = "city"  # country | admin1 | admin2 | city | site (an airport) | continent | region | sea

    def to_record(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "precision": self.precision,
        }


@dataclass(frozen=True, slots=True)
class TextInfo:
    """Where the evidence is: sentence offsets in Article.text and the trigger span."""

    sentence: int
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True, slots=True)
class Event:
    """One PLOVER event, with its evidence and the explanation of how it was coded."""

    doc_id: str
    event: str
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    text: str
    text_info: TextInfo
    cite_info: dict[str, Any]
    mode: str = ""
    context: tuple[str, ...] = ()
    date: str | None = None
    date_precision: str = "unknown"
    location: Place | None = None
    cameo: str = ""
    quad_class: int = 0
    modality: Modality = "actual"
    negated: bool = False
    confidence: float = 0.5
    explain: str = ""
    coder: str = ""
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            key = f"{self.doc_id}:{self.text_info.trigger_start}:{self.event}:{self.mode}"
            object.__setattr__(self, "id", hashlib.sha1(key.encode()).hexdigest()[:16])

    def to_record(self) -> dict[str, Any]:
        """The PLOVER JSONL record (validated by veille/schema/plover-event.schema.json)."""
        ti = self.text_info
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "actor": [a.to_record() for a in self.actor],
            "recipient": [a.to_record() for a in self.recipient],
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_record() if self.location else None,
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "modality": self.modality,
            "negated": self.negated,
            "confidence": round(self.confidence, 3),
            "text": self.text,
            "text_info": {
                "sentence": ti.sentence,
                "start": ti.start,
                "end": ti.end,
                "trigger": {"text": ti.trigger, "start": ti.trigger_start, "end": ti.trigger_end},
            },
            "cite_info": dict(self.cite_info),
            "explain": self.explain,
            "coder": self.coder,
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """An input item that could not be processed, and why. The batch goes on without it."""

    location: str
    reason: str
    code: str = "E000"
