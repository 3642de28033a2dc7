#!/usr/bin/env python3
"""Build `veille/actors/data/leaders.jsonl`: the dated history of national leaders and ministers
from PETRARCH's Phoenix.Countries.actors.txt (CountryInfo, about 1945-2014; MIT licence).

    .venv/bin/python tools/build_leaders.py            # (re)write the file
    .venv/bin/python tools/build_leaders.py --check    # exit 1 if the file is out of date

Read from ../shared/data/phoenix/Phoenix.Countries.actors.txt (not shipped). A person block there
is a name line (with "# CountryInfo.txt", or any block whose codes all name a sector), its "+"
aliases, and its codes `[CCCSSS YYMMDD-YYMMDD]` (also `>date`, `<date`, 8-digit dates, or no
date). Output, one person per line, in the shape of `people.yaml` records:

- `id`: "phx_" + the folded name (a number appended when two people share it);
- `country`: the state of most of their codes (Phoenix codes mapped: USR -> SUN, KSV -> KOS,
  FRY/SCG -> YUG, SRP -> BIH, TMP -> TLS);
- `names` (en and fr: personal names are mostly written alike): the name and its aliases of two
  words or more, title-cased ("YOWERI_KAGUTA_MUSEVENI_" -> "Yoweri Kaguta Museveni"), a leading
  "The" dropped; one-word aliases of five letters or more that Phoenix gives for the surname
  ("MUBARAK_") are names too;
- `surnames`: the last word of the name (and without an "al-"/"el-" article), matched after the
  full name or right after a role title ("President Mugabe");
- `offices`: one per dated code that is not ELI (elite), office "official", sector the code's
  first sector (GOVMIL -> GOV), `from`/`until` the code's dates (two-digit years: 00-14 are
  20xx, the rest 19xx; an impossible date keeps its year and month, or is left open; a period
  that ends before it starts is dropped);
- `sector`: "ELI" when Phoenix also lists the person as elite.

People already in `people.yaml` (a name in common, accents and case ignored) are skipped: the
hand-curated entry, with typed offices, wins. Names that are also names of a state, an
organisation or a group of the KB are left out. Two-digit dates, copied by CountryInfo from
many sources, are approximate; Phoenix stops in early 2014.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "veille" / "actors" / "data"
OUT = DATA / "leaders.jsonl"
PHOENIX = ROOT.parent / "shared" / "data" / "phoenix" / "Phoenix.Countries.actors.txt"

CODE_MAP = {"USR": "SUN", "KSV": "KOS", "FRY": "YUG", "SCG": "YUG", "SRP": "BIH", "TMP": "TLS"}
SECTORS = frozenset(
    "GOV MIL COP JUD LEG REB SPY UAF UNK PTY CVL JRN OPP REL MED EDU BUS LAB SOC REF ELI PRE "
    "PRM CRM AGR IGO NGO".split()
)
_CODE = re.compile(r"^([A-Z]{3})([A-Z]*)\s*(.*)$")
_ARTICLE = re.compile(r"^(al|el|ad|as|ash|at|an|ar|az)-", re.IGNORECASE)
_LOWER_WORDS = {"of", "the", "and", "de", "du", "des", "la", "le", "van", "von", "der", "den", "bin", "ibn", "bint",
                "da", "dos", "das", "di", "y"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def read_lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_bytes().split(b"\n"):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("latin-1"))
    return out


def parse_blocks(lines: list[str]) -> list[dict]:
    blocks: list[dict] = []
    cur: dict | None = None
    for raw in lines:
        raw = raw.rstrip("\r")
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        body, _, comment = raw.partition("#")
        codes = re.findall(r"\[([^\]]*)\]", body)
        if raw[0] not in "+ \t[":
            cur = {"name": body.split("[")[0].strip(), "aliases": [], "codes": codes, "comment": comment}
            blocks.append(cur)
        elif cur is not None:
            if raw[0] == "+":
                alias = body.split("[")[0].strip()[1:].strip()
                if alias:
                    cur["aliases"].append(alias)
            cur["codes"] += codes
    return blocks


def phoenix_date(text: str, end: bool = False) -> date | None:
    digits = text.strip()
    if len(digits) == 6 and digits.isdigit():
        yy = int(digits[:2])
        year, month, day = (2000 + yy if yy <= 14 else 1900 + yy), int(digits[2:4]), int(digits[4:6])
    elif len(digits) == 8 and digits.isdigit():
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    else:
        return None
    for m, d in ((month, day), (month, 1), (1, 1)):
        try:
            return date(year, m, d)
        except ValueError:
            continue
    return None


def parse_code(code: str) -> tuple[str, str, date | None, date | None, bool] | None:
    """(state, sector, from, until, dated) of a Phoenix code, or None if it is no state's."""
    m = _CODE.match(code.strip())
    if not m:
        return None
    state, sectors, when = m.group(1), m.group(2), m.group(3).replace(" ", "")
    state = CODE_MAP.get(state, state)
    sector = sectors[:3] if sectors[:3] in SECTORS else ("GOV" if sectors else "")
    start = until = None
    if when.startswith(">"):
        start = phoenix_date(when[1:])
    elif when.startswith("<"):
        until = phoenix_date(when[1:])
    elif "-" in when:
        a, _, b = when.partition("-")
        start, until = phoenix_date(a), phoenix_date(b)
    return state, sector, start, until, bool(when)


