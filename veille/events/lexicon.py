"""Per-language event data: trigger lexicons (`events/data/<lang>/triggers.yaml`) and grammar
(`events/data/<lang>/grammar.yaml`), validated on load."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from veille.errors import DataFileError
from veille.events.ontology import EVENT_TYPES

__all__ = ["Trigger", "Grammar", "Lexicon", "load_lexicon", "parse_triggers", "parse_grammar"]

_CAMEO = re.compile(r"^\d{2,4}$")
_KEYS = frozenset({"lemma", "pos", "event", "mode", "cameo", "context", "with", "without", "intransitive",
                   "absorbs", "also", "agent_noun", "note"})


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    pos: str  # VERB | NOUN
    event: str
    cameo: str
    mode: str = ""
    context: tuple[str, ...] = ()
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()  # blocked when one of these is a child ("s'attaquer à")
    intransitive: bool = False  # blocked when the trigger has a direct object ("demonstrate X")
    absorbs: bool = False
    also: bool = False  # fires besides the entry that matched first ("opération conjointe contre")
    agent_noun: bool = False  # the noun names its own actors: "des manifestants" (PROTEST)
    rule: str = ""  # set on triggers made by a construction rather than read from the lexicon

    @property
    def label(self) -> str:
        if self.rule:
            return self.rule
        extra = f"+{'/'.join(self.with_)}" if self.with_ else ""
        return f"{self.pos.lower()} '{self.lemma}{extra}'"


@dataclass(frozen=True)
class Grammar:
    language: str
    sets: dict[str, frozenset[str]]
    numbers: dict[str, int]
    context_cues: dict[str, tuple[str, ...]]

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.sets[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Lexicon:
    language: str
    grammar: Grammar
    triggers: dict[tuple[str, str], tuple[Trigger, ...]] = field(default_factory=dict)

    def lookup(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self.triggers.get((lemma, pos), ())


def _trigger(raw: dict[str, Any], where: str) -> Trigger:
    try:
        event, lemma, pos = raw["event"], str(raw["lemma"]).lower(), raw.get("pos", "VERB")
        cameo = str(raw["cameo"])
    except KeyError as exc:
        raise DataFileError(f"{where}: missing {exc}") from exc
    unknown = set(raw) - _KEYS
    if unknown:
        raise DataFileError(f"{where}: unknown keys {sorted(unknown)}")
    if event not in EVENT_TYPES:
        raise DataFileError(f"{where}: unknown event type {event!r}")
    if pos not in ("VERB", "NOUN"):
        raise DataFileError(f"{where}: pos must be VERB or NOUN, got {pos!r}")
    if not _CAMEO.match(cameo):
        raise DataFileError(f"{where}: bad CAMEO code {cameo!r}")
    for key in ("with", "without"):
        if any(not isinstance(w, str) for w in raw.get(key) or ()):  # YAML reads on/off/yes/no as booleans
            raise DataFileError(f"{where}: `{key}` words must be strings (quote on/off/yes/no): {raw[key]!r}")
    return Trigger(
        lemma=lemma,
        pos=pos,
        event=event,
        cameo=cameo,
        mode=str(raw.get("mode") or ""),
        context=tuple(raw.get("context") or ()),
        with_=tuple(str(w).lower() for w in raw.get("with") or ()),
        without=tuple(str(w).lower() for w in raw.get("without") or ()),
        intransitive=bool(raw.get("intransitive", False)),
        absorbs=bool(raw.get("absorbs", False)),
        also=bool(raw.get("also", False)),
        agent_noun=bool(raw.get("agent_noun", False)),
    )


def parse_triggers(data: Any, origin: str) -> dict[tuple[str, str], tuple[Trigger, ...]]:
    if not isinstance(data, list):
        raise DataFileError(f"{origin}: expected a list of trigger entries")
    table: dict[tuple[str, str], list[Trigger]] = {}
    for i, raw in enumerate(data):
        if not isinstance(raw, dict):
            raise DataFileError(f"{origin}[{i}]: expected a mapping")
        trig = _trigger(raw, f"{origin}[{i}] ({raw.get('lemma')})")
        table.setdefault((trig.lemma, trig.pos), []).append(trig)
    # entries with a `with` condition are more specific: try them first
    return {k: tuple(sorted(v, key=lambda t: not t.with_)) for k, v in table.items()}


def parse_grammar(data: Any, origin: str) -> Grammar:
    if not isinstance(data, dict):
        raise DataFileError(f"{origin}: expected a mapping")
    try:
        numbers = {str(k): int(v) for k, v in (data.get("numbers") or {}).items()}
        cues = {str(k): tuple(map(str, v)) for k, v in (data.get("context_cues") or {}).items()}
        sets = {
            str(k): frozenset(str(x) for x in v)
            for k, v in data.items()
            if isinstance(v, list)
        }
        return Grammar(language=str(data["language"]), sets=sets, numbers=numbers, context_cues=cues)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"{origin}: {exc}") from exc


def _load_yaml(lang: str, name: str) -> Any:
    path = resources.files("veille.events").joinpath("data", lang, name)
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise DataFileError(f"no {name} for language {lang!r}") from exc
    except (yaml.YAMLError, ValueError) as exc:
        raise DataFileError(f"events/data/{lang}/{name}: {exc}") from exc


@cache
def load_lexicon(lang: str) -> Lexicon:
    grammar = parse_grammar(_load_yaml(lang, "grammar.yaml"), f"{lang}/grammar.yaml")
    triggers = parse_triggers(_load_yaml(lang, "triggers.yaml"), f"{lang}/triggers.yaml")
    return Lexicon(language=lang, grammar=grammar, triggers=triggers)
