"""The coder on hand-built parses (no model loads): each test is one construction."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import _blank, make_doc
from veille.actors.kb import load_kb
from veille.actors.mentions import MentionFinder
from veille.models import Article
from veille.pipeline import code_doc


def _code(lang, rows, published=date(2025, 5, 12)):
    doc = make_doc(lang, rows)
    finder = MentionFinder(load_kb(), lang, _blank(lang))
    article = Article(text=doc.text, path="t.txt", language=lang, published=published)
    return doc, code_doc(doc, article, finder)


def _summary(events):
    return sorted(
        (e.event, tuple(sorted(a.code for a in e.actor)), tuple(sorted(r.code for r in e.recipient)))
        for e in events
    )


# "La Russie a accueilli à Moscou les ministres du Niger et du Mali ."
HOST = [
    ("La", "le", "DET", "det", 1), ("Russie", "Russie", "PROPN", "nsubj", 3),
    ("a", "avoir", "AUX", "aux:tense", 3), ("accueilli", "accueillir", "VERB", "ROOT", 3),
    ("à", "à", "ADP", "case", 5), ("Moscou", "Moscou", "PROPN", "obl:mod", 3),
    ("les", "le", "DET", "det", 7), ("ministres", "ministre", "NOUN", "obj", 3),
    ("du", "de", "ADP", "case", 9), ("Niger", "Niger", "PROPN", "nmod", 7),
    ("et", "et", "CCONJ", "cc", 12), ("du", "de", "ADP", "case", 12),
    ("Mali", "Mali", "PROPN", "conj", 9), (".", ".", "PUNCT", "punct", 3),
]


def test_coder_host_visit_binds_roles_and_location():
    doc, events = _code("fr", HOST)
    assert _summary(events) == [("CONSULT", ("RUS",), ("MLI", "NER"))]
    event = events[0]
    assert event.mode == "visit"
    assert event.location is not None and event.location.country == "RUS"
    assert event.location.text == "Moscou"
    assert {r.sector for r in event.recipient} == {"GOV"}
    assert event.text == doc.text and event.text_info.trigger == "accueilli"
    assert event.date == "2025-05-12" and event.date_precision == "publication"
    assert "accueillir" in event.explain and "ministre" in event.explain


# "Il a réitéré le soutien du Mali à la Russie ."
NOMINAL = [
    ("Il", "il", "PRON", "nsubj", 2), ("a", "avoir", "AUX", "aux:tense", 2),
    ("réitéré", "réitérer", "VERB", "ROOT", 2), ("le", "le", "DET", "det", 4),
    ("soutien", "soutien", "NOUN", "obj", 2), ("du", "de", "ADP", "case", 6),
    ("Mali", "Mali", "PROPN", "nmod", 4), ("à", "à", "ADP", "case", 9),
    ("la", "le", "DET", "det", 9), ("Russie", "Russie", "PROPN", "nmod", 4),
    (".", ".", "PUNCT", "punct", 2),
]


def test_coder_nominal_trigger_genitive_actor_and_recipient():
    _, events = _code("fr", NOMINAL)
    assert _summary(events) == [("SUPPORT", ("MLI",), ("RUS",))]
    assert "carried by 'réitéré'" in events[0].explain


# "La Russie a promis de soutenir le Mali ."
PROMISE = [
    ("La", "le", "DET", "det", 1), ("Russie", "Russie", "PROPN", "nsubj", 3),
    ("a", "avoir", "AUX", "aux:tense", 3), ("promis", "promettre", "VERB", "ROOT", 3),
    ("de", "de", "ADP", "mark", 5), ("soutenir", "soutenir", "VERB", "xcomp", 3),
    ("le", "le", "DET", "det", 7), ("Mali", "Mali", "PROPN", "obj", 5),
    (".", ".", "PUNCT", "punct", 3),
]


def test_coder_promise_absorbs_the_promised_act():
    _, events = _code("fr", PROMISE)
    assert _summary(events) == [("AGREE", ("RUS",), ("MLI",))]
    assert "absorbs 'soutenir'" in events[0].explain


# "Les soldats russes n' ont pas attaqué le Mali ."
NEGATED = [
    ("Les", "le", "DET", "det", 1), ("soldats", "soldat", "NOUN", "nsubj", 6),
    ("russes", "russe", "ADJ", "amod", 1), ("n'", "ne", "ADV", "advmod", 6),
    ("ont", "avoir", "AUX", "aux:tense", 6), ("pas", "pas", "ADV", "advmod", 6),
    ("attaqué", "attaquer", "VERB", "ROOT", 6), ("le", "le", "DET", "det", 8),
    ("Mali", "Mali", "PROPN", "obj", 6), (".", ".", "PUNCT", "punct", 6),
]


def test_coder_negation_and_role_with_demonym():
    _, events = _code("fr", NEGATED)
    assert _summary(events) == [("ASSAULT", ("RUS",), ("MLI",))]
    assert events[0].negated is True
    assert events[0].actor[0].sector == "MIL"


# "Mali was attacked by Russian forces ."  (passive, English labels)
PASSIVE_EN = [
    ("Mali", "Mali", "PROPN", "nsubjpass", 2), ("was", "be", "AUX", "auxpass", 2),
    ("attacked", "attack", "VERB", "ROOT", 2), ("by", "by", "ADP", "agent", 2),
    ("Russian", "russian", "ADJ", "amod", 5), ("forces", "force", "NOUN", "pobj", 3),
    (".", ".", "PUNCT", "punct", 2),
]


def test_coder_english_passive_agent_is_actor():
    _, events = _code("en", PASSIVE_EN)
    assert _summary(events) == [("ASSAULT", ("RUS",), ("MLI",))]


# two sentences: the pronoun takes the previous subject
PRONOUN = [
    ("Le", "le", "DET", "det", 1), ("Mali", "Mali", "PROPN", "nsubj", 3),
    ("a", "avoir", "AUX", "aux:tense", 3), ("condamné", "condamner", "VERB", "ROOT", 3),
    ("la", "le", "DET", "det", 5), ("France", "France", "PROPN", "obj", 3),
    (".", ".", "PUNCT", "punct", 3),
    ("Il", "il", "PRON", "nsubj", 9), ("a", "avoir", "AUX", "aux:tense", 9),
    ("menacé", "menacer", "VERB", "ROOT", 9), ("le", "le", "DET", "det", 11),
    ("Niger", "Niger", "PROPN", "obj", 9), (".", ".", "PUNCT", "punct", 9),
]


def test_coder_pronoun_takes_previous_subject():
    _, events = _code("fr", PRONOUN)
    assert _summary(events) == [("ACCUSE", ("MLI",), ("FRA",)), ("THREATEN", ("MLI",), ("NER",))]
    threaten = next(e for e in events if e.event == "THREATEN")
    assert "pronoun 'Il'" in threaten.explain
    assert threaten.text_info.sentence == 1


def test_coder_no_actor_no_event():
    # "L' attaque a fait dix morts ." : a trigger without an actor codes nothing
    rows = [
        ("L'", "le", "DET", "det", 1), ("attaque", "attaque", "NOUN", "nsubj", 3),
        ("a", "avoir", "AUX", "aux:tense", 3), ("fait", "faire", "VERB", "ROOT", 3),
        ("dix", "dix", "NUM", "nummod", 5), ("morts", "mort", "NOUN", "obj", 3),
        (".", ".", "PUNCT", "punct", 3),
    ]
    _, events = _code("fr", rows)
    assert events == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_coder_every_event_has_evidence_and_explanation(lang):
    rows = HOST if lang == "fr" else PASSIVE_EN
    doc, events = _code(lang, rows)
    for e in events:
        assert doc.text[e.text_info.start : e.text_info.end] == e.text
        assert doc.text[e.text_info.trigger_start : e.text_info.trigger_end] == e.text_info.trigger
        assert e.explain and e.coder.startswith("veille-rules/")
        for a in (*e.actor, *e.recipient):
            if a.start >= 0:
                assert doc.text[a.start : a.end] == a.text


# "Britain said Libya must release the hostages ."
OBLIGATION_EN = [
    ("Britain", "Britain", "PROPN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1),
    ("Libya", "Libya", "PROPN", "nsubj", 4), ("must", "must", "AUX", "aux", 4),
    ("release", "release", "VERB", "ccomp", 1), ("the", "the", "DET", "det", 6),
    ("hostages", "hostage", "NOUN", "dobj", 4), (".", ".", "PUNCT", "punct", 1),
]


def test_coder_reported_obligation_is_a_request():
    _, events = _code("en", OBLIGATION_EN)
    assert _summary(events) == [("REQUEST", ("GBR",), ("LBY",))]
    assert "obligation 'must' reported by 'said'" in events[0].explain


# "Portugal will support Turkey ."
FUTURE_SUPPORT = [
    ("Portugal", "Portugal", "PROPN", "nsubj", 2), ("will", "will", "AUX", "aux", 2),
    ("support", "support", "VERB", "ROOT", 2), ("Turkey", "Turkey", "PROPN", "dobj", 2),
    (".", ".", "PUNCT", "punct", 2),
]


def test_coder_intent_to_cooperate_is_agree():
    _, events = _code("en", FUTURE_SUPPORT)
    assert _summary(events) == [("AGREE", ("PRT",), ("TUR",))]
    assert events[0].modality == "intent" and events[0].cameo.startswith("03")


# "Thousands of Kenyans protested in Nairobi ."
PROTEST_EN = [
    ("Thousands", "thousand", "NOUN", "nsubj", 3), ("of", "of", "ADP", "prep", 0),
    ("Kenyans", "Kenyans", "PROPN", "pobj", 1), ("protested", "protest", "VERB", "ROOT", 3),
    ("in", "in", "ADP", "prep", 3), ("Nairobi", "Nairobi", "PROPN", "pobj", 4),
    (".", ".", "PUNCT", "punct", 3),
]


def test_coder_protest_targets_the_local_government():
    _, events = _code("en", PROTEST_EN)
    assert _summary(events) == [("PROTEST", ("KEN",), ("KEN",))]
    assert events[0].location is not None and events[0].location.text == "Nairobi"
    assert events[0].recipient[0].sector == "GOV"


# "Syria did not support Iraq ."
NEGATED_SUPPORT = [
    ("Syria", "Syria", "PROPN", "nsubj", 3), ("did", "do", "AUX", "aux", 3),
    ("not", "not", "PART", "neg", 3), ("support", "support", "VERB", "ROOT", 3),
    ("Iraq", "Iraq", "PROPN", "dobj", 3), (".", ".", "PUNCT", "punct", 3),
]


def test_coder_negated_cooperation_is_reject():
    _, events = _code("en", NEGATED_SUPPORT)
    assert _summary(events) == [("REJECT", ("SYR",), ("IRQ",))]
    assert events[0].negated is False and events[0].cameo.startswith("12")
    assert "negated SUPPORT is REJECT" in events[0].explain


# "Kenya relaxed the arrests ."  (no lexicon entry for relax + arrest: the reversal rule codes it)
LIFTED = [
    ("Kenya", "Kenya", "PROPN", "nsubj", 1), ("relaxed", "relax", "VERB", "ROOT", 1),
    ("the", "the", "DET", "det", 3), ("arrests", "arrest", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
]


def test_coder_lifting_a_measure_is_a_concession():
    _, events = _code("en", LIFTED)
    assert [e.event for e in events] == ["CONCEDE"]
    assert events[0].cameo.startswith("08") and "'relaxed' undoes COERCE" in events[0].explain


# "Iran said it would attack Israel ."
WOULD_ATTACK = [
    ("Iran", "Iran", "PROPN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1),
    ("it", "it", "PRON", "nsubj", 4), ("would", "would", "AUX", "aux", 4),
    ("attack", "attack", "VERB", "ccomp", 1), ("Israel", "Israel", "PROPN", "dobj", 4),
    (".", ".", "PUNCT", "punct", 1),
]


def test_coder_reported_intent_to_attack_is_a_threat():
    _, events = _code("en", WOULD_ATTACK)
    assert _summary(events) == [("THREATEN", ("IRN",), ("ISR",))]
    assert events[0].modality == "intent" and events[0].cameo == "138"
    assert "pronoun 'it' -> subject of 'said'" in events[0].explain


# "Le ministre malien a été reçu à Niamey par le Premier ministre nigérien ." with the agent
# phrase hung on "Niamey" by the parser
STRAY_AGENT = [
    ("Le", "le", "DET", "det", 1), ("ministre", "ministre", "NOUN", "nsubj:pass", 5),
    ("malien", "malien", "ADJ", "amod", 1), ("a", "avoir", "AUX", "aux:tense", 5),
    ("été", "être", "AUX", "aux:pass", 5), ("reçu", "recevoir", "VERB", "ROOT", 5),
    ("à", "à", "ADP", "case", 7), ("Niamey", "Niamey", "PROPN", "obl:mod", 5),
    ("par", "par", "ADP", "case", 11), ("le", "le", "DET", "det", 11),
    ("Premier", "premier", "ADJ", "amod", 11), ("ministre", "ministre", "NOUN", "obl:agent", 7),
    ("nigérien", "nigérien", "ADJ", "amod", 11), (".", ".", "PUNCT", "punct", 5),
]


def test_coder_passive_agent_attached_lower_in_the_clause():
    _, events = _code("fr", STRAY_AGENT)
    assert _summary(events) == [("CONSULT", ("NER",), ("MLI",))]
    assert events[0].location is not None and events[0].location.country == "NER"


# "Des attaques revendiquées par Boko Haram ont eu lieu ."
CLAIMED = [
    ("Des", "un", "DET", "det", 1), ("attaques", "attaque", "NOUN", "nsubj", 7),
    ("revendiquées", "revendiquer", "VERB", "acl", 1), ("par", "par", "ADP", "case", 4),
    ("Boko", "Boko", "PROPN", "obl:agent", 2), ("Haram", "Haram", "PROPN", "flat:name", 4),
    ("ont", "avoir", "AUX", "aux:tense", 7), ("eu", "avoir", "VERB", "ROOT", 7),
    ("lieu", "lieu", "NOUN", "obj", 7), (".", ".", "PUNCT", "punct", 7),
]


def test_coder_attack_claimed_by_a_group():
    _, events = _code("fr", CLAIMED)
    assert [(e.event, e.actor[0].id) for e in events] == [("ASSAULT", "BOKO_HARAM")]
    assert "claimed by" in events[0].explain


# "La France est à Paris . Le ministre a condamné le Mali ." : a role with no nationality in an
# article about one country (named twice) takes that country
ARTICLE_COUNTRY = [
    ("La", "le", "DET", "det", 1), ("France", "France", "PROPN", "nsubj", 2), ("est", "être", "AUX", "ROOT", 2),
    ("à", "à", "ADP", "case", 4), ("Paris", "Paris", "PROPN", "obl:mod", 2), (".", ".", "PUNCT", "punct", 2),
    ("Le", "le", "DET", "det", 7), ("ministre", "ministre", "NOUN", "nsubj", 9),
    ("a", "avoir", "AUX", "aux:tense", 9), ("condamné", "condamner", "VERB", "ROOT", 9),
    ("le", "le", "DET", "det", 11), ("Mali", "Mali", "PROPN", "obj", 9), (".", ".", "PUNCT", "punct", 9),
]


def test_coder_role_without_nationality_takes_the_article_country():
    _, events = _code("fr", ARTICLE_COUNTRY)
    assert _summary(events) == [("ACCUSE", ("FRA",), ("MLI",))]
    assert "the article's country FRA" in events[0].explain
