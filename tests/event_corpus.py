"""A small synthetic corpus for the analysis, export and CLI tests: every event is stored through
Store.add, one article per event, so that clusters, copies and filters behave as in real use.

Events (key: type, actor -> recipient, day, CAMEO, quad class, notes):
  A   CONSULT  RUS GOV -> MLI GOV    2025-01-10  043  q1  in Bamako
  B   CONSULT  RUS GOV -> MLI GOV    2025-01-11  043  q1  another outlet: same cluster as A
  C   AID      RUS GOV -> MLI GOV    2025-01-20  070  q2  its article is also seen at a second URL
  D   ACCUSE   MLI GOV -> FRA GOV    2025-02-05  112  q3
  E   ASSAULT  MLI MIL -> ISM REB    2025-02-15  195  q4  mode aerial, in Kidal
  E2  ASSAULT  MLI MIL -> ISM REB    2025-02-16  195  q4  another outlet: same cluster as E
  F   AGREE    RUS GOV -> MLI GOV    2025-03-01  036  q1  intent
  G   AID      FRA GOV -> MLI GOV    2025-03-05  070  q2  negated
  H   SUPPORT  FRA GOV -> NER GOV    2025-04-02  051  q2  in Niamey
  I   AGREE    NER GOV -> RUS GOV    2025-04-10  030  q1  in Moscow
  J   CONSULT  MLI GOV, MLI MIL -> RUS GOV, NER GOV  2025-04-15  040  q1  no place
  K   SUPPORT  RUS GOV -> IGO GOV (KB id AES)  2025-05-12  051  q2  in Moscow
  L   PROTEST  MLI CVL -> FRA GOV    2025-05-20  141  q4  mode demo, in Bamako
  N   PROTEST  MLI CVL (no recipient) 2025-05-21  145  q4  mode riot, in Bamako
  O   COERCE   MLI GOV -> MLI MIL    2025-05-25  173  q4  mode arrest, in Bamako
  M   CONSULT  USA GOV -> MLI GOV    no date     040  q1  no place
"""

from __future__ import annotations

import random
from datetime import date

from veille.models import Actor, Article, Event, Place, TextInfo

BAMAKO = ("Bamako", "Bamako", "MLI", "Bamako", 12.65, -8.0, 2460596, "city")
KIDAL = ("Kidal", "Kidal", "MLI", "Kidal", 18.44, 1.41, None, "admin1")
NIAMEY = ("Niamey", "Niamey", "NER", "Niamey", 13.51, 2.11, 2440485, "city")
MOSCOW = ("Moscou", "Moscow", "RUS", "Moscow", 55.75, 37.62, 524901, "city")

