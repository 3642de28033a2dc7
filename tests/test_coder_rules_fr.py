"""Coder rules and lexicon families on real French parses (fr_core_news_sm). The sentences were
written for these tests in the style of Sahel and West African political news; none is taken
from a gold set (tests/gold/fr_dev.json holds other sentences of the same shapes)."""

from __future__ import annotations

from datetime import date

import pytest

from veille.models import Article
from veille.nlp.models import load_model
from veille.nlp.normalise import for_parsing
from veille.pipeline import code_doc

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return load_model("fr")


def _code(nlp, text):
    article = Article(id="t", text=text, language="fr", published=date(2024, 3, 4))
    return code_doc(nlp(for_parsing(text)), article)


def _tuples(events):
    return {(e.event, tuple(sorted(a.code for a in e.actor)), tuple(sorted(r.code for r in e.recipient)))
            for e in events}


# (sentence, expected (event, actors, recipients) among the coded events; the listed codes must
# be among the event's codes)
CASES = [
    # lexicon: light verbs and fixed phrases of French political news
    ("Le Parlement sénégalais a voté la confiance au gouvernement du Sénégal.", ("SUPPORT", ("SEN",), ())),
    ("Le Mali a déclaré persona non grata l'ambassadeur de Suède.", ("SANCTION", ("MLI",), ("SWE",))),
    ("Les autorités maliennes ont placé en résidence surveillée un opposant.", ("COERCE", ("MLI",), ())),
    ("Le Mali a suspendu la diffusion de la chaîne française France 24.", ("COERCE", ("MLI",), ("FRA",))),
    ("Le Niger a rétabli ses échanges commerciaux avec le Bénin.", ("COOPERATE", ("NER",), ("BEN",))),
    ("Les derniers soldats américains ont quitté le Niger dimanche.", ("RETREAT", ("USA",), ())),
    ("L'Union africaine a ordonné l'activation de sa force en attente.", ("MOBILIZE", ("IGO",), ())),
    ("Le Tchad s'est plaint auprès de l'ONU de la présence de rebelles soudanais.", ("ACCUSE", ("TCD",), ())),
    ("La police sénégalaise a dispersé à coups de gaz lacrymogène des étudiants.",
     ("ASSAULT", ("SEN",), ())),
    ("La CEDEAO a suspendu toutes les transactions financières avec la Guinée.", ("SANCTION", ("IGO",), ("GIN",))),
    # light verbs that carry a nominal act and its recipient
    ("Le Sénégal a officialisé sa demande d'aide au Fonds monétaire international.", ("REQUEST", ("SEN",), ("IGO",))),
    ("Le Parlement européen a voté de nouvelles sanctions contre la Russie.", ("SANCTION", ("EUR",), ("RUS",))),
    # "opération conjointe contre": cooperation between the armies and an attack (an `also` entry)
    ("Les armées malienne et nigérienne ont mené une opération conjointe contre des jihadistes.",
     ("COOPERATE", ("MLI", "NER"), ())),
    ("Les armées malienne et nigérienne ont mené une opération conjointe contre des jihadistes.",
     ("ASSAULT", ("MLI", "NER"), ())),
    # "X est attendu à Y": a coming visit, an intent to meet (AGREE in PLOVER)
    ("Le Premier ministre malien est attendu à Niamey la semaine prochaine.", ("AGREE", ("MLI",), ("NER",))),
    ("Le président ghanéen est attendu lundi à Ouagadougou pour une visite de travail.",
     ("AGREE", ("GHA",), ("BFA",))),
    # a negated participation in a meeting is a refusal
    ("Le Burkina Faso ne participera pas au sommet de la CEDEAO.", ("REJECT", ("BFA",), ())),
    # military advisers arriving with equipment: military aid; "sont arrivés" is no passive
    ("Des instructeurs russes sont arrivés au Burkina Faso avec des équipements militaires.",
     ("AID", ("RUS",), ("BFA",))),
    # an agentless passive state act: the authorities of the place where it happened
    ("Trois policiers béninois détenus au Niger ont été libérés jeudi.", ("RETREAT", ("NER",), ("BEN",))),
    # a passive agent that is a role with no nationality, placed by the sentence
    ("Deux journalistes ont été arrêtés à Bamako par des agents de la police.", ("COERCE", ("MLI",), ("MLI",))),
    # a participle hung on a non-actor noun takes the subject of the verb above it
    ("Le Niger a annoncé la fermeture de sa frontière, accusant le Bénin d'abriter des terroristes.",
     ("ACCUSE", ("NER",), ("BEN",))),
    # the dative clitic stands for the previous sentence's recipient
    ("Le président tchadien a reçu son homologue soudanais. Il lui a promis une aide alimentaire.",
     ("AGREE", ("TCD",), ("SDN",))),
    # a hypothetical sanction on a condition is a threat
    ("La CEDEAO pourrait suspendre son aide au Niger si la junte ne libère pas le président.",
     ("THREATEN", ("IGO",), ("NER",))),
    # "les deux chefs d'État" after two states named in the same sentence
    ("Le président sénégalais a reçu son homologue mauritanien ; les deux dirigeants ont convenu de "
     "renforcer leur coopération.", ("AGREE", ("MRT", "SEN"), ())),
    # members leaving their organisation: the possessive is the actor, the organisation the target
    ("Le Mali et le Niger ont annoncé leur retrait de la CEDEAO.", ("SANCTION", ("MLI", "NER"), ("IGO",))),
    # a coercive act on a role with no nationality targets the acting state's own people
    ("Les autorités guinéennes ont suspendu les activités des partis politiques.", ("COERCE", ("GIN",), ("GIN",))),
    ("L'armée nigériane a tué plusieurs combattants lors d'une embuscade.", ("ASSAULT", ("NGA",), ("NGA",))),
    # an object the parser hung under "jusqu'à nouvel ordre"
    ("Le Burkina Faso a suspendu jusqu'à nouvel ordre la diffusion de la radio française RFI.",
     ("COERCE", ("BFA",), ("FRA",))),
    # a pronominal verb is not a passive: its subject is the actor
    ("Des milliers de manifestants se sont rassemblés à Niamey contre la présence française.",
     ("PROTEST", ("NER",), ())),
]


