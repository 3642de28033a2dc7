"""`veille eval`: score the coder against gold files.

Gold formats:
- veille gold JSON (`samples/*.gold.json`): {"doc": path relative to the gold file, "published",
  "events": [{"event", "actor": [{"code"}], "recipient": [...], "required"}]};
- the PLOVER gold standard records (PLOVER_GSR_CAMEO.txt): a JSON list of coded sentences, with
  older labels (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT) and two code typos (JAP, ITL) mapped.

Scoring (DESIGN.md): per document, the distinct (event, actor codes, recipient codes) tuples. A
prediction matches a gold tuple when the events are equal and the code sets intersect (the
recipient is ignored when the gold has none; CONSULT and COOPERATE may swap sides; a UNO or EUR
code also counts as IGO). Recall counts required gold tuples matched; precision counts predicted
tuples that match any gold tuple."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from veille.errors import GoldFormatError
from veille.events.ontology import CODE_FAMILIES, OLD_LABELS
from veille.ingest import read_path
from veille.models import Article, Event, Failure
from veille.pipeline import Coded, code_articles

__all__ = ["GoldEvent", "GoldDoc", "Score", "EvalReport", "load_gold", "score_doc", "evaluate"]

_CODE_TYPOS = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
_SYMMETRIC = frozenset({"CONSULT", "COOPERATE"})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


@dataclass(frozen=True)
class GoldEvent:
    event: str
    actor: frozenset[str]
    recipient: frozenset[str]
    required: bool = True
    date: str | None = None  # the event's date as annotated: YYYY-MM-DD, YYYY-MM or YYYY


Tuple = tuple[str, frozenset[str], frozenset[str]]


@dataclass
class GoldDoc:
    name: str
    article: Article
    events: list[GoldEvent]
    lang: str | None = None


def _codes(actors: Any) -> frozenset[str]:
    if not isinstance(actors, list):
        return frozenset()
    codes = (str(a.get("code", "")).strip() for a in actors if isinstance(a, dict))
    return frozenset(_CODE_TYPOS.get(c, c) for c in codes if c)


def _event_label(label: str) -> str:
    return OLD_LABELS.get(label, label)


def _veille_gold(path: Path, data: dict[str, Any]) -> list[GoldDoc]:
    doc_path = path.parent / data["doc"]
    published = date.fromisoformat(data["published"]) if data.get("published") else None
    items = list(read_path(doc_path, published))
    if len(items) != 1 or isinstance(items[0], Failure):
        raise GoldFormatError(f"{path}: cannot read its document {doc_path}")
    events = [
        GoldEvent(_event_label(e["event"]), _codes(e.get("actor")), _codes(e.get("recipient")),
                  bool(e.get("required", True)), _gold_date(e.get("date")))
        for e in data["events"]
    ]
    return [GoldDoc(str(data["doc"]), items[0], events, data.get("language"))]


def _gsr_gold(path: Path, records: list[Any]) -> list[GoldDoc]:
    """One document per distinct text; records with the same text are its several events. A
    record's `date` is the event's date; its `published` (a veille extension), when given, the
    article's publication date, else the event date stands for it (and dates are not scored:
    the PLOVER records give no publication date to resolve "on Thursday" against)."""
    docs: dict[str, GoldDoc] = {}
    for rec in records:
        if not isinstance(rec, dict) or rec.get("event") in (None, "DOCUMENT") or not rec.get("text"):
            continue
        gold = GoldEvent(_event_label(rec["event"]), _codes(rec.get("source")), _codes(rec.get("target")),
                         date=_gold_date(rec.get("date")) if rec.get("published") else None)
        if rec["text"] not in docs:
            published = _iso_date(rec.get("published") or rec.get("date"))
            article = Article(text=rec["text"], path=f"{path.name}#{rec['id']}", language=rec.get("language"),
                              published=published)
            docs[rec["text"]] = GoldDoc(rec["id"], article, [], rec.get("language"))
        docs[rec["text"]].events.append(gold)
    return list(docs.values())


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _gold_date(value: Any) -> str | None:
    text = str(value or "").strip()[:10]
    return text if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) else None


def date_agrees(value: str | None, precision: str, gold: str) -> bool:
    """Whether a predicted event date (value, precision) agrees with a gold date, compared at the
    coarser of the two precisions: a day, a week (the gold day in the week that starts on the
    predicted Monday), a month ("2025-05") or a year."""
    if not value:
        return False
    if precision == "week" and len(gold) == 10:
        try:
            offset = (date.fromisoformat(gold) - date.fromisoformat(value[:10])).days
        except ValueError:
            return False
        return 0 <= offset < 7
    width = {"month": 7, "year": 4}.get(precision, 10)
    width = min(width, len(gold))
    return value[:width] == gold[:width]


def load_gold(path: str | Path) -> list[GoldDoc]:
    path = Path(path)
    try:
        text = path.read_text("utf-8")
        data = json.loads(_TRAILING_COMMA.sub(r"\1", text))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: not readable as gold JSON ({exc})") from exc
    if isinstance(data, dict) and "events" in data and "doc" in data:
        return _veille_gold(path, data)
    if isinstance(data, list):
        return _gsr_gold(path, data)
    raise GoldFormatError(f"{path}: neither a veille gold file nor PLOVER gold standard records")


def _with_families(codes: Iterable[str]) -> frozenset[str]:
    """Codes plus the broader codes they refine (UNO and EUR are also IGO)."""
    codes = set(codes)
    return frozenset(codes | {CODE_FAMILIES[c] for c in codes if c in CODE_FAMILIES})


def _tuple(e: Event) -> Tuple:
    return e.event, _with_families(a.code for a in e.actor), _with_families(r.code for r in e.recipient)


def predicted_tuples(events: Iterable[Event]) -> set[Tuple]:
    return {_tuple(e) for e in events}


def matches(pred: Tuple, gold: GoldEvent) -> bool:
    event, actor, recipient = pred
    if event != gold.event:
        return False

    def sides(a: frozenset[str], r: frozenset[str]) -> bool:
        return bool(a & gold.actor) and (not gold.recipient or bool(r & gold.recipient))

    return sides(actor, recipient) or (event in _SYMMETRIC and sides(recipient, actor))


@dataclass
class Score:
    tp: int = 0  # required gold tuples matched
    fn: int = 0  # required gold tuples missed
    pred_ok: int = 0  # predicted tuples matching some gold tuple
    pred_bad: int = 0  # predicted tuples matching none
    type_seen: int = 0  # gold tuples whose event type was predicted
    actor_ok: int = 0  # ... of which the actor codes intersect
    date_seen: int = 0  # matched gold tuples with a gold date
    date_ok: int = 0  # ... of which a matching prediction has an agreeing date

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        total = self.pred_ok + self.pred_bad
        return self.pred_ok / total if total else 0.0

    @property
    def recall(self) -> float:
        total = self.tp + self.fn
        return self.tp / total if total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def actor_accuracy(self) -> float:
        return self.actor_ok / self.type_seen if self.type_seen else 0.0

    @property
    def date_accuracy(self) -> float:
        """Share of matched, dated gold tuples whose predicted event date agrees (`date_agrees`)."""
        return self.date_ok / self.date_seen if self.date_seen else 0.0

    @property
    def type_accuracy(self) -> float:
        """Share of gold tuples whose event type the coder predicted in that document."""
        total = self.tp + self.fn
        return self.type_seen / total if total else 0.0


def _gold_tuples(gold: list[GoldEvent]) -> list[GoldEvent]:
    """Distinct gold tuples; a tuple is required if any of its events is."""
    merged: dict[Tuple, GoldEvent] = {}
    for g in gold:
        key = (g.event, g.actor, g.recipient)
        if key not in merged or g.required:
            merged[key] = g
    return list(merged.values())


def predicted_dates(events: Iterable[Event]) -> dict[Tuple, list[tuple[str | None, str]]]:
    """(date, precision) of the events behind each predicted tuple."""
    out: dict[Tuple, list[tuple[str | None, str]]] = {}
    for e in events:
        out.setdefault(_tuple(e), []).append((e.date, e.date_precision))
    return out


def score_doc(preds: set[Tuple], gold: list[GoldEvent],
              dates: dict[Tuple, list[tuple[str | None, str]]] | None = None) -> dict[str, Score]:
    """Scores of one document, overall ("ALL") and per event type; with `dates` (from
    `predicted_dates`), the date accuracy of the matched gold tuples that have a date."""
    scores: dict[str, Score] = {}

    def at(label: str) -> Score:
        return scores.setdefault(label, Score())

    golds = _gold_tuples(gold)
    for g in golds:
        if not g.required:
            continue
        hit = any(matches(p, g) for p in preds)
        same_type = [p for p in preds if p[0] == g.event]
        for s in (at("ALL"), at(g.event)):
            s.tp += hit
            s.fn += not hit
            s.type_seen += bool(same_type)
            s.actor_ok += any(p[1] & g.actor for p in same_type)
            if hit and g.date and dates is not None:
                s.date_seen += 1
                s.date_ok += any(date_agrees(v, prec, g.date) for p in preds if matches(p, g)
                                 for v, prec in dates.get(p, ()))
    for p in preds:
        ok = any(matches(p, g) for g in golds)
        for s in (at("ALL"), at(p[0])):
            s.pred_ok += ok
            s.pred_bad += not ok
    return scores


@dataclass
class EvalReport:
    name: str
    docs: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (doc, description)
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (doc, gold, predicted there)

    @property
    def overall(self) -> Score:
        return self.scores.get("ALL", Score())

    def as_dict(self) -> dict[str, Any]:
        def row(s: Score) -> dict[str, float]:
            return {"precision": round(s.precision, 3), "recall": round(s.recall, 3),
                    "f1": round(s.f1, 3), "actor_accuracy": round(s.actor_accuracy, 3),
                    "type_accuracy": round(s.type_accuracy, 3), "date_accuracy": round(s.date_accuracy, 3),
                    "dated": s.date_seen,
                    "gold": s.tp + s.fn, "predicted": s.pred_ok + s.pred_bad}

        return {"name": self.name, "docs": self.docs,
                "scores": {k: row(v) for k, v in sorted(self.scores.items())}}


def evaluate(path: str | Path, lang: str = "auto") -> EvalReport:
    docs = load_gold(path)
    report = EvalReport(Path(path).name)
    articles = [d.article if lang != "auto" or not d.lang else _with_lang(d) for d in docs]
    results = list(code_articles(articles, lang))
    for doc, result in zip(docs, results, strict=True):
        report.docs += 1
        events = result.events if isinstance(result, Coded) else []
        preds = predicted_tuples(events)
        for label, score in score_doc(preds, doc.events, predicted_dates(events)).items():
            report.scores.setdefault(label, Score()).add(score)
        golds = _gold_tuples(doc.events)
        for p in preds:
            if not any(matches(p, g) for g in golds):
                report.unmatched.append((doc.name, _describe(p)))
        found = "; ".join(sorted(_describe(p) for p in preds)) or "nothing"
        for g in golds:
            if g.required and not any(matches(p, g) for p in preds):
                report.missed.append((doc.name, _describe((g.event, g.actor, g.recipient)), found))
    return report


def _with_lang(doc: GoldDoc) -> Article:
    from dataclasses import replace

    return replace(doc.article, language=doc.lang)


def _describe(t: Tuple) -> str:
    return f"{t[0]} {','.join(sorted(t[1])) or '-'} -> {','.join(sorted(t[2])) or '-'}"