def title(words: str) -> str:
    parts = [p for p in words.replace("_", " ").split() if p]
    out = []
    for i, p in enumerate(parts):
        low = p.lower()
        if i and low in _LOWER_WORDS:
            out.append(low)
            continue
        out.append("-".join(s[:1].upper() + s[1:].lower() if s else s for s in p.split("-")))
    text = " ".join(out)
    return re.sub(r"\b(Al|El)-", lambda m: m.group(1).lower() + "-", text) if len(out) > 1 else text


def is_person(block: dict, states: set[str]) -> bool:
    if "CountryInfo" in block["comment"]:
        return True
    parsed = [parse_code(c) for c in block["codes"]]
    return bool(parsed) and all(p is not None and p[1] for p in parsed) and any(p[4] for p in parsed if p)


def known_forms() -> tuple[set[str], set[str]]:
    """Folded names of people.yaml people, and of states, organisations and groups."""
    sys.path.insert(0, str(ROOT))
    from veille.actors.kb import load_kb_from

    forms = [f for f in load_kb_from([DATA]).forms if not f.entry_id.startswith("phx_")]  # not our own output
    people = {fold(f.text) for f in forms if f.kind == "person"}
    others = {fold(f.text) for f in forms if f.kind not in ("person", "surname")}
    return people, others


def build() -> list[dict]:
    people, others = known_forms()
    sys.path.insert(0, str(ROOT))
    from veille.actors.kb import load_kb_from

    states = {e.code for e in load_kb_from([DATA]).entries.values() if e.kind == "state"}
    records: list[dict] = []
    ids: Counter[str] = Counter()
    for block in parse_blocks(read_lines(PHOENIX)):
        if not block["name"] or not is_person(block, states):
            continue
        codes = [p for c in block["codes"] if (p := parse_code(c)) and p[0] in states]
        if not codes:
            continue
        main = title(block["name"])
        aliases = [title(re.sub(r"^THE_", "", a)) for a in block["aliases"]]
        multi = [n for n in [main, *aliases] if len(n.split()) > 1]
        surname = main.split()[-1] if len(main.split()) > 1 else ""
        single = [a for a in aliases if len(a.split()) == 1 and len(a) >= 5 and surname and fold(a) == fold(surname)]
        if len(main.split()) == 1 and len(main) >= 5:  # a one-word name ("Suharto")
            single.append(main)
        names = list(dict.fromkeys(n for n in [*multi, *single] if fold(n) not in others))
        if not names or any(fold(n) in people for n in names):
            continue
        surnames = []
        if surname and fold(surname) not in others:
            surnames.append(surname)
            bare = _ARTICLE.sub("", surname)
            if bare != surname and len(bare) >= 4:
                surnames.append(bare[:1].upper() + bare[1:])
        country = Counter(c[0] for c in codes).most_common(1)[0][0]
        offices = []
        for state, sector, start, until, _dated in codes:
            if sector in ("", "ELI") or (start and until and start >= until):  # no office, or dates reversed
                continue
            office = {"code": state, "sector": sector, "office": "official",
                      "from": start.isoformat() if start else None, "until": until.isoformat() if until else None}
            if office not in offices:
                offices.append(office)
        base = "phx_" + re.sub(r"[^a-z0-9]+", "_", fold(main)).strip("_")
        ids[base] += 1
        record = {"id": base if ids[base] == 1 else f"{base}_{ids[base]}", "country": country,
                  "names": {"en": names, "fr": names}}
        if surnames:
            record["surnames"] = list(dict.fromkeys(surnames))
        if any(c[1] == "ELI" for c in codes):
            record["sector"] = "ELI"
        record["offices"] = offices
        records.append(record)
    return records


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if leaders.jsonl is out of date")
    args = parser.parse_args(argv)
    if not PHOENIX.exists():
        print(f"not found: {PHOENIX}", file=sys.stderr)
        return 2
    text = render(build())
    if args.check:
        current = OUT.read_text("utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run tools/build_leaders.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT} ({text.count(chr(10))} people)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