# (sentence, event types that must NOT be coded)
ABSENT = [
    # the condition of a threat states no event
    ("La CEDEAO pourrait suspendre son aide au Niger si la junte ne libère pas le président.", {"REJECT", "RETREAT"}),
    # the purpose of a protest and the demand of protesters are the protest itself
    ("Des centaines de manifestants ont défilé à Bamako pour réclamer le départ de la MINUSMA.", {"REQUEST"}),
    ("La police a dispersé à Conakry des manifestants qui exigeaient la libération des détenus.", {"REQUEST"}),
    # a ministry protesting is a formal complaint, not a demonstration
    ("Le gouvernement algérien a protesté contre la violation de son espace aérien par le Mali.", {"PROTEST"}),
    # "manifestation" in its other sense, the expression of something, is no protest
    ("Le ministre a salué la manifestation d'une volonté de dialogue au Mali.", {"PROTEST", "ACCUSE"}),
    # what is rejected or conceded to is not an event of its own
    ("La junte nigérienne a rejeté l'ultimatum de la CEDEAO.", {"THREATEN"}),
    ("Paris a cédé aux exigences de la junte nigérienne.", {"REQUEST"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"{i}-{c[1][0]}" for i, c in enumerate(CASES)])
def test_french_rule(nlp, text, expected):
    got = _tuples(_code(nlp, text))
    event, actors, recipients = expected
    assert any(e == event and set(actors) <= set(a) and set(recipients) <= set(r) for e, a, r in got), got


@pytest.mark.parametrize(("text", "absent"), ABSENT, ids=[c[0][:40] for c in ABSENT])
def test_french_construction_not_coded(nlp, text, absent):
    events = _code(nlp, text)
    assert events, "the governing event is coded"
    assert not {e.event for e in events} & absent, _tuples(events)


def test_explain_names_the_fallbacks(nlp):
    events = _code(nlp, "Trois policiers béninois détenus au Niger ont été libérés jeudi.")
    release = next(e for e in events if e.event == "RETREAT")
    assert "no known agent" in release.explain and "Niger" in release.explain
    events = _code(nlp, "Le Mali et le Niger ont annoncé leur retrait de la CEDEAO.")
    left = next(e for e in events if e.event == "SANCTION")
    assert "withdrawing from" in left.explain


def test_also_entries_need_their_own_condition(nlp):
    """Without "conjointe", an operation against jihadists is an attack only."""
    events = _code(nlp, "L'armée malienne a mené une opération contre des jihadistes.")
    assert "ASSAULT" in {e.event for e in events}
    assert "COOPERATE" not in {e.event for e in events}


def test_agent_hung_on_an_active_verb_is_a_recipient():
    """"réunion convoquée par la CEDEAO" parsed with "par la CEDEAO" on the active main verb: it
    belongs to a participle, and names the host, not the actor (hand-built parse)."""
    from tests.conftest import _blank, make_doc
    from veille.actors.kb import load_kb
    from veille.actors.mentions import MentionFinder

    rows = [
        ("Le", "le", "DET", "det", 1), ("Niger", "Niger", "PROPN", "nsubj", 3),
        ("ne", "ne", "ADV", "advmod", 3), ("participera", "participer", "VERB", "ROOT", 3),
        ("pas", "pas", "ADV", "advmod", 3), ("à", "à", "ADP", "case", 7), ("la", "le", "DET", "det", 7),
        ("réunion", "réunion", "NOUN", "obl:arg", 3), ("convoquée", "convoquer", "ADJ", "amod", 7),
        ("par", "par", "ADP", "case", 11), ("la", "le", "DET", "det", 11),
        ("CEDEAO", "CEDEAO", "PROPN", "obl:agent", 3), (".", ".", "PUNCT", "punct", 3),
    ]
    doc = make_doc("fr", rows)
    finder = MentionFinder(load_kb(), "fr", _blank("fr"))
    article = Article(text=doc.text, path="t.txt", language="fr", published=date(2023, 8, 10))
    assert ("REJECT", ("NER",), ("IGO",)) in _tuples(code_doc(doc, article, finder))


def test_active_attendre_is_no_visit(nlp):
    events = _code(nlp, "Le Mali attend toujours une délégation du Niger à Bamako.")
    assert not {e.event for e in events} & {"CONSULT", "AGREE"}, _tuples(events)


@pytest.mark.parametrize(("text", "state"), [
    ("Deux soldats nigériens ont été tués par l'explosion d'une mine dans la région de Tillabéri.", "NER"),
    ("Une embuscade a tué cinq gendarmes burkinabè dans le nord du pays, près de Djibo.", "BFA"),
])
def test_unattributed_attack_is_an_unidentified_armed_force_of_the_place(nlp, text, state):
    events = [e for e in _code(nlp, text) if e.event == "ASSAULT" and e.actor[0].sector == "UAF"]
    assert events, [e.explain for e in _code(nlp, text)]
    assert events[0].actor[0].code == state
    assert state in {r.code for r in events[0].recipient}
    assert "no named perpetrator" in events[0].explain


def test_an_accident_is_no_attack(nlp):
    events = _code(nlp, "Deux touristes français ont été tués dans un accident de la route près de Mopti.")
    assert not [e for e in events if e.actor and e.actor[0].sector == "UAF"]


def test_event_dates_skip_background_clauses_and_date_intents_when_stated(nlp):
    text = ("Le Niger a rétabli ses relations diplomatiques avec le Bénin, rompues depuis le coup d'État "
            "de juillet 2023.")
    events = _code(nlp, text)
    assert events and all((e.date, e.date_precision) == ("2024-03-04", "publication") for e in events), \
        [(e.event, e.date) for e in events]
    visit = [e for e in _code(nlp, "Le ministre malien des Affaires étrangères est attendu à Niamey le 16 mars "
                                   "prochain.") if e.modality == "intent"]
    assert visit and visit[0].modality == "intent"
    assert (visit[0].date, visit[0].date_precision) == ("2024-03-04", "publication")
    assert "planned for 2024-03-16" in visit[0].explain


@pytest.mark.parametrize(("text", "expected"), [
    # a name the parser cut off as its own fragment before the verb is the subject
    ("Human Rights Watch accuse l'armée malienne d'avoir exécuté au moins 32 civils.", ("ACCUSE", ("NGO",), ("MLI",))),
    ("Human Rights Watch dénonce la détention de trois journalistes à Bamako.", ("ACCUSE", ("NGO",), ())),
])
def test_stranded_name_before_the_verb_is_its_subject(nlp, text, expected):
    got = _tuples(_code(nlp, text))
    event, actors, recipients = expected
    assert any(e == event and set(actors) <= set(a) and set(recipients) <= set(r) for e, a, r in got), got


def test_the_object_of_another_act_does_not_take_its_subject(nlp):
    # the detention is what HRW denounces: HRW is not its author
    events = _code(nlp, "Human Rights Watch dénonce la détention de trois journalistes à Bamako.")
    assert not [e for e in events if e.event == "COERCE" and "NGO" in {a.code for a in e.actor}], \
        [e.explain for e in events]


def test_a_place_where_soldiers_are_is_not_their_nationality(nlp):
    events = _code(nlp, "Le dernier contingent de soldats français stationnés au Niger a quitté le pays vendredi.")
    retreat = [e for e in events if e.event == "RETREAT"]
    assert retreat and {a.code for a in retreat[0].actor} == {"FRA"}, [e.explain for e in events]


def test_passive_arrest_by_an_unnamed_body_is_the_authorities_of_the_person(nlp):
    events = _code(nlp, "L'ancien Premier ministre malien a été placé sous mandat de dépôt par le pôle judiciaire.")
    coerce = [e for e in events if e.event == "COERCE"]
    assert coerce and coerce[0].actor[0].code == "MLI", [e.explain for e in events]
