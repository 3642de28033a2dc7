from veille.models import Actor, Article, Event, TextInfo, content_id


def test_models_content_id_ignores_spacing_and_normalisation():
    assert content_id("La  Russie\n a accueilli") == content_id("La Russie a accueilli")
    assert content_id("é") == content_id("e\u0301")
    assert content_id("La Russie") != content_id("La Chine")


def test_models_article_id_is_content_hash():
    a = Article(text="Le texte.", title="Titre", path="a.txt")
    b = Article(text="Le texte.", title="Titre", path="copie/b.txt")
    assert a.id == b.id and len(a.id) == 16


def _event(**kw):
    base = dict(
        doc_id="0123456789abcdef", event="CONSULT", actor=(Actor("RUS", "GOV", "RUS", "Russie", "la Russie", 0, 9),),
        recipient=(), text="la Russie a accueilli", text_info=TextInfo(0, 0, 21, "accueilli", 12, 21),
        cite_info={"path": "x.txt", "title": "", "source": "", "published": None, "language": "fr"},
        cameo="043", quad_class=1, explain="test", coder="veille-rules/test",
    )
    base.update(kw)
    return Event(**base)


def test_models_event_id_is_stable_and_distinct():
    assert _event().id == _event().id
    assert _event().id != _event(event="SUPPORT").id


def test_models_event_record_has_plover_shape():
    rec = _event().to_record()
    assert rec["actor"][0]["code"] == "RUS"
    assert rec["text_info"]["trigger"] == {"text": "accueilli", "start": 12, "end": 21}
