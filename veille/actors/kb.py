"""The actor knowledge base: states, organisations, non-state groups and role nouns, read from
dated data files (`actors/data/`) and validated on load.

Files:
- `states.jsonl`: one state per line (names, demonyms, capitals, cities per language; ISO dates).
- `aliases.yaml`: more surface forms of known states (spelling variants, historical names) and
  their regions: `{state id: {lang: {names|demonyms|capitals|cities|regions: [...]}}}`.
- `organizations.yaml`, `groups.yaml`: organisations and armed/political groups, with members
  over time (`from`/`until` ISO dates).
- `ethnic.yaml`: ethnic groups with the countries where they live (coded, in a text, with the
  country where they are, never with a kin state).
- `people.yaml`: people with the offices they held (`from`/`until` ISO dates); full names are
  matched anywhere, `surnames` only after the full name in the same article (coreference).
- `leaders.jsonl`: more people with dated offices, one `people.yaml` record per line (the
  bundled one: national leaders and ministers to 2014 from PETRARCH's Phoenix dictionary, built
  by `tools/build_leaders.py`; offices there are "official", without a type).
- `roles/<lang>.yaml`: role nouns ("ministre de la défense", "general") -> PLOVER sector.
- `offices.yaml`: which role nouns name which office ("ministre de la Défense" -> defence
  minister), so a role resolves to whoever held the office on the article's date.
- `lang.yaml`: per-language words the resolver needs (nouns for "the member states of X").

User directories (setting `kb_paths`, option `--kb`) hold files of the same names and shapes;
they extend the bundled KB, and an entry with an id already known replaces it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from veille.errors import DataFileError

__all__ = ["KBEntry", "Membership", "Office", "KnowledgeBase", "SurfaceForm", "load_kb", "load_kb_from",
           "configure_kb", "SECTORS", "person_name_variants"]

SECTORS = frozenset(
    "GOV MIL COP JUD LEG REB SPY UAF UNK PTY CVL JRN OPP REL MED EDU BUS LAB SOC REF ELI PRE "
    "PRM CRM AGR IGO NGO".split()
)
_CODE = re.compile(r"^[A-Z]{3}$")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: same result, faster
# Which KB field gives which kind of surface form.
_STATE_FIELDS = {"names": "name", "demonyms": "demonym", "capitals": "capital", "cities": "city",
                 "regions": "region"}


def in_period(start: date | None, end: date | None, when: date | None) -> bool:
    """Whether `when` falls in [start, end) (open ends allowed); with no date: still current."""
    if when is None:
        return end is None
    return (start is None or start <= when) and (end is None or when < end)


@dataclass(frozen=True, slots=True)
class Membership:
    code: str
    start: date | None = None
    end: date | None = None

    def active(self, when: date | None) -> bool:
        return in_period(self.start, self.end, when)


@dataclass(frozen=True, slots=True)
class Office:
    """An office a person held: the state (or organisation code) and sector it gives them."""

    code: str
    sector: str
    office: str  # head_of_state | head_of_government | defence_minister | foreign_minister | ...
    org: str = ""  # KB id of the organisation for offices in one (UN secretary-general)
    start: date | None = None
    end: date | None = None

    def active(self, when: date | None) -> bool:
        return in_period(self.start, self.end, when)


@dataclass(frozen=True, slots=True)
class KBEntry:
    id: str
    code: str
    kind: str  # state | org | group | ethnic | person
    sector: str
    names: dict[str, tuple[str, ...]]
    valid_from: date | None = None
    valid_until: date | None = None
    members: tuple[Membership, ...] = ()
    countries: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    note: str = ""

    def name(self, lang: str = "en") -> str:
        for key in (lang, "en", "fr"):
            if self.names.get(key):
                return self.names[key][0]
        return self.id

    def valid_on(self, when: date | None) -> bool:
        """Whether the entry exists on `when` (today's entries when `when` is None)."""
        return in_period(self.valid_from, self.valid_until, when)

    def members_on(self, when: date | None) -> tuple[str, ...]:
        return tuple(sorted({m.code for m in self.members if m.active(when)}))

    def office_on(self, when: date | None) -> Office | None:
        """The first listed office a person holds on `when` (the most current one if None)."""
        return next((o for o in self.offices if o.active(when)), None)

    def held_before(self, when: date | None) -> Office | None:
        """The latest office a person had left by `when`."""
        past = [o for o in self.offices if o.end is not None and (when is None or o.end <= when)]
        return max(past, key=lambda o: o.end or date.min) if past else None


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    text: str
    entry_id: str
    kind: str  # name | demonym | capital | city | region | org | group | ethnic | person | surname
    lang: str


@dataclass
class KnowledgeBase:
    entries: dict[str, KBEntry] = field(default_factory=dict)
    forms: list[SurfaceForm] = field(default_factory=list)
    roles: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> term -> sector
    offices: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> term -> office
    words: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)  # lang -> list name -> words

    def get(self, entry_id: str) -> KBEntry:
        return self.entries[entry_id]

    def forms_for(self, lang: str) -> list[SurfaceForm]:
        return [f for f in self.forms if f.lang == lang]

    def role_sector(self, lang: str, term: str) -> str | None:
        return self.roles.get(lang, {}).get(term.lower())

    def role_first_words(self, lang: str) -> frozenset[str]:
        """The first words of the role terms of `lang`: a token that is none of them starts no role."""
        cache = self.__dict__.setdefault("_role_first_words", {})
        if lang not in cache:
            words = [term.split()[0] for term in self.roles.get(lang, {}) if term.split()]
            # the tokenizer may split "porte-parole" or "l'armée": keep the part before - or ' too
            cache[lang] = frozenset(words) | {re.split(r"[-']", w, maxsplit=1)[0] for w in words}
        return cache[lang]

    def role_max_words(self, lang: str, *first: str) -> int:
        """The most words of a role term of `lang` starting with one of the words `first` (its
        text or lemma); a generous bound when a term's first word is split by the tokenizer."""
        cache = self.__dict__.setdefault("_role_max_words", {})
        if lang not in cache:
            longest: dict[str, int] = {}
            for term in self.roles.get(lang, {}):
                words = term.split()
                if words:
                    for key in {words[0], re.split(r"[-']", words[0], maxsplit=1)[0]}:
                        # "porte-parole" may be three tokens, "l'armée" two: count the pieces
                        pieces = len(re.findall(r"[-']|[^-'\s]+", term))
                        longest[key] = max(longest.get(key, 0), pieces)
            cache[lang] = longest
        return max((cache[lang].get(w, 0) for w in first), default=0)

    def role_office(self, lang: str, term: str) -> str | None:
        """The office a role term names ("ministre de la défense" -> defence_minister)."""
        return self.offices.get(lang, {}).get(term.lower().replace("’", "'"))

    def word_list(self, lang: str, name: str) -> frozenset[str]:
        return self.words.get(lang, {}).get(name, frozenset())

    def holders(self, office: str, code: str, when: date | None) -> list[KBEntry]:
        """People holding `office` for the state or organisation `code` (a KB id) on `when`."""
        index = self.__dict__.get("_holders")
        if index is None:  # office -> people who held it (built once: the KB holds thousands of people)
            index = self.__dict__["_holders"] = {}
            for e in self.entries.values():
                for name in {o.office for o in e.offices} if e.kind == "person" else ():
                    index.setdefault(name, []).append(e)
        return [e for e in index.get(office, ()) if any(
            o.office == office and code in (o.code, o.org) and o.active(when) for o in e.offices)]

    def search(self, name: str, limit: int = 20) -> list[KBEntry]:
        """Entries whose id or a surface form contains `name` (accents and case ignored)."""
        needle = fold(name)
        hits = {f.entry_id for f in self.forms if needle in fold(f.text)}
        hits |= {i for i in self.entries if needle in fold(i)}
        ranked = sorted(hits, key=lambda i: (self.entries[i].kind != "state", len(i), i))
        return [self.entries[i] for i in ranked[:limit]]


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Lowercase, without accents, with one apostrophe and one hyphen: the matching key (cached:
    it runs on every token of every article)."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'").replace("‑", "-"))
    return "".join(c for c in text if not unicodedata.combining(c))


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


