"""Evidence highlighting from a record's character offsets, as plain pieces of text.

The templates render each piece escaped (Jinja autoescape), wrapping the marked ones in
`<mark class="hl-KIND">`: no HTML is ever built from article text or actor names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Segment", "sentence_segments", "text_segments", "KINDS"]

#: Highlight kinds, lowest priority first (a trigger inside an actor span shows as the trigger).
KINDS = ("recipient", "actor", "trigger")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kind: str = ""  # "" | actor | recipient | trigger
    label: str = ""  # e.g. "actor: RUS GOV"

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "kind": self.kind, "label": self.label}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _spans(record: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, label) in article offsets, lowest priority first."""
    spans = []
    for role in ("recipient", "actor"):
        for a in record.get(role) or []:
            start, end = _int(a.get("start")), _int(a.get("end"))
            if start is not None and end is not None and 0 <= start < end:
                label = f"{role}: {a.get('code') or ''} {a.get('sector') or ''}".strip()
                spans.append((start, end, role, label))
    trigger = ((record.get("text_info") or {}).get("trigger")) or {}
    start, end = _int(trigger.get("start")), _int(trigger.get("end"))
    if start is not None and end is not None and 0 <= start < end:
        spans.append((start, end, "trigger", f"trigger: {record.get('event') or ''}".strip()))
    return spans


def _segments(text: str, offset: int, spans: list[tuple[int, int, str, str]]) -> list[Segment]:
    """Cut `text` (which starts at article offset `offset`) into runs of equal marking."""
    marks: list[tuple[str, str] | None] = [None] * len(text)
    for start, end, kind, label in spans:
        lo, hi = max(0, start - offset), min(len(text), end - offset)
        for i in range(lo, hi):
            marks[i] = (kind, label)
    out: list[Segment] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marks[j] == marks[i]:
            j += 1
        kind, label = marks[i] or ("", "")
        out.append(Segment(text[i:j], kind, label))
        i = j
    return out


def sentence_segments(record: dict[str, Any]) -> list[Segment]:
    """The record's sentence with its trigger, actor and recipient spans marked (offsets are in
    the article text; the sentence starts at text_info.start)."""
    text = record.get("text") or ""
    start = _int((record.get("text_info") or {}).get("start")) or 0
    return _segments(text, start, _spans(record))


def text_segments(text: str, offset: int, records: list[dict[str, Any]]) -> list[Segment]:
    """A piece of article text (starting at `offset`) with the spans of several records marked."""
    spans = [span for r in records for span in _spans(r)]
    spans.sort(key=lambda s: KINDS.index(s[2]))
    return _segments(text, offset, spans)
