"""The actor resolver on hand-built parses (no model loads): people by date, coreference,
accent- and case-insensitive matching, membership expansion, people not in the KB."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import _blank, make_doc
from veille.actors.kb import fold, load_kb, load_kb_from
from veille.actors.mentions import MentionFinder, is_short_acronym
from veille.actors.text import actors_in_doc


@cache
def _finder(lang):
    return MentionFinder(load_kb(), lang, _blank(lang))  # built once per language: the KB is large


def _actors(lang, rows, when=date(2025, 5, 12)):
    doc = make_doc(lang, rows)
    return actors_in_doc(doc, load_kb(), lang, when, _finder(lang))


def _mentions(lang, words, when=date(2025, 5, 12)):
    rows = [(w, w, "PROPN", "dep", 0) for w in words]
    doc = make_doc(lang, rows)
    return [(m.text, m.entry_id, m.kind) for m in _finder(lang)(doc, when)]


def test_kb_fold_ignores_case_accents_and_apostrophes():
    assert fold("Côte d’Ivoire") == fold("COTE D'IVOIRE") == "cote d'ivoire"
    assert is_short_acronym("AES") and is_short_acronym("US") and not is_short_acronym("Cédéao")


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["Etat", "islamique"], "ISLAMIC_STATE"), (["RUSSIE"], "RUS"), (["COTE", "D'", "IVOIRE"], "CIV"),
     (["Burkina", "faso"], "BFA")],
)
def test_mentions_accent_and_case_insensitive(words, expected):
    found = _mentions("fr", words)
    assert found and found[0][1] == expected, found


def test_mentions_short_acronyms_and_lowercase_words_are_exact():
    assert _mentions("en", ["us"]) == []
    assert _mentions("en", ["Us"]) == []
    assert _mentions("en", ["turkey"]) == []
    assert _mentions("en", ["US"])[0][1] == "USA"
    assert _mentions("fr", ["aes"]) == []


def test_mentions_surname_only_after_full_name():
    assert _mentions("fr", ["Camara"]) == []
    found = _mentions("fr", ["Sadio", "Camara", "et", "Camara"])
    assert [m[2] for m in found] == ["person", "surname"]
    assert {m[1] for m in found} == {"sadio_camara"}


def test_mentions_shared_surname_goes_to_the_last_named():
    found = _mentions("fr", ["Choguel", "Maïga", "Abdoulaye", "Maïga", "puis", "Maïga"])
    assert found[-1][1] == "abdoulaye_maiga"


# "Andrei Belousov a salué l'AES ." on two dates
BELOUSOV = [("Andrei", "Andrei", "PROPN", "nsubj", 2),
            ("Belousov", "Belousov", "PROPN", "flat:name", 0), ("salue", "saluer", "VERB", "ROOT", 2),
            ("l'AES", "AES", "PROPN", "obj", 2), (".", ".", "PUNCT", "punct", 2)]


def test_person_resolves_to_office_on_the_date():
    kb = load_kb()
    person = kb.get("andrei_belousov")
    assert person.office_on(date(2025, 5, 12)).office == "defence_minister"
    assert person.office_on(date(2022, 1, 1)).office == "first_deputy_prime_minister"
    actor = _actors("fr", BELOUSOV)[0]
    assert (actor.code, actor.sector, actor.id) == ("RUS", "GOV", "andrei_belousov")
    assert "defence_minister" in actor.how


def test_person_out_of_office_is_a_former_official():
    kb = load_kb()
    assert kb.get("mohamed_bazoum").office_on(date(2024, 1, 1)) is None
    rows = [("Mohamed", "Mohamed", "PROPN", "nsubj", 2), ("Bazoum", "Bazoum", "PROPN", "flat:name", 0),
            ("parle", "parler", "VERB", "ROOT", 2)]
    actor = _actors("fr", rows, date(2024, 1, 1))[0]
    assert (actor.code, actor.sector) == ("NER", "ELI")
    actor = _actors("fr", rows, date(2022, 1, 1))[0]
    assert (actor.code, actor.sector) == ("NER", "GOV")


def test_office_holders_change_with_the_date():
    kb = load_kb()
    assert [e.id for e in kb.holders("defence_minister", "RUS", date(2025, 5, 12))] == ["andrei_belousov"]
    assert [e.id for e in kb.holders("defence_minister", "RUS", date(2013, 1, 1))] == ["sergei_shoigu"]
    assert [e.id for e in kb.holders("defence_minister", "NER", date(2024, 1, 1))] == ["salifou_mody"]
    assert [e.id for e in kb.holders("head_of_state", "AES", date(2025, 1, 1))] == ["assimi_goita"]
    assert [e.id for e in kb.holders("secretary_general", "UN", date(2010, 1, 1))] == ["ban_ki_moon"]


# "Le ministre russe de la Défense parle ." -> the office holder on the date
ROLE = [("Le", "le", "DET", "det", 1), ("ministre", "ministre", "NOUN", "nsubj", 6),
        ("russe", "russe", "ADJ", "amod", 1), ("de", "de", "ADP", "case", 5), ("la", "le", "DET", "det", 5),
        ("Défense", "défense", "NOUN", "nmod", 1), ("parle", "parler", "VERB", "ROOT", 6)]


@pytest.mark.parametrize(("when", "holder"), [(date(2025, 5, 12), "andrei_belousov"),
                                              (date(2013, 5, 12), "sergei_shoigu"),
                                              (date(2010, 5, 12), "anatoly_serdyukov")])
def test_role_with_nationality_is_the_office_holder_on_the_date(when, holder):
    actor = _actors("fr", ROLE, when)[0]
    assert (actor.code, actor.sector, actor.id) == ("RUS", "GOV", holder)


# "Le général Jean Dupont ( Mali ) parle . Dupont rentre . Le général rentre ."
UNKNOWN = [("Le", "le", "DET", "det", 1), ("général", "général", "NOUN", "nsubj", 8),
           ("Jean", "Jean", "PROPN", "appos", 1), ("Dupont", "Dupont", "PROPN", "flat:name", 2),
           ("(", "(", "PUNCT", "punct", 5), ("Mali", "Mali", "PROPN", "appos", 2), (")", ")", "PUNCT", "punct", 5),
           ("a", "avoir", "AUX", "aux", 8), ("parlé", "parler", "VERB", "ROOT", 8), (".", ".", "PUNCT", "punct", 8),
           ("Dupont", "Dupont", "PROPN", "nsubj", 11), ("rentre", "rentrer", "VERB", "ROOT", 11),
           (".", ".", "PUNCT", "punct", 11), ("Le", "le", "DET", "det", 14),
           ("général", "général", "NOUN", "nsubj", 15), ("rentre", "rentrer", "VERB", "ROOT", 15)]


def test_unknown_person_with_role_and_nationality_is_an_actor_not_in_kb():
    actors = _actors("fr", UNKNOWN)
    person = [a for a in actors if a.text == "Jean Dupont"]
    assert person and (person[0].code, person[0].sector, person[0].id) == ("MLI", "MIL", "")
    assert "not in KB" in person[0].how
    later = [a for a in actors if a.text == "Dupont"]
    assert later and later[0].code == "MLI" and "coreference" in later[0].how
    role = [a for a in actors if a.text == "général" and a.start > 40]
    assert role and role[0].code == "MLI" and "coreference" in role[0].how


# "Sadio Camara parle . Le ministre rentre ."
COREF = [("Sadio", "Sadio", "PROPN", "nsubj", 2), ("Camara", "Camara", "PROPN", "flat:name", 0),
         ("parle", "parler", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2),
         ("Le", "le", "DET", "det", 5), ("ministre", "ministre", "NOUN", "nsubj", 6),
         ("rentre", "rentrer", "VERB", "ROOT", 6)]


def test_role_alone_refers_to_the_person_named_before():
    actors = _actors("fr", COREF)
    assert [(a.text, a.code, a.id) for a in actors] == [("Sadio Camara", "MLI", "sadio_camara"),
                                                         ("ministre", "MLI", "sadio_camara")]


def test_role_alone_with_nobody_named_before_is_nobody():
    rows = [(w, lemma, pos, dep, head - 4) for w, lemma, pos, dep, head in COREF[4:]]
    assert _actors("fr", rows) == []


# "Les trois pays de l' AES partent ."
MEMBERS = [("Les", "le", "DET", "det", 2), ("trois", "trois", "NUM", "nummod", 2),
           ("pays", "pays", "NOUN", "nsubj", 6), ("de", "de", "ADP", "case", 5),
           ("l'", "le", "DET", "det", 5), ("AES", "AES", "PROPN", "nmod", 2), ("partent", "partir", "VERB", "ROOT", 6)]


def test_igo_member_expansion_on_the_date():
    codes = {a.code for a in _actors("fr", MEMBERS) if "members of AES" in a.how}
    assert codes == {"MLI", "NER", "BFA"}
    assert not [a for a in _actors("fr", MEMBERS, date(2023, 1, 1)) if "members of" in a.how]


# "Moscou et Ouagadougou coopèrent ."
CAPITALS = [("Moscou", "Moscou", "PROPN", "nsubj", 3), ("et", "et", "CCONJ", "cc", 2),
            ("Ouagadougou", "Ouagadougou", "PROPN", "conj", 0), ("coopèrent", "coopérer", "VERB", "ROOT", 3)]


def test_capitals_as_actors_are_their_governments():
    assert [(a.code, a.sector) for a in _actors("fr", CAPITALS)] == [("RUS", "GOV"), ("BFA", "GOV")]


def test_kb_user_people_file_overrides_an_entry(tmp_path: Path):
    (tmp_path / "people.yaml").write_text(
        "- {id: sadio_camara, country: MLI, names: {fr: [Sadio Camara]},\n"
        "   offices: [{code: MLI, sector: MIL, office: commander, from: 2020-01-01}]}\n"
        "- {id: new_person, country: FRA, names: {fr: [Nouvelle Personne]}, offices: []}\n", "utf-8")
    bundled = Path(__file__).resolve().parent.parent / "veille" / "actors" / "data"
    kb = load_kb_from([bundled, tmp_path])
    assert kb.get("sadio_camara").office_on(date(2025, 1, 1)).sector == "MIL"
    assert kb.get("new_person").code == "FRA"
    assert sum(f.entry_id == "sadio_camara" and f.kind == "person" for f in kb.forms) == 1


def test_kb_people_are_validated(tmp_path: Path):
    from veille.errors import DataFileError

    (tmp_path / "people.yaml").write_text("- {id: x, country: FRA, offices: [{code: FRA, office: ''}]}\n", "utf-8")
    with pytest.raises(DataFileError, match="office"):
        load_kb_from([tmp_path])
    (tmp_path / "people.yaml").write_text("- {id: x, country: FRA, offices: [{code: FRA, office: a, from: 2020}]}\n",
                                          "utf-8")
    with pytest.raises(DataFileError, match="date"):
        load_kb_from([tmp_path])


def test_kb_people_dates_are_consistent():
    for entry in load_kb().entries.values():
        for office in entry.offices:
            assert office.start is None or office.end is None or office.start < office.end, entry.id


def test_kb_search_ignores_accents():
    assert load_kb().search("goita")[0].id == "assimi_goita"


def test_surname_after_a_title_names_the_person_without_the_full_name():
    assert ("Mugabe", "phx_robert_mugabe", "surname") in _mentions("en", ["President", "Mugabe"], date(1995, 6, 1))
    assert not _mentions("en", ["Mugabe"], date(1995, 6, 1))  # a bare surname is not enough
    # a first name after a title is no surname: "le général Jean Dupont"
    assert all(m[1] != "phx_michaelle_jean" for m in _mentions("fr", ["général", "Jean", "Dupont"]))


def test_phoenix_leaders_are_dated_people():
    kb = load_kb()
    museveni = kb.get("phx_yoweri_museveni")
    assert museveni.code == "UGA" and museveni.office_on(date(2005, 1, 1)) is not None
    assert kb.get("phx_robert_mugabe").office_on(date(1970, 1, 1)) is None
    assert not any(e.id.startswith("phx_") and e.names.get("en", ("",))[0] == "Vladimir Putin"
                   for e in kb.entries.values())  # people.yaml's own entries win


def test_build_leaders_reads_phoenix_codes_and_dates():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_leaders", Path(__file__).parent.parent / "tools" /
                                                  "build_leaders.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.phoenix_date("860126") == date(1986, 1, 26) and tool.phoenix_date("070723") == date(2007, 7, 23)
    assert tool.phoenix_date("19270101") == date(1927, 1, 1) and tool.phoenix_date("9008223") is None
    assert tool.parse_code("UGAGOV >860126") == ("UGA", "GOV", date(1986, 1, 26), None, True)
    assert tool.parse_code("USRGOVMIL 800101-850101")[:2] == ("SUN", "GOV")
    assert tool.title("OMAR_HASSAN_AL-BASHIR_") == "Omar Hassan al-Bashir"


def test_actor_report_counts_and_confusions():
    from veille.actors.evaluate import ActorReport

    report = ActorReport("x")
    report.add("source", "state", True, "MLI", "MLI")
    report.add("source", "igo", False, "IGO", "-")
    report.add("source", "igo", False, "IGO", "-")
    report.add("target", "state", False, "NER", "MLI")
    assert report.cell("source").n == 3 and report.cell("source", "state").accuracy == 1.0
    assert report.top_confusions(1) == [("source", "IGO", "-", 2)]
    data = report.as_dict()
    assert data["accuracy"]["target"]["state"] == {"accuracy": 0.0, "correct": 0, "n": 1}


def test_kb_aliases_add_spellings_and_regions_to_states():
    kb = load_kb()
    forms = {(f.text, f.entry_id, f.kind) for f in kb.forms if f.lang == "en"}
    assert ("Phillippines", "PHL", "name") in forms and ("Kampuchea", "KHM", "name") in forms
    assert ("Darfur", "SDN", "region") in forms
    assert _mentions("en", ["Ethopia"])[0][1:] == ("ETH", "name")


def test_kb_aliases_are_validated(tmp_path: Path):
    from veille.errors import DataFileError

    bundled = Path(__file__).resolve().parent.parent / "veille" / "actors" / "data"
    (tmp_path / "aliases.yaml").write_text("XXX: {en: {names: [Nowhere]}}\n", "utf-8")
    with pytest.raises(DataFileError, match="no state"):
        load_kb_from([bundled, tmp_path])
    (tmp_path / "aliases.yaml").write_text("MLI: {en: {rivers: [Niger]}}\n", "utf-8")
    with pytest.raises(DataFileError, match="fields"):
        load_kb_from([bundled, tmp_path])
    (tmp_path / "aliases.yaml").write_text("MLI: {fr: {regions: [Macina]}}\n", "utf-8")
    kb = load_kb_from([bundled, tmp_path])
    assert any(f.text == "Macina" and f.entry_id == "MLI" and f.kind == "region" for f in kb.forms)


@pytest.mark.parametrize(("name", "variant"), [
    ("Omar Hassan al-Bashir", "Omar Hassan el Bashir"), ("Omar al Bashir", "Omar al-Bashir"),
    ("Jean-Marc Ayrault", "Jean Marc Ayrault"), ("Jean Bertrand Aristide", "Jean-Bertrand Aristide"),
    ("Abdel Fattah el-Sisi", "Abdel Fattah al-Sisi"),
])
def test_person_name_variants(name, variant):
    from veille.actors.kb import person_name_variants

    assert variant in person_name_variants(name) and person_name_variants(name)[0] == name
    assert person_name_variants("Vladimir Putin") == ["Vladimir Putin"]


def test_hispanic_names_are_matched_with_one_surname():
    from veille.actors.kb import person_name_variants

    assert {"Carlos Menem", "Carlos Saul"} <= set(person_name_variants("Carlos Saul Menem", hispanic=True))
    assert "Carlos Menem" not in person_name_variants("Carlos Saul Menem")
    when = date(1995, 6, 1)
    assert _mentions("en", ["Carlos", "Menem"], when)[0][1] == "phx_carlos_saul_menem"
    assert ("Rajoy", "phx_mariano_rajoy_brey", "surname") in _mentions("en", ["Mariano", "Rajoy", "Brey", "and",
                                                                            "Rajoy"], when)


def test_mentions_one_word_name_is_not_a_part_of_a_longer_name():
    when = date(1998, 10, 1)
    assert _mentions("en", ["Hassan"], when)[0][1] == "phx_hassan"
    assert all(m[1] != "phx_hassan" for m in _mentions("en", ["Ali", "Hassan", "Mansour"], when))
    assert all(m[1] != "ETH_KAREN" for m in _mentions("en", ["Karen", "Bass"]))
    assert _mentions("en", ["Karen", "rebels"])[0][1] == "ETH_KAREN"


def test_mentions_title_before_a_hyphenated_first_name_is_no_surname():
    found = _mentions("en", ["President", "Jean", "-", "Claude", "Juncker"])
    assert all(m[2] != "surname" or m[0] != "Jean" for m in found), found


def test_mentions_acronym_before_a_number_and_stance_prefixes():
    assert _mentions("fr", ["RN"])[0][1] == "FRA_RN"
    assert _mentions("fr", ["la", "RN", "16"]) == []
    assert _mentions("en", ["anti", "-", "Syria"]) == [] and _mentions("en", ["pro", "-", "Russian"]) == []
    assert _mentions("en", ["Syria"])[0][1] == "SYR"


ETHNIC = [("Up", "up", "ADV", "advmod", 3), ("to", "to", "ADP", "prep", 0), ("100", "100", "NUM", "pobj", 1),
          ("ethnic", "ethnic", "ADJ", "amod", 4), ("Albanians", "Albanians", "PROPN", "nsubj", 5),
          ("protested", "protest", "VERB", "ROOT", 5), ("in", "in", "ADP", "prep", 5),
          ("Serbia", "Serbia", "PROPN", "pobj", 6), (".", ".", "PUNCT", "punct", 5)]


def test_ethnic_demonym_is_coded_where_the_people_are():
    found = {a.text: a for a in _actors("en", ETHNIC)}
    assert found["Albanians"].code == "SRB" and found["Albanians"].id == "" and "ethnic group" in found["Albanians"].how


KIN = [("Ethnic", "ethnic", "ADJ", "amod", 1), ("Turks", "Turks", "PROPN", "nsubj", 2),
       ("protested", "protest", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2)]


def test_ethnic_demonym_alone_keeps_the_kin_state():
    assert [(a.code, a.sector) for a in _actors("en", KIN)] == [("TUR", "")]


RESIDENTS = [("Bosnian", "bosnian", "ADJ", "amod", 1), ("Serbs", "Serbs", "PROPN", "nsubj", 2),
             ("voted", "vote", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2)]


def test_people_of_one_nation_living_in_another_state():
    found = _actors("en", RESIDENTS)
    assert [(a.code, a.text) for a in found] == [("BIH", "Bosnian Serbs")]


def test_actor_report_lists_misses_with_their_sentence():
    from veille.actors.evaluate import ActorReport, Miss, _sentence

    text = "First line.\nIn Bamako, police arrested ten people.\nLast line."
    start = text.index("police")
    sentence = _sentence(text, start, start + len("police"))
    assert sentence == "In Bamako, [police] arrested ten people."
    report = ActorReport("x")
    report.add("source", "state", False, "MLI", "-", Miss("source", "state", "MLI", "police", sentence, ()))
    report.add("source", "state", True, "MLI", "MLI", Miss("source", "state", "MLI", "x", "", ()))
    assert len(report.misses) == 1
    assert report.misses[0].lines() == ["source state MLI 'police' -> -", "    | " + sentence]