def _aliases(kb: KnowledgeBase, path: Path) -> list[SurfaceForm]:
    """aliases.yaml: extra surface forms of states already loaded."""
    forms = []
    for entry_id, by_lang in _yaml_mapping(path).items():
        where = f"{path.name} {entry_id}"
        if entry_id not in kb.entries or kb.entries[entry_id].kind != "state":
            raise DataFileError(f"{where}: no state with that id")
        if not isinstance(by_lang, dict):
            raise DataFileError(f"{where}: expected {{lang: {{names|demonyms|capitals|cities|regions: [...]}}}}")
        for lang, fields in by_lang.items():
            if not isinstance(fields, dict) or set(fields) - set(_STATE_FIELDS):
                raise DataFileError(f"{where} {lang}: fields must be among {', '.join(_STATE_FIELDS)}")
            for key, texts in _names(fields, f"{where} {lang}").items():
                forms += [SurfaceForm(t, str(entry_id), _STATE_FIELDS[key], str(lang)) for t in texts]
    return forms


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


def _offices(raw: Any, where: str) -> tuple[Office, ...]:
    offices = []
    for i, o in enumerate(raw or []):
        spot = f"{where} offices[{i}]"
        if not isinstance(o, dict) or not o.get("office"):
            raise DataFileError(f"{spot}: needs an office name")
        sector = str(o.get("sector") or "GOV")
        if sector not in SECTORS:
            raise DataFileError(f"{spot}: unknown sector {sector!r}")
        offices.append(Office(_code(o.get("code"), spot), sector, str(o["office"]), str(o.get("org") or ""),
                              _date(o.get("from"), spot), _date(o.get("until"), spot)))
    return tuple(offices)


