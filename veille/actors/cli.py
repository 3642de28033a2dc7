"""The library side of `veille actors resolve|show|search`: each yields the lines to print."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from typing import Any

from veille.actors.kb import KBEntry, load_kb
from veille.errors import InputError

__all__ = ["run_actors_command", "entry_record"]


def entry_record(entry: KBEntry) -> dict[str, Any]:
    """A KB entry as a JSON-ready dict (dates as ISO strings, empty fields left out)."""
    raw = asdict(entry)
    for key in ("valid_from", "valid_until"):
        raw[key] = raw[key].isoformat() if raw[key] else None
    for group in ("members", "offices"):
        for item in raw[group]:
            for key in ("start", "end"):
                item[key] = item[key].isoformat() if item[key] else None
    return {k: v for k, v in raw.items() if v not in ((), [], {}, "", None)}


def _resolve(text: str, lang: str, when: date | None) -> Iterator[str]:
    from veille.actors.text import resolve_text

    if text == "-":
        text = sys.stdin.read()
    if lang == "auto":
        from veille.nlp import detect_language

        lang = detect_language(text)[0]
    from veille.settings import get_settings

    if lang not in get_settings().models:
        raise InputError(f"language {lang!r} is not supported (supported: {', '.join(get_settings().languages)})")
    for actor in resolve_text(text, lang, when or date.today()):
        record = {"text": actor.text, "code": actor.code, "sector": actor.sector, "id": actor.id,
                  "name": actor.name, "start": actor.start, "end": actor.end}
        if actor.members:
            record["members"] = list(actor.members)
        record["how"] = actor.how
        yield json.dumps(record, ensure_ascii=False)


def run_actors_command(command: str, options: dict[str, Any]) -> Iterator[str]:
    kb = load_kb()
    if command == "resolve":
        yield from _resolve(options["text"], options.get("lang") or "auto", options.get("date"))
    elif command == "show":
        if options["id"] not in kb.entries:
            near = ", ".join(e.id for e in kb.search(options["id"], 5))
            hint = f" (did you mean: {near}?)" if near else ""
            raise InputError(f"no knowledge-base entry {options['id']!r}{hint}")
        yield json.dumps(entry_record(kb.get(options["id"])), ensure_ascii=False, indent=1)
    elif command == "search":
        for entry in kb.search(options["name"], options.get("limit") or 20):
            yield f"{entry.id}\t{entry.kind}\t{entry.code}\t{entry.name('fr')} / {entry.name('en')}"
