"""Print the parse, the actors and the events veille codes for one sentence (a debugging aid for
lexicon and grammar authors): `python tools/explain_sentence.py --lang fr "Le Mali a ..."`."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from veille.models import Article
from veille.nlp.models import load_model
from veille.pipeline import code_doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("text")
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--published", default="2024-01-01")
    parser.add_argument("--no-parse", action="store_true", help="do not print the dependency parse")
    args = parser.parse_args(argv)
    nlp = load_model(args.lang)
    doc = nlp(args.text)
    if not args.no_parse:
        for t in doc:
            print(f"{t.i:3} {t.text:18} {t.lemma_:16} {t.pos_:6} {t.dep_:12} -> {t.head.i:3} {t.head.text}")
    article = Article(id="x", text=args.text, language=args.lang, published=date.fromisoformat(args.published))
    for e in code_doc(doc, article):
        actors = ",".join(f"{a.code}/{a.sector}" for a in e.actor)
        recips = ",".join(f"{a.code}/{a.sector}" for a in e.recipient)
        print(f"EVENT {e.event} {e.mode} {actors} -> {recips} [{e.modality}] :: {e.explain}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