def _person(raw: dict[str, Any], where: str) -> tuple[KBEntry, list[SurfaceForm]]:
    entry = KBEntry(
        id=str(raw["id"]),
        code=_code(raw.get("country"), where),
        kind="person",
        sector=str(raw.get("sector") or ""),
        names=_names(raw.get("names"), where),
        offices=_offices(raw.get("offices"), where),
        note=str(raw.get("note") or ""),
    )
    hispanic = entry.code in _HISPANIC
    forms = [SurfaceForm(v, entry.id, "person", lang) for lang, ts in entry.names.items() for t in ts
             for v in person_name_variants(t, hispanic)]
    surnames = raw.get("surnames") or []
    if not isinstance(surnames, list) or not all(isinstance(x, str) for x in surnames):
        raise DataFileError(f"{where}: surnames must be a list of strings")
    if hispanic:  # the paternal surname is the one used alone: "President Rajoy" for Mariano Rajoy Brey
        surnames = [*surnames, *(n.split(" ")[-2] for ts in entry.names.values() for n in ts
                                 if len(n.split(" ")) == 3 and n.split(" ")[-2][:1].isupper())]
        surnames = list(dict.fromkeys(surnames))
    forms += [SurfaceForm(t, entry.id, "surname", lang) for t in surnames for lang in entry.names]
    return entry, forms


_ARTICLE = re.compile(r"(?i)^(al|el)[-\s](\S+)$")


#: States where people carry two surnames, paternal then maternal (Spanish and Portuguese usage).
_HISPANIC = frozenset("ARG BOL BRA CHL COL CRI CUB DOM ECU ESP GNQ GTM HND MEX NIC PAN PER PRI PRT PRY SLV URY "
                      "VEN AGO MOZ CPV GNB STP TLS".split())


def person_name_variants(name: str, hispanic: bool = False) -> list[str]:
    """Spellings of a person's name the press uses: the name itself; hyphenated given names
    written either way ("Jean-Marc Ayrault" / "Jean Marc Ayrault", "Jean Bertrand Aristide" /
    "Jean-Bertrand Aristide"); the Arabic article written al-, el-, al or el ("Omar al-Bashir",
    "Omar el-Bashir", "Omar El Bashir"); for a three-word Spanish or Portuguese name, the given
    name with either of the others ("Carlos Saul Menem" -> "Carlos Menem"; "Mariano Rajoy Brey"
    -> "Mariano Rajoy")."""
    out = [name]
    words = name.split(" ")
    if hispanic and len(words) == 3 and all(w[:1].isupper() and w.isalpha() for w in words):
        out += [f"{words[0]} {words[2]}", f"{words[0]} {words[1]}"]
    if "-" in name and not any(_ARTICLE.match(w) for w in words):
        out.append(name.replace("-", " "))
    if len(words) == 3 and all(w[:1].isupper() and w.isalpha() for w in words):
        out.append(f"{words[0]}-{words[1]} {' '.join(words[2:])}")
    for i, word in enumerate(words):  # "al-Bashir" or "al Bashir" (two words)
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) and word.lower() in ("al", "el") else word
        m = _ARTICLE.match(pair)
        if m and i > 0 and m.group(2)[:1].isupper():
            before, after = " ".join(words[:i]), " ".join(words[i + (2 if pair != word else 1):])
            for article in ("al-", "el-", "al ", "el "):
                out.append(" ".join(p for p in (before, article + m.group(2), after) if p))
            break
    return list(dict.fromkeys(out))


