"""The analysis and export commands (stats, dyad, network, partners, alignment, export) and the
shared filter options, on a SQLite file holding tests/event_corpus.py. No model is loaded."""

from __future__ import annotations

import json

import pytest

from tests.event_corpus import build
from veille.cli import main
from veille.store import Store
from veille.store.analysis import actual_only, alignment, counts, dyad_series, network, top_partners
from veille.store.query import Filters

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "v.db"
    with Store(path) as store:
        build(store)
    return str(path)


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_cli_stats_json_is_the_library_result_actual_only_by_default(db, capsys):
    assert main(["stats", "--db", db, "--by", "quarter", "--split", "quad_class", "--json"]) == 0
    out = _json(capsys)
    with Store(db) as store:
        assert out["counts"] == counts(store, actual_only(), by="quarter", split="quad_class")
        assert out["counts"] != counts(store, by="quarter", split="quad_class")
    assert out["summary"]["events"] == 16
    assert main(["stats", "--db", db, "--no-actual-only", "--unit", "events", "--json"]) == 0
    assert sum(r["count"] for r in _json(capsys)["counts"]) == 15  # every dated event


def test_cli_stats_table_and_png(db, capsys, tmp_path):
    png = tmp_path / "stats.png"
    assert main(["stats", "--db", db, "--country", "MLI", "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert "events per month" in out and "2025-02" in out and "16 events in 14 clusters" in out
    assert png.read_bytes().startswith(PNG)


def test_cli_dyad(db, capsys, tmp_path):
    assert main(["dyad", "RUS", "MLI", "--db", db, "--json", "--no-actual-only"]) == 0
    with Store(db) as store:
        assert _json(capsys) == dyad_series(store, "RUS", "MLI")
    png = tmp_path / "dyad.png"
    assert main(["dyad", "RUS", "MLI", "--db", db, "--by", "quarter", "--directed", "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert "RUS -> MLI per quarter" in out and "2025-Q1" in out and "2025-Q2" not in out
    assert png.read_bytes().startswith(PNG)


def test_cli_network_out_and_png(db, capsys, tmp_path):
    import networkx as nx

    graphml, png = tmp_path / "n.graphml", tmp_path / "n.png"
    assert main(["network", "--db", db, "--since", "2025-04", "--out", str(graphml), "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert "MLI" in out and "NER" in out
    with Store(db) as store:
        net = network(store, actual_only(Filters.from_dict({"since": "2025-04"})))
    assert sorted(nx.read_graphml(graphml).nodes) == sorted(n["id"] for n in net["nodes"])
    assert png.read_bytes().startswith(PNG)
    assert main(["network", "--db", db, "--out", str(tmp_path / "n.txt")]) == 2
    assert "graphml or .gexf" in capsys.readouterr().err


def test_cli_partners_and_alignment(db, capsys, tmp_path):
    assert main(["partners", "MLI", "--db", db, "--json"]) == 0
    with Store(db) as store:
        assert _json(capsys) == top_partners(store, "MLI", actual_only())
    png = tmp_path / "a.png"
    assert main(["alignment", "--db", db, "--actors", "MLI,NER,BFA", "--partners", "RUS,FRA", "--no-actual-only",
                 "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert "3 (75%)" in out and "1 (25%)" in out
    assert png.read_bytes().startswith(PNG)
    assert main(["alignment", "--db", db, "--actors", "MLI,NER", "--partners", "RUS,FRA", "--json"]) == 0
    with Store(db) as store:
        assert _json(capsys) == alignment(store, ["MLI", "NER"], ["RUS", "FRA"], filters=actual_only())


def test_cli_events_actor_means_involving_and_new_filters(db, capsys):
    assert main(["events", "--db", db, "--actor", "FRA"]) == 0
    events = {json.loads(line)["event"] for line in capsys.readouterr().out.splitlines()}
    assert events == {"ACCUSE", "AID", "SUPPORT", "PROTEST"}  # actor or recipient
    assert main(["stats", "--db", db, "--actor", "FRA", "--no-actual-only", "--json", "--by", "year"]) == 0
    assert _json(capsys)["counts"][0]["count"] == 2  # as actor only: G, H
    assert main(["events", "--db", db, "--type", "ASSAULT", "--mode", "aerial", "--quad-class", "4", "--until",
                 "2025-02-15", "--lang", "fr", "--source", "a.example", "--min-confidence", "0.5",
                 "--not-negated", "--sector", "MIL", "--dyad", "MLI,ISM", "--country", "MLI", "--place", "Kidal",
                 "--modality", "actual", "--recipient", "ISM", "--involving", "MLI:MIL", "--q", "événement"]) == 0
    [rec] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rec["event"] == "ASSAULT" and rec["date"] == "2025-02-15"
    assert main(["events", "--db", db, "--negated", "--format", "table"]) == 0
    assert "not actual" in capsys.readouterr().out


@pytest.mark.parametrize("argv,message", [
    (["stats", "--since", "May 2025"], "since: expected"),
    (["dyad", "RUS", "MLI", "--type", "BOMB"], "unknown PLOVER type"),
    (["events", "--quad-class", "9"], "quad_class"),
    (["export", "--format", "csv", "--out", "x.csv", "--dyad", "MLI"], "dyad: give two actors"),
    (["network", "--min-confidence", "high"], "min_confidence"),
])
def test_cli_bad_filter_is_a_usage_error(db, capsys, argv, message):
    assert main([*argv, "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("veille: error: ") and message in err and "Traceback" not in err


def test_cli_export_formats_and_empty_result(db, capsys, tmp_path):
    out = tmp_path / "e.csv"
    assert main(["export", "--db", db, "--format", "csv", "--out", str(out), "--involving", "FRA"]) == 0
    assert "4 events written" in capsys.readouterr().out
    assert len(out.read_text("utf-8").splitlines()) == 5
    assert main(["export", "--db", db, "--format", "csv", "--out", str(out), "--involving", "FRA",
                 "--actual-only"]) == 0
    assert "3 events written" in capsys.readouterr().out
    gexf = tmp_path / "n.gexf"
    assert main(["export", "--db", db, "--format", "gexf", "--out", str(gexf), "--min-events", "2"]) == 0
    assert "3 actors written" in capsys.readouterr().out and gexf.exists()
    empty = tmp_path / "none.jsonl"
    assert main(["export", "--db", db, "--format", "plover", "--out", str(empty), "--country", "ZZZ"]) == 2
    assert "no events match these filters" in capsys.readouterr().err and not empty.exists()


def test_cli_empty_results_are_messages(db, capsys):
    assert main(["dyad", "BFA", "USA", "--db", db]) == 0
    assert "no events between BFA and USA" in capsys.readouterr().err
    assert main(["network", "--db", db, "--country", "ZZZ"]) == 0
    assert "no actor pairs match" in capsys.readouterr().err
