"""The actor knowledge base: states, organisations, non-state groups and role nouns, read from
dated data files (`actors/data/`) and validated on load.

Files:
- `states.jsonl`: one state per line (names, demonyms, capitals, cities per language; ISO dates).
- `organizations.yaml`, `groups.yaml`: organisations and armed/political groups, with members
  over time (`from`/`until` ISO dates).
- `roles/<lang>.yaml`: role nouns ("ministre de la défense", "general") -> PLOVER sector.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from veille.errors import DataFileError

__all__ = ["KBEntry", "Membership", "KnowledgeBase", "SurfaceForm", "load_kb", "SECTORS"]

SECTORS = frozenset(
    "GOV MIL COP JUD LEG REB SPY UAF UNK PTY CVL JRN OPP REL MED EDU BUS LAB SOC REF ELI PRE "
    "PRM CRM AGR IGO NGO".split()
)
_CODE = re.compile(r"^[A-Z]{3}$")
# Which KB field gives which kind of surface form.
_STATE_FIELDS = {"names": "name", "demonyms": "demonym", "capitals": "capital", "cities": "city"}


@dataclass(frozen=True, slots=True)
class Membership:
    code: str
    start: date | None = None
    end: date | None = None

    def active(self, when: date | None) -> bool:
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True)
class KBEntry:
    id: str
    code: str
    kind: str  # state | org | group
    sector: str
    names: dict[str, tuple[str, ...]]
    valid_from: date | None = None
    valid_until: date | None = None
    members: tuple[Membership, ...] = ()
    countries: tuple[str, ...] = ()

    def name(self, lang: str = "en") -> str:
        for key in (lang, "en", "fr"):
            if self.names.get(key):
                return self.names[key][0]
        return self.id

    def valid_on(self, when: date | None) -> bool:
        """Whether the entry exists on `when` (today's entries when `when` is None)."""
        if when is None:
            return self.valid_until is None
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_until is None or when < self.valid_until
        )

    def members_on(self, when: date | None) -> tuple[str, ...]:
        return tuple(sorted({m.code for m in self.members if m.active(when)}))


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    text: str
    entry_id: str
    kind: str  # name | demonym | capital | city | org | group
    lang: str


@dataclass
class KnowledgeBase:
    entries: dict[str, KBEntry] = field(default_factory=dict)
    forms: list[SurfaceForm] = field(default_factory=list)
    roles: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> term -> sector

    def get(self, entry_id: str) -> KBEntry:
        return self.entries[entry_id]

    def forms_for(self, lang: str) -> list[SurfaceForm]:
        return [f for f in self.forms if f.lang == lang]

    def role_sector(self, lang: str, term: str) -> str | None:
        return self.roles.get(lang, {}).get(term.lower())


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataFileError(f"{where}: bad ISO date {value!r}") from exc


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _CODE.match(value):
        raise DataFileError(f"{where}: code must be three capital letters, got {value!r}")
    return value


def _names(raw: Any, where: str) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DataFileError(f"{where}: expected a mapping language -> list of strings")
    out: dict[str, tuple[str, ...]] = {}
    for lang, values in raw.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise DataFileError(f"{where}: {lang!r} must be a list of non-empty strings")
        out[str(lang)] = tuple(values)
    return out


def _state(raw: dict[str, Any], where: str) -> tuple[KBEntry, list[SurfaceForm]]:
    entry = KBEntry(
        id=str(raw["id"]),
        code=_code(raw["code"], where),
        kind="state",
        sector="GOV",
        names=_names(raw.get("names"), where),
        valid_from=_date(raw.get("valid_from"), where),
        valid_until=_date(raw.get("valid_until"), where),
    )
    forms = [
        SurfaceForm(text, entry.id, kind, lang)
        for key, kind in _STATE_FIELDS.items()
        for lang, texts in _names(raw.get(key), f"{where} {key}").items()
        for text in texts
    ]
    return entry, forms


def _memberships(raw: Any, where: str) -> tuple[Membership, ...]:
    members = []
    for i, m in enumerate(raw or []):
        spot = f"{where} members[{i}]"
        members.append(Membership(_code(m.get("code"), spot), _date(m.get("from"), spot),
                                  _date(m.get("until"), spot)))
    return tuple(members)


def _organisation(raw: dict[str, Any], where: str, kind: str) -> tuple[KBEntry, list[SurfaceForm]]:
    sector = str(raw.get("sector") or "")
    if sector and sector not in SECTORS:
        raise DataFileError(f"{where}: unknown sector {sector!r}")
    entry = KBEntry(
        id=str(raw["id"]),
        code=_code(raw["code"], where),
        kind=kind,
        sector=sector,
        names=_names(raw.get("names"), where),
        valid_from=_date(raw.get("founded"), where),
        valid_until=_date(raw.get("dissolved"), where),
        members=_memberships(raw.get("members"), where),
        countries=tuple(raw.get("country") or ()),
    )
    forms = [SurfaceForm(t, entry.id, kind, lang) for lang, ts in entry.names.items() for t in ts]
    return entry, forms


def _jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if line.strip():
                where = f"{path.name}:{lineno}"
                try:
                    yield where, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataFileError(f"{where}: {exc.msg}") from exc


def _yaml_list(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or []
    except (yaml.YAMLError, ValueError) as exc:
        raise DataFileError(f"{path.name}: {exc}") from exc
    if not isinstance(data, list):
        raise DataFileError(f"{path.name}: expected a list of records")
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise DataFileError(f"{path.name}[{i}]: expected a mapping")
        yield f"{path.name}[{i}] ({item.get('id') or item.get('term')})", item


def _roles(path: Path) -> dict[str, str]:
    roles: dict[str, str] = {}
    for where, item in _yaml_list(path):
        sector = item.get("sector")
        if sector not in SECTORS or not isinstance(item.get("term"), str):
            raise DataFileError(f"{where}: needs a term and a known sector, got {sector!r}")
        roles[item["term"].lower()] = sector
    return roles


def _add(kb: KnowledgeBase, entry: KBEntry, forms: Iterable[SurfaceForm], where: str) -> None:
    if entry.id in kb.entries:
        raise DataFileError(f"{where}: duplicate id {entry.id!r}")
    kb.entries[entry.id] = entry
    kb.forms.extend(forms)


def load_kb_from(directories: Iterable[Path]) -> KnowledgeBase:
    """Read every KB file in `directories`, in order (later directories extend earlier ones)."""
    kb = KnowledgeBase()
    for directory in directories:
        states = directory / "states.jsonl"
        if states.exists():
            for where, raw in _jsonl(states):
                _add(kb, *_state(raw, where), where)
        for name, kind in (("organizations.yaml", "org"), ("groups.yaml", "group")):
            if (directory / name).exists():
                for where, raw in _yaml_list(directory / name):
                    _add(kb, *_organisation(raw, where, kind), where)
        for role_file in sorted((directory / "roles").glob("*.yaml")):
            kb.roles.setdefault(role_file.stem, {}).update(_roles(role_file))
    return kb


@cache
def load_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The bundled knowledge base, extended by the user directories in `extra` (cached)."""
    bundled = Path(str(resources.files("veille.actors").joinpath("data")))
    return load_kb_from([bundled, *(Path(p) for p in extra)])