def _office_terms(path: Path) -> dict[str, dict[str, str]]:
    """offices.yaml: {office: {lang: [terms]}} -> lang -> term -> office."""
    data = _yaml_mapping(path)
    out: dict[str, dict[str, str]] = {}
    for office, by_lang in data.items():
        for lang, terms in _names(by_lang, f"{path.name} {office}").items():
            out.setdefault(lang, {}).update({t.lower(): str(office) for t in terms})
    return out


def _lang_words(path: Path) -> dict[str, dict[str, frozenset[str]]]:
    """lang.yaml: {lang: {list name: [words]}}."""
    data = _yaml_mapping(path)
    out: dict[str, dict[str, frozenset[str]]] = {}
    for lang, lists in data.items():
        named = _names(lists, f"{path.name} {lang}")
        out[str(lang)] = {k: frozenset(w.lower() for w in v) for k, v in named.items()}
    return out


def _yaml_mapping(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_YAML_LOADER) or {}
    except (yaml.YAMLError, ValueError) as exc:
        raise DataFileError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{path.name}: expected a mapping")
    return data


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
        data = yaml.load(path.read_text("utf-8"), Loader=_YAML_LOADER) or []
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


def _add(kb: KnowledgeBase, entry: KBEntry, forms: Iterable[SurfaceForm], where: str,
         ids: set[str]) -> None:
    """Add an entry; a duplicate id within one directory is an error, across directories the
    later one (a user's file) replaces the earlier."""
    if entry.id in ids:
        raise DataFileError(f"{where}: duplicate id {entry.id!r}")
    ids.add(entry.id)
    if entry.id in kb.entries:
        kb.forms = [f for f in kb.forms if f.entry_id != entry.id]
    kb.entries[entry.id] = entry
    kb.forms.extend(forms)


_RECORD_FILES = (("organizations.yaml", "org"), ("groups.yaml", "group"), ("ethnic.yaml", "ethnic"),
                 ("people.yaml", "person"))


def _load_directory(kb: KnowledgeBase, directory: Path) -> None:
    if not directory.is_dir():
        raise DataFileError(f"knowledge-base directory not found: {directory}")
    ids: set[str] = set()
    states = directory / "states.jsonl"
    if states.exists():
        for where, raw in _jsonl(states):
            _add(kb, *_state(raw, where), where, ids)
    if (directory / "aliases.yaml").exists():
        kb.forms.extend(_aliases(kb, directory / "aliases.yaml"))
    for name, kind in _RECORD_FILES:
        if (directory / name).exists():
            for where, raw in _yaml_list(directory / name):
                if "id" not in raw:
                    raise DataFileError(f"{where}: needs an id")
                read = _person(raw, where) if kind == "person" else _organisation(raw, where, kind)
                _add(kb, *read, where, ids)
    leaders = directory / "leaders.jsonl"
    if leaders.exists():
        for where, raw in _jsonl(leaders):
            if "id" not in raw:
                raise DataFileError(f"{where}: needs an id")
            _add(kb, *_person(raw, where), where, ids)
    for role_file in sorted((directory / "roles").glob("*.yaml")):
        kb.roles.setdefault(role_file.stem, {}).update(_roles(role_file))
    if (directory / "offices.yaml").exists():
        for lang, terms in _office_terms(directory / "offices.yaml").items():
            kb.offices.setdefault(lang, {}).update(terms)
    if (directory / "lang.yaml").exists():
        for lang, lists in _lang_words(directory / "lang.yaml").items():
            kb.words.setdefault(lang, {}).update(lists)


def load_kb_from(directories: Iterable[Path]) -> KnowledgeBase:
    """Read every KB file in `directories`, in order (later directories extend earlier ones)."""
    kb = KnowledgeBase()
    for directory in directories:
        _load_directory(kb, Path(directory))
    return kb


_USER_DIRS: list[str] = []


def configure_kb(paths: Iterable[str]) -> None:
    """Add user KB directories (the CLI's `--kb`) to those of the `kb_paths` setting."""
    _USER_DIRS[:] = [str(p) for p in paths]


def load_kb(extra: tuple[str, ...] | None = None) -> KnowledgeBase:
    """The bundled knowledge base, extended by the user directories in `extra` (default: the
    `kb_paths` setting, then those given to `configure_kb`). Cached per set of directories."""
    if extra is None:
        from veille.settings import get_settings

        extra = (*getattr(get_settings(), "kb_paths", ()), *_USER_DIRS)
    return _load_cached(tuple(extra))


@cache
def _load_cached(extra: tuple[str, ...]) -> KnowledgeBase:
    bundled = Path(str(resources.files("veille.actors").joinpath("data")))
    return load_kb_from([bundled, *(Path(p) for p in extra)])