#: key, event, mode, actors, recipients, day, cameo, quad, modality, negated, place, site
SPEC = [
    ("A", "CONSULT", "", ["RUS GOV"], ["MLI GOV"], "2025-01-10", "043", 1, "actual", False, BAMAKO, "a.example"),
    ("B", "CONSULT", "", ["RUS GOV"], ["MLI GOV"], "2025-01-11", "043", 1, "actual", False, BAMAKO, "b.example"),
    ("C", "AID", "", ["RUS GOV"], ["MLI GOV"], "2025-01-20", "070", 2, "actual", False, BAMAKO, "a.example"),
    ("D", "ACCUSE", "", ["MLI GOV"], ["FRA GOV"], "2025-02-05", "112", 3, "actual", False, BAMAKO, "a.example"),
    ("E", "ASSAULT", "aerial", ["MLI MIL"], ["ISM REB"], "2025-02-15", "195", 4, "actual", False, KIDAL, "a.example"),
    ("E2", "ASSAULT", "aerial", ["MLI MIL"], ["ISM REB"], "2025-02-16", "195", 4, "actual", False, KIDAL,
     "b.example"),
    ("F", "AGREE", "", ["RUS GOV"], ["MLI GOV"], "2025-03-01", "036", 1, "intent", False, BAMAKO, "a.example"),
    ("G", "AID", "", ["FRA GOV"], ["MLI GOV"], "2025-03-05", "070", 2, "actual", True, BAMAKO, "b.example"),
    ("H", "SUPPORT", "", ["FRA GOV"], ["NER GOV"], "2025-04-02", "051", 2, "actual", False, NIAMEY, "a.example"),
    ("I", "AGREE", "", ["NER GOV"], ["RUS GOV"], "2025-04-10", "030", 1, "actual", False, MOSCOW, "b.example"),
    ("J", "CONSULT", "", ["MLI GOV", "MLI MIL"], ["RUS GOV", "NER GOV"], "2025-04-15", "040", 1, "actual", False,
     None, "a.example"),
    ("K", "SUPPORT", "", ["RUS GOV"], ["IGO GOV AES"], "2025-05-12", "051", 2, "actual", False, MOSCOW, "a.example"),
    ("L", "PROTEST", "demo", ["MLI CVL"], ["FRA GOV"], "2025-05-20", "141", 4, "actual", False, BAMAKO, "b.example"),
    ("N", "PROTEST", "riot", ["MLI CVL"], [], "2025-05-21", "145", 4, "actual", False, BAMAKO, "a.example"),
    ("O", "COERCE", "arrest", ["MLI GOV"], ["MLI MIL"], "2025-05-25", "173", 4, "actual", False, BAMAKO, "b.example"),
    ("M", "CONSULT", "", ["USA GOV"], ["MLI GOV"], None, "040", 1, "actual", False, None, "a.example"),
]

NAMES = {"RUS": "Russie", "MLI": "Mali", "FRA": "France", "NER": "Niger", "USA": "États-Unis", "ISM": "JNIM",
         "IGO": "Alliance des États du Sahel"}
WORDS = ("armée ministre accord sécurité frontière région coopération capitale sommet délégation presse "
         "conseil gouvernement transition élection marché route village école santé eau énergie mine or "
         "uranium coton budget dette banque police justice tribunal parlement syndicat grève jeunesse").split()


def _actor(spec: str) -> Actor:
    code, sector, *kb = spec.split()
    kb_id = kb[0] if kb else code
    return Actor(code, sector, kb_id, NAMES.get(code, code), NAMES.get(code, code), 0, 3)


def _text(key: str) -> str:
    rng = random.Random(key)
    return f"Dépêche {key}. " + " ".join(rng.choice(WORDS) for _ in range(120)) + "."


def build(store) -> dict[str, dict]:
    """Store the corpus; return the stored records by key (as `records()` returns them)."""
    ids = {}
    for key, ev, mode, actors, recipients, day, cameo, quad, modality, negated, place, site in SPEC:
        article = Article(text=_text(key), title=f"Titre {key}", url=f"https://{site}/{key}", source=site,
                          published=date(2025, 6, 1), language="fr")
        event = Event(
            doc_id=article.id, event=ev, mode=mode, actor=tuple(_actor(a) for a in actors),
            recipient=tuple(_actor(r) for r in recipients), text=f"Phrase de l'événement {key} : {ev.lower()}.",
            text_info=TextInfo(0, 0, 40, ev.lower(), 10, 16),
            cite_info={"url": article.url, "title": article.title, "source": site, "published": "2025-06-01",
                       "language": "fr"},
            date=day, date_precision="day" if day else "unknown",
            location=Place(*place) if place else None, cameo=cameo, quad_class=quad, modality=modality,
            negated=negated, confidence=0.8, explain=f"test event {key}", coder="veille-rules/test",
        )
        store.add(article, [event])
        if key == "C":  # the same text seen at a second URL: one article, two sources
            copy = Article(text=article.text, title=article.title, url="https://c.example/C-copy",
                           source="c.example", published=date(2025, 6, 2), language="fr")
            assert store.add(copy, []).status == "copy"
        ids[key] = event.id
    from veille.store.query import Filters, records

    by_id = {r["id"]: r for r in records(store, Filters())}
    return {key: by_id[eid] for key, eid in ids.items()}
