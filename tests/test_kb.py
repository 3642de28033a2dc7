from datetime import date
from pathlib import Path

import pytest

from veille.actors.kb import load_kb, load_kb_from
from veille.errors import DataFileError


def test_kb_has_every_state_with_french_and_english_names():
    kb = load_kb()
    states = [e for e in kb.entries.values() if e.kind == "state"]
    assert len(states) >= 249
    assert all(e.names.get("fr") and e.names.get("en") for e in states)
    assert kb.get("KOS").code == "KOS"


@pytest.mark.parametrize(
    ("lang", "text", "entry", "kind"),
    [("fr", "nigériennes", "NER", "demonym"), ("fr", "burkinabè", "BFA", "demonym"),
     ("fr", "Moscou", "RUS", "capital"), ("fr", "Ouagadougou", "BFA", "capital"),
     ("en", "Nigerian", "NGA", "demonym"), ("fr", "Russie", "RUS", "name"),
     ("fr", "AES", "AES", "org"), ("en", "Alliance of Sahel States", "AES", "org")],
)
def test_kb_surface_forms(lang, text, entry, kind):
    kb = load_kb()
    assert any(f.text == text and f.entry_id == entry and f.kind == kind for f in kb.forms_for(lang))


def test_kb_memberships_change_over_time():
    kb = load_kb()
    ecowas = next(e for e in kb.entries.values() if "ECOWAS" in e.names.get("en", ()))
    assert "MLI" in ecowas.members_on(date(2024, 6, 1))
    assert "MLI" not in ecowas.members_on(date(2025, 6, 1))
    assert kb.get("AES").members_on(date(2023, 1, 1)) == ()
    assert kb.get("AES").members_on(date(2025, 5, 12)) == ("BFA", "MLI", "NER")


def test_kb_historical_states_have_dates():
    sun = load_kb().get("SUN")
    assert sun.valid_on(date(1980, 1, 1)) and not sun.valid_on(date(2025, 1, 1))


def test_kb_roles_give_sectors():
    kb = load_kb()
    assert kb.role_sector("fr", "ministre de la défense") == "GOV"
    assert kb.role_sector("fr", "général") == "MIL"
    assert kb.role_sector("en", "general") == "MIL"
    assert kb.role_sector("en", "police") == "COP"


def test_kb_user_directory_extends_and_is_validated(tmp_path: Path):
    (tmp_path / "organizations.yaml").write_text(
        "- {id: TESTORG, code: IGO, sector: GOV, names: {fr: [Organisation test]}}\n", "utf-8")
    kb = load_kb_from([tmp_path])
    assert kb.get("TESTORG").name("fr") == "Organisation test"
    (tmp_path / "organizations.yaml").write_text("- {id: BAD, code: igo, names: {}}\n", "utf-8")
    with pytest.raises(DataFileError, match="three capital letters"):
        load_kb_from([tmp_path])
    (tmp_path / "organizations.yaml").write_text(
        "- {id: X, code: IGO, founded: 2024-13-01, names: {}}\n", "utf-8")
    with pytest.raises(DataFileError):
        load_kb_from([tmp_path])
