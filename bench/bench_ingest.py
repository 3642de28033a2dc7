"""veille ingest benchmark: reading + parsing + near-duplicate fingerprinting, on one core
(`make bench-ingest`).

Writes N synthetic French articles of about --words words (a random draw from a wire-story
vocabulary, in paragraphs, with a title and a publication line) into a temporary folder, once
per format: .txt files, .html pages, one .jsonl file, one .csv file and gzipped .txt files. Then,
for each format, times `veille.ingest.files.read_inputs` over the folder (read, decode, parse into
Articles) and `fingerprint` + `lsh_keys` of every article's text, in this process pinned to one
core, and prints articles/s for reading, for fingerprinting and for both (the best of --repeat
runs, since other processes on the machine only ever slow a run down).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCABULARY = """
l' armée nigérienne a annoncé vendredi avoir neutralisé une trentaine de combattants jihadistes lors
d' une opération menée mardi et mercredi dans la région de Tillabéri dans l' ouest du pays près de la
frontière avec le Mali et le Burkina Faso selon un communiqué du ministère de la Défense lu à la
télévision nationale les soldats ont détruit deux bases logistiques de l' État islamique au Sahel et
saisi des motos des armes et des munitions trois militaires ont été blessés au cours des combats et
évacués vers Niamey la junte au pouvoir depuis le coup d' État de juillet a rompu avec la France et
s' est rapprochée de la Russie l' Alliance des États du Sahel a annoncé la création d' une force
unifiée le président de la transition a reçu l' ambassadeur les ministres des Affaires étrangères
ont signé un accord de coopération militaire économique et sécuritaire à Bamako Ouagadougou et
Moscou la Cédéao a condamné l' attaque et appelé au dialogue l' ONU s' inquiète de la situation
humanitaire des milliers de déplacés ont fui les violences
""".split()


def make_text(rng: random.Random, words: int) -> str:
    paragraphs, left = [], words
    while left > 0:
        n = min(left, rng.randint(40, 80))
        sentence = " ".join(rng.choice(VOCABULARY) for _ in range(n))
        paragraphs.append(sentence[0].upper() + sentence[1:] + ".")
        left -= n
    return "\n\n".join(paragraphs)


def write_corpus(root: Path, n: int, words: int, seed: int = 1) -> dict[str, Path]:
    """One folder per format, the same n articles in each."""
    rng = random.Random(seed)
    articles = [(f"Sahel : dépêche numéro {i}", make_text(rng, words)) for i in range(n)]
    folders = {fmt: root / fmt for fmt in ("txt", "html", "jsonl", "csv", "txt.gz")}
    for folder in folders.values():
        folder.mkdir()
    with (folders["jsonl"] / "articles.jsonl").open("w", encoding="utf-8") as jsonl, \
            (folders["csv"] / "articles.csv").open("w", encoding="utf-8", newline="") as table:
        rows = csv.writer(table)
        rows.writerow(["title", "published", "url", "text"])
        for i, (title, text) in enumerate(articles):
            plain = f"{title}\nPublié le vendredi 14 mars 2025\n\n{text}\n"
            (folders["txt"] / f"a{i:06d}.txt").write_text(plain, "utf-8")
            (folders["txt.gz"] / f"a{i:06d}.txt.gz").write_bytes(gzip.compress(plain.encode(), compresslevel=6))
            paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            (folders["html"] / f"a{i:06d}.html").write_text(
                f"<!doctype html><html><head><title>{title}</title><meta property='article:published_time' "
                f"content='2025-03-14T10:00:00Z'><script>var x = 1;</script></head><body><nav>Accueil</nav>"
                f"<h1>{title}</h1>{paras}<footer>© Agence</footer></body></html>", "utf-8")
            url = f"https://example.ne/{i}"
            jsonl.write(json.dumps({"title": title, "published": "2025-03-14", "url": url, "text": text},
                                   ensure_ascii=False) + "\n")
            rows.writerow([title, "2025-03-14", url, text])
    return folders


def one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from veille.ingest.dedup import fingerprint, lsh_keys
    from veille.ingest.files import read_inputs
    from veille.models import Article

    pinned = one_core()
    with tempfile.TemporaryDirectory(prefix="veille-bench-ingest-") as tmp:
        folders = write_corpus(Path(tmp), args.articles, args.words)
        warm_root = Path(tmp) / "warm"
        warm_root.mkdir()
        for folder in write_corpus(warm_root, 20, 50, seed=2).values():  # imports, date parser and lxml warmed up
            for item in read_inputs([str(folder)]):
                if isinstance(item, Article):
                    lsh_keys(fingerprint(item.text))
        print(f"{args.articles} synthetic articles of {args.words} words per format; one process, {pinned}; "
              f"best of {args.repeat}; Python {sys.version.split()[0]}")
        print()
        print("| format | articles | words/article | read+parse art/s | fingerprint+lsh art/s | both art/s |")
        print("|---|---|---|---|---|---|")
        for fmt, folder in folders.items():
            read_s = fp_s = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                items = list(read_inputs([str(folder)]))
                read_s = min(read_s, time.perf_counter() - start)
                articles = [a for a in items if isinstance(a, Article)]
                assert len(articles) == args.articles, (fmt, [i for i in items if not isinstance(i, Article)][:3])
                start = time.perf_counter()
                for article in articles:
                    lsh_keys(fingerprint(article.text))
                fp_s = min(fp_s, time.perf_counter() - start)
            n = len(articles)
            words = sum(len(a.text.split()) for a in articles) / n
            print(f"| {fmt} | {n} | {words:.0f} | {n / read_s:,.0f} | {n / fp_s:,.0f} | {n / (read_s + fp_s):,.0f} |")

        print()
        store_line(Path(tmp), args, rng=random.Random(3))


def store_line(tmp: Path, args: argparse.Namespace, rng: random.Random) -> None:
    """`veille ingest` end to end into a fresh SQLite store: read, canonical URL, fingerprint,
    LSH lookup of near-duplicates, one transaction per article (with full-text indexing)."""
    from veille.ingest.files import read_inputs
    from veille.pipeline import ingest
    from veille.store import Store

    path = tmp / "with-copies.jsonl"
    originals: list[str] = []
    copies = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(args.articles):
            if originals and rng.random() < 0.2:  # a syndicated copy: other boilerplate, a paragraph dropped
                paras = rng.choice(originals).split("\n\n")
                del paras[rng.randrange(len(paras))]
                text = "\n\n".join(["Agence de presse — toute l'actualité", *paras, "© Tous droits réservés"])
                copies += 1
            else:
                text = make_text(rng, args.words)
                originals.append(text)
            out.write(json.dumps({"title": f"Dépêche {i}", "url": f"https://site{i % 7}.example/{i}",
                                  "published": "2025-03-14", "text": text}, ensure_ascii=False) + "\n")
    best = float("inf")
    for attempt in range(args.repeat):
        db = tmp / f"ingest-{attempt}.db"
        with Store(db) as store:
            start = time.perf_counter()
            summary = ingest(read_inputs([str(path)]), store)
            best = min(best, time.perf_counter() - start)
        assert summary.articles == args.articles
    print("| end to end (`veille ingest` into a new SQLite store) | articles | syndicated copies | "
          "found as copies | art/s |")
    print("|---|---|---|---|---|")
    print(f"| jsonl, read + canonical URL + fingerprint + LSH lookup + store | {args.articles} | {copies} | "
          f"{summary.near_duplicates} | {args.articles / best:,.0f} |")


if __name__ == "__main__":
    main()
