"""veille.export on SQLite and PostgreSQL: every format is read back with its usual reader and
compared with what was stored (tests/event_corpus.py)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.event_corpus import build
from veille.export import COLUMNS, FORMATS, ExportError, export
from veille.export.acled import ACLED_COLUMNS
from veille.export.gdelt import TSV_COLUMNS
from veille.schema import validate_record
from veille.store.analysis import actual_only, network
from veille.store.query import Filters


@pytest.fixture
def stored(any_store):
    return any_store, build(any_store)


def test_export_plover_jsonl_validates_and_round_trips(stored, tmp_path):
    store, recs = stored
    out = tmp_path / "events.jsonl"
    assert export(store, "plover", None, out) == 16
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    for rec in lines:
        validate_record(rec)
    assert {r["id"]: r for r in lines} == {r["id"]: r for r in recs.values()}
    assert [r["date"] or "" for r in lines] == sorted(r["date"] or "" for r in lines)  # oldest first, undated first


def test_export_csv_flat_rows(stored, tmp_path):
    import pandas as pd

    store, recs = stored
    out = tmp_path / "events.csv"
    assert export(store, "csv", None, out) == 16
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert tuple(df.columns) == COLUMNS and len(df) == 16
    rows = {r["id"]: r for r in df.to_dict("records")}
    j = rows[recs["J"]["id"]]
    assert (j["event"], j["actors"], j["actor_codes"], j["recipients"], j["recipient_codes"]) == (
        "CONSULT", "MLI GOV; MLI MIL", "MLI", "RUS GOV; NER GOV", "RUS; NER")
    assert (j["country"], j["lat"], j["place"], j["quad_class"], j["goldstein"]) == ("", "", "", "1", "1.0")
    c = rows[recs["C"]["id"]]
    assert c["urls"] == "https://a.example/C; https://c.example/C-copy" and c["n_sources"] == "2"
    assert (c["lat"], c["lon"], c["country"], c["cameo"], c["trigger"]) == ("12.65", "-8.0", "MLI", "070", "aid")
    g = rows[recs["G"]["id"]]
    assert (g["negated"], g["modality"]) == ("True", "actual")
    assert rows[recs["B"]["id"]]["cluster_id"] == recs["A"]["id"]
    assert rows[recs["M"]["id"]]["date"] == ""


def test_export_parquet_matches_csv(stored, tmp_path):
    import pandas as pd
    import pyarrow.parquet as pq

    store, _ = stored
    export(store, "csv", None, tmp_path / "e.csv")
    assert export(store, "parquet", None, tmp_path / "e.parquet", batch=5) == 16  # several batches
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.schema.names == list(COLUMNS)
    assert str(table.schema.field("lat").type) == "double" and str(table.schema.field("negated").type) == "bool"
    parquet = table.to_pandas()
    flat = pd.read_csv(tmp_path / "e.csv")
    assert parquet["id"].tolist() == flat["id"].tolist()
    for col in ("goldstein", "lat", "n_sources", "quad_class"):
        assert parquet[col].fillna(-99).tolist() == flat[col].fillna(-99).tolist(), col
    assert parquet["negated"].tolist() == flat["negated"].tolist()


def test_export_filters_apply(stored, tmp_path):
    import pandas as pd

    store, recs = stored
    f = Filters.from_dict({"involving": "FRA"})
    assert export(store, "csv", f, tmp_path / "fra.csv") == 4
    assert set(pd.read_csv(tmp_path / "fra.csv")["id"]) == {recs[k]["id"] for k in "DGHL"}
    assert export(store, "csv", actual_only(f), tmp_path / "fra2.csv") == 3


def test_export_tsv_one_row_per_pair(stored, tmp_path):
    store, recs = stored
    out = tmp_path / "events.tsv"
    assert export(store, "tsv", None, out) == 19  # J: 2 x 2 pairs; N: one row without Actor2
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert tuple(rows[0]) == TSV_COLUMNS and len(rows) == 19
    j = [r for r in rows if r["GLOBALEVENTID"].startswith(recs["J"]["id"])]
    assert {(r["Actor1Code"], r["Actor1Type1Code"], r["Actor2Code"]) for r in j} == {
        ("MLI", "GOV", "RUS"), ("MLI", "GOV", "NER"), ("MLI", "MIL", "RUS"), ("MLI", "MIL", "NER")}
    [e] = [r for r in rows if r["GLOBALEVENTID"] == recs["E"]["id"] + "-1"]
    assert (e["SQLDATE"], e["EventCode"], e["EventRootCode"], e["QuadClass"], e["GoldsteinScale"]) == (
        "20250215", "195", "19", "4", "-10.0")
    assert (e["ActionGeo_CountryCode"], e["ActionGeo_Lat"], e["SOURCEURL"], e["Actor2Name"]) == (
        "MLI", "18.44", "https://a.example/E", "JNIM")
    [n] = [r for r in rows if r["GLOBALEVENTID"].startswith(recs["N"]["id"])]
    assert (n["Actor1Code"], n["Actor2Code"], n["Actor2Type1Code"]) == ("MLI", "", "")
    [c] = [r for r in rows if r["GLOBALEVENTID"].startswith(recs["C"]["id"])]
    assert (c["NumSources"], c["NumArticles"]) == ("2", "2")


def test_export_acled_violent_events_one_row_per_cluster(stored, tmp_path):
    import pandas as pd

    store, recs = stored
    out = tmp_path / "acled.csv"
    assert export(store, "acled", None, out) == 4  # E (+E2, same cluster), L, N, O
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert tuple(df.columns) == ACLED_COLUMNS
    rows = {r["notes"].split(" :")[0][-2:].strip(): r for r in df.to_dict("records")}
    assert set(rows) == {"E", "L", "N", "O"}
    e = rows["E"]
    assert (e["event_type"], e["sub_event_type"], e["disorder_type"]) == (
        "Explosions/Remote violence", "Air/drone strike", "Political violence")
    assert (e["event_id_cnty"], e["event_date"], e["year"]) == (f"MLI-{recs['E']['id']}", "2025-02-15", "2025")
    assert (e["actor1"], e["inter1"], e["actor2"], e["inter2"], e["interaction"]) == (
        "Mali (MLI MIL)", "1", "JNIM (ISM REB)", "2", "12")
    assert (e["source"], e["fatalities"], e["geo_precision"], e["admin1"]) == ("a.example; b.example", "", "3", "Kidal")
    assert (rows["L"]["event_type"], rows["L"]["sub_event_type"], rows["L"]["inter1"]) == (
        "Protests", "Peaceful protest", "6")
    assert (rows["N"]["event_type"], rows["N"]["inter1"], rows["N"]["interaction"]) == ("Riots", "5", "50")
    assert (rows["O"]["sub_event_type"], rows["O"]["geo_precision"]) == ("Arrests", "1")
    with pytest.raises(ExportError, match="acled format takes"):
        export(store, "acled", Filters.from_dict({"event": "CONSULT"}), tmp_path / "none.csv")


def test_export_geojson_points(stored, tmp_path):
    store, recs = stored
    out = tmp_path / "events.geojson"
    assert export(store, "geojson", None, out) == 14  # J and M have no place
    data = json.loads(out.read_text("utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 14
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    i = by_id[recs["I"]["id"]]
    assert i["geometry"] == {"type": "Point", "coordinates": [37.62, 55.75]}
    assert (i["properties"]["place"], i["properties"]["actor_codes"], i["properties"]["negated"]) == (
        "Moscow", "NER", False)
    assert set(i["properties"]) == set(COLUMNS)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_formats(stored, tmp_path, fmt):
    import networkx as nx

    store, _ = stored
    out = tmp_path / f"net.{fmt}"
    assert export(store, fmt, None, out) == 7  # nodes
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    net = network(store)
    assert sorted(graph.nodes) == sorted(n["id"] for n in net["nodes"])
    assert graph.number_of_edges() == len(net["edges"]) == 8
    for edge in net["edges"]:
        data = graph.edges[edge["source"], edge["target"]]
        assert int(data["events"]) == edge["events"] and int(data["conflict"]) == edge["conflict"]
        assert float(data["goldstein"]) == pytest.approx(edge["goldstein"])
    assert graph.nodes["RUS"]["label"] == "Russie"
    assert export(store, fmt, None, out, min_events=2) == 3  # MLI, RUS, FRA


def test_export_unknown_format_and_empty_result_write_nothing(stored, tmp_path):
    store, _ = stored
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportError, match="unknown export format 'xlsx'"):
        export(store, "xlsx", None, folder / "x.xlsx")
    for fmt in FORMATS:
        out = folder / f"empty.{fmt}"
        with pytest.raises(ExportError, match="match these filters"):
            export(store, fmt, Filters.from_dict({"country": "ZZZ"}), out)
        assert not out.exists()
    assert list(folder.iterdir()) == []  # no temporary file left behind
    with pytest.raises(ExportError, match="no such folder"):
        export(store, "csv", None, tmp_path / "missing" / "x.csv")
