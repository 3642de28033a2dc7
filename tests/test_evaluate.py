import json

from veille.evaluate import GoldEvent, date_agrees, load_gold, matches, score_doc

F = frozenset


def test_evaluate_match_rules():
    gold = GoldEvent("CONSULT", F({"RUS"}), F({"MLI", "NER"}))
    assert matches(("CONSULT", F({"RUS"}), F({"NER"})), gold)
    assert matches(("CONSULT", F({"NER"}), F({"RUS"})), gold)  # CONSULT is symmetric
    assert not matches(("SUPPORT", F({"RUS"}), F({"NER"})), gold)
    assert not matches(("CONSULT", F({"RUS"}), F()), gold)
    no_recipient = GoldEvent("ASSAULT", F({"ISR"}), F())
    assert matches(("ASSAULT", F({"ISR"}), F({"PSE"})), no_recipient)
    accuse = GoldEvent("ACCUSE", F({"USA"}), F({"IRN"}))
    assert not matches(("ACCUSE", F({"IRN"}), F({"USA"})), accuse)


def test_evaluate_score_counts_required_only_for_recall():
    gold = [GoldEvent("SUPPORT", F({"MLI"}), F({"RUS"})), GoldEvent("AGREE", F({"RUS"}), F({"BFA"}), False)]
    preds = {("SUPPORT", F({"MLI"}), F({"RUS"})), ("AGREE", F({"RUS"}), F({"BFA"})), ("ASSAULT", F({"RUS"}), F())}
    s = score_doc(preds, gold)["ALL"]
    assert (s.tp, s.fn, s.pred_ok, s.pred_bad) == (1, 0, 2, 1)
    assert round(s.precision, 3) == 0.667 and s.recall == 1.0


def test_evaluate_reads_gsr_format_with_old_labels_and_typos(tmp_path):
    p = tmp_path / "gsr.txt"
    records = """[
    {"id": "X-DOC", "event": "DOCUMENT", "eventText": "doc"},
    {"id": "X-1", "event": "DEMAND", "source": [{"code": "JAP"}], "target": "",
     "text": "Japan demanded talks.", "language": "en",},
    ]"""
    p.write_text(records, "utf-8")
    [doc] = load_gold(p)
    assert doc.events == [GoldEvent("REQUEST", F({"JPN"}), F())]
    assert doc.article.text == "Japan demanded talks."


def test_evaluate_reads_veille_gold(tmp_path):
    (tmp_path / "a.txt").write_text("Titre\n\nLe Mali a signé un accord avec le Niger.", "utf-8")
    gold = {"doc": "a.txt", "published": "2025-01-02", "events": [
        {"event": "SUPPORT", "actor": [{"code": "MLI"}], "recipient": [{"code": "NER"}], "required": True}]}
    (tmp_path / "a.gold.json").write_text(json.dumps(gold), "utf-8")
    [doc] = load_gold(tmp_path / "a.gold.json")
    assert doc.article.published.isoformat() == "2025-01-02"
    assert doc.events[0].recipient == F({"NER"})


def test_evaluate_uno_and_eur_count_as_igo():
    from tests.test_models import _event
    from veille.evaluate import predicted_tuples
    from veille.models import Actor

    event = _event(actor=(Actor("UNO", "GOV", "UN", "ONU"),))
    [pred] = predicted_tuples([event])
    assert matches(pred, GoldEvent("CONSULT", F({"IGO"}), F()))
    assert not matches(pred, GoldEvent("CONSULT", F({"EUR"}), F()))


def test_evaluate_gsr_records_with_one_text_are_one_document(tmp_path):
    p = tmp_path / "dev.json"
    p.write_text(json.dumps([
        {"id": "A", "event": "CONSULT", "source": [{"code": "RUS"}], "target": [{"code": "MLI"}],
         "text": "La Russie a reçu le Mali et a promis une aide.", "language": "fr", "date": "2025-01-02"},
        {"id": "B", "event": "AGREE", "source": [{"code": "RUS"}], "target": [{"code": "MLI"}],
         "text": "La Russie a reçu le Mali et a promis une aide.", "language": "fr"},
    ]), "utf-8")
    [doc] = load_gold(p)
    assert [e.event for e in doc.events] == ["CONSULT", "AGREE"]
    assert doc.article.published.isoformat() == "2025-01-02"


def test_date_agreement_at_the_coarser_precision():
    assert date_agrees("2025-05-11", "day", "2025-05-11")
    assert not date_agrees("2025-05-10", "day", "2025-05-11")
    assert date_agrees("2025-05-11", "publication", "2025-05-11")
    assert date_agrees("2025-05-11", "day", "2025-05")  # the gold says only the month
    assert date_agrees("2025-05", "month", "2025-05-20")
    assert not date_agrees("2025-04", "month", "2025-05-20")
    assert date_agrees("2025-05-05", "week", "2025-05-11")  # the week starting Monday 5 May
    assert not date_agrees("2025-05-05", "week", "2025-05-12")
    assert not date_agrees(None, "unknown", "2025-05-12")


def test_date_accuracy_counts_matched_dated_gold_only():
    gold = [GoldEvent("SUPPORT", F({"MLI"}), F({"RUS"}), date="2025-05-11"),
            GoldEvent("AGREE", F({"RUS"}), F({"BFA"}), date="2025-05-11"),
            GoldEvent("ASSAULT", F({"MLI"}), F())]
    support = ("SUPPORT", F({"MLI"}), F({"RUS"}))
    agree = ("AGREE", F({"RUS"}), F({"BFA"}))
    dates = {support: [("2025-05-11", "day")], agree: [("2025-05-12", "publication")]}
    s = score_doc({support, agree}, gold, dates)["ALL"]
    assert (s.date_seen, s.date_ok) == (2, 1) and s.date_accuracy == 0.5
