"""`veille eval --actors`: mention-level actor-code accuracy against gold files.

For every gold source and target whose text is found in its document (`actorText` of the PLOVER
gold standard records and of veille's GSR-shaped gold such as `tests/gold/fr_dev.json`; `text`
of the actors of a `*.gold.json`, looked up inside the event's `evidence`), the document is
parsed and its actors resolved as the coder resolves them (for the document's date, places that
stand for their government included); the gold actor counts as found when an actor overlapping
its text has the gold code (a UNO or EUR actor also counts as IGO).

Results are split by role (source, target) and by the kind of gold code: `state` (a state of the
knowledge base), `igo` (IGO, UNO, EUR) and `other` (non-state codes: NGO, MNC, REB...), with the
most frequent confusions (gold code -> predicted codes, "-" for nothing found). Every miss is kept
(`ActorReport.misses`: the gold text in its sentence and what the resolver found over it, with
its reasons); `python -m veille.actors.evaluate GOLD... [--role R] [--kind K]` prints them."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from veille.errors import GoldFormatError
from veille.events.ontology import CODE_FAMILIES

__all__ = ["GoldActor", "ActorReport", "Miss", "code_kind", "load_gold_actors", "actor_report", "KINDS", "ROLES"]

ROLES = ("source", "target")
KINDS = ("state", "igo", "other")
_IGO_CODES = frozenset({"IGO", *CODE_FAMILIES})


@dataclass(frozen=True)
class GoldActor:
    doc: str  # document key (its text)
    role: str  # source | target
    code: str
    text: str
    start: int  # character offsets of the gold text in the document
    end: int


@dataclass
class _Doc:
    text: str
    lang: str
    published: date | None
    actors: list[GoldActor] = field(default_factory=list)


def code_kind(code: str) -> str:
    """'igo' for IGO, UNO and EUR; 'state' for a state code of the KB; else 'other'."""
    from veille.actors.kb import load_kb

    if code in _IGO_CODES:
        return "igo"
    kb = load_kb()
    entry = kb.entries.get(code)
    if entry is not None and entry.kind == "state":
        return "state"
    return "state" if any(e.kind == "state" and e.code == code for e in kb.entries.values()) else "other"


@dataclass
class Cell:
    ok: int = 0
    n: int = 0

    @property
    def accuracy(self) -> float:
        return self.ok / self.n if self.n else 0.0


@dataclass(frozen=True)
class Miss:
    """A gold actor the resolver did not give its code: what the gold says, where, and what was
    predicted over its text (with the resolver's reasons)."""

    role: str
    kind: str
    gold: str
    text: str
    sentence: str
    predicted: tuple[str, ...]  # "CODE SECTOR: how" of each actor overlapping the gold text

    def lines(self) -> list[str]:
        codes = ", ".join(p.split(":")[0] for p in self.predicted) or "-"
        out = [f"{self.role} {self.kind} {self.gold} '{self.text}' -> {codes}", f"    | {self.sentence}"]
        out += [f"    = {p}" for p in self.predicted]
        return out


@dataclass
class ActorReport:
    name: str
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (role, kind|"all") -> counts
    confusions: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (role, gold, predicted)
    not_found: int = 0  # gold actors whose text is not in the document (not scored)
    misses: list[Miss] = field(default_factory=list)  # every gold actor not found, for review

    def add(self, role: str, kind: str, ok: bool, gold: str, predicted: str, miss: Miss | None = None) -> None:
        for key in ((role, kind), (role, "all")):
            cell = self.cells.setdefault(key, Cell())
            cell.ok += ok
            cell.n += 1
        if not ok:
            self.confusions[(role, gold, predicted)] += 1
            if miss is not None:
                self.misses.append(miss)

    def cell(self, role: str, kind: str = "all") -> Cell:
        return self.cells.get((role, kind), Cell())

    def top_confusions(self, n: int = 15) -> list[tuple[str, str, str, int]]:
        ranked = sorted(self.confusions.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(role, gold, pred, count) for (role, gold, pred), count in ranked[:n]]

    def as_dict(self, n_confusions: int = 15) -> dict[str, Any]:
        return {
            "name": self.name,
            "not_found": self.not_found,
            "accuracy": {
                role: {kind: {"accuracy": round(c.accuracy, 3), "correct": c.ok, "n": c.n}
                       for kind in (*KINDS, "all") if (c := self.cell(role, kind)).n}
                for role in ROLES
            },
            "confusions": [{"role": r, "gold": g, "predicted": p, "count": k}
                           for r, g, p, k in self.top_confusions(n_confusions)],
        }


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _code(actor: dict[str, Any]) -> str:
    from veille.evaluate import _CODE_TYPOS

    code = str(actor.get("code") or "").strip()
    return _CODE_TYPOS.get(code, code)


def _gsr_docs(records: list[Any]) -> tuple[list[_Doc], int]:
    docs: dict[str, _Doc] = {}
    missing = 0
    for rec in records:
        if not isinstance(rec, dict) or rec.get("event") in (None, "DOCUMENT") or not rec.get("text"):
            continue
        text = rec["text"]
        doc = docs.setdefault(text, _Doc(text, rec.get("language") or "en", _iso(rec.get("date"))))
        for role in ROLES:
            for actor in rec.get(role) if isinstance(rec.get(role), list) else ():
                if not isinstance(actor, dict) or not _code(actor) or not actor.get("actorText"):
                    continue
                where = text.find(actor["actorText"])
                if where < 0:
                    missing += 1
                    continue
                gold = GoldActor(text, role, _code(actor), actor["actorText"], where, where + len(actor["actorText"]))
                if gold not in doc.actors:
                    doc.actors.append(gold)
    return list(docs.values()), missing


def _veille_docs(path: Path, data: dict[str, Any]) -> tuple[list[_Doc], int]:
    from veille.evaluate import load_gold

    gold_doc = load_gold(path)[0]
    text = gold_doc.article.text
    doc = _Doc(text, data.get("language") or gold_doc.article.language or "fr", gold_doc.article.published)
    missing = 0
    for event in data.get("events", []):
        evidence = event.get("evidence") or ""
        base = text.find(evidence) if evidence else -1
        for role, key in (("source", "actor"), ("target", "recipient")):
            for actor in event.get(key) or []:
                if not isinstance(actor, dict) or not _code(actor) or not actor.get("text"):
                    continue
                inside = evidence.find(actor["text"]) if base >= 0 else -1
                where = base + inside if inside >= 0 else text.find(actor["text"])
                if where < 0:
                    missing += 1
                    continue
                gold = GoldActor(text, role, _code(actor), actor["text"], where, where + len(actor["text"]))
                if gold not in doc.actors:
                    doc.actors.append(gold)
    return [doc], missing


def load_gold_actors(path: str | Path) -> tuple[list[_Doc], int]:
    """The documents of a gold file with their gold actors located, and how many gold actors
    could not be located in their text."""
    from veille.evaluate import _TRAILING_COMMA

    path = Path(path)
    try:
        data = json.loads(_TRAILING_COMMA.sub(r"\1", path.read_text("utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: not readable as gold JSON ({exc})") from exc
    if isinstance(data, dict) and "events" in data and "doc" in data:
        return _veille_docs(path, data)
    if isinstance(data, list):
        return _gsr_docs(data)
    raise GoldFormatError(f"{path}: neither a veille gold file nor PLOVER gold standard records")


def actor_report(path: str | Path, lang: str = "auto") -> ActorReport:
    """Mention-level actor-code accuracy of the resolver on the gold actors of `path`."""
    from veille.actors.kb import load_kb
    from veille.actors.mentions import MentionFinder
    from veille.actors.text import actors_in_doc
    from veille.evaluate import _with_families
    from veille.nlp import load_model
    from veille.nlp.normalise import for_parsing

    docs, missing = load_gold_actors(path)
    report = ActorReport(Path(path).name, not_found=missing)
    kb = load_kb()
    kinds: dict[str, str] = {}
    for doc_lang in sorted({d.lang if lang == "auto" else lang for d in docs}):
        group = [d for d in docs if (d.lang if lang == "auto" else lang) == doc_lang and d.actors]
        nlp = load_model(doc_lang)
        finder = MentionFinder(kb, doc_lang, nlp)
        parsed = nlp.pipe(for_parsing(d.text) for d in group)
        for doc, spacy_doc in zip(group, parsed, strict=True):
            found = actors_in_doc(spacy_doc, kb, doc_lang, doc.published, finder, source=doc.text, places=True)
            for gold in doc.actors:
                over = [a for a in found if a.start < gold.end and gold.start < a.end]
                codes = {a.code for a in over}
                ok = gold.code in _with_families(codes)
                kind = kinds.setdefault(gold.code, code_kind(gold.code))
                miss = None if ok else Miss(gold.role, kind, gold.code, gold.text,
                                            _sentence(doc.text, gold.start, gold.end),
                                            tuple(f"{a.code} {a.sector} '{a.text}': {a.how}" for a in over))
                report.add(gold.role, kind, ok, gold.code, ",".join(sorted(codes)) or "-", miss)
    return report


def _sentence(text: str, start: int, end: int, width: int = 160) -> str:
    """The text around a gold span (its line, cut to about `width` characters), the span in [ ]."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    left, right = max(left, start - width // 2), min(right, end + width // 2)
    return f"{text[left:start]}[{text[start:end]}]{text[end:right]}".replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    """`python -m veille.actors.evaluate [--kind state|igo|other] [--role source|target] GOLD...`:
    every gold actor missed, with its text in context and what the resolver found over it."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m veille.actors.evaluate", description=main.__doc__)
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--kind", choices=KINDS)
    parser.add_argument("--role", choices=ROLES)
    parser.add_argument("--lang", default="auto")
    args = parser.parse_args(argv)
    for path in args.gold:
        report = actor_report(path, args.lang)
        misses = [m for m in report.misses if args.kind in (None, m.kind) and args.role in (None, m.role)]
        print(f"# {report.name}: {len(misses)} misses")
        for miss in misses:
            print("\n".join(miss.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
