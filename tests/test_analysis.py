"""veille.store.analysis on SQLite and PostgreSQL (`any_store`), over tests/event_corpus.py."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from tests.event_corpus import build
from veille.store import schema as s
from veille.store.analysis import (
    actual_only,
    alignment,
    counts,
    dyad_series,
    network,
    periods_between,
    summary,
    to_networkx,
    top_actors,
    top_dyads,
    top_partners,
)
from veille.store.query import FilterError, Filters


@pytest.fixture
def store(any_store):
    build(any_store)
    return any_store


ACTUAL = actual_only()


def test_analysis_summary(store):
    info = summary(store)
    assert {k: info[k] for k in ("articles", "stories", "sources", "events", "clusters", "failures")} == {
        "articles": 16, "stories": 16, "sources": 17, "events": 16, "clusters": 14, "failures": 0}
    assert (info["first_day"], info["last_day"]) == ("2025-01-10", "2025-05-25")
    assert info["languages"] == {"fr": 16}


def test_analysis_counts_by_month_count_clusters_once(store):
    rows = counts(store, by="month")
    assert [(r["period"], r["count"]) for r in rows] == [
        ("2025-01", 2), ("2025-02", 2), ("2025-03", 2), ("2025-04", 3), ("2025-05", 4)]
    # January: the A/B cluster (Goldstein 1.0) and C (7.0); the undated M is left out
    assert rows[0]["goldstein"] == 4.0 and rows[0]["key"] is None
    by_events = counts(store, by="month", unit="events")
    assert [r["count"] for r in by_events] == [3, 3, 2, 3, 4]


@pytest.mark.parametrize("by,expected", [
    ("year", [("2025", 13)]),
    ("quarter", [("2025-Q1", 6), ("2025-Q2", 7)]),
    ("week", [("2025-W02", 1), ("2025-W04", 1), ("2025-W06", 1), ("2025-W07", 1), ("2025-W09", 1),
              ("2025-W10", 1), ("2025-W14", 1), ("2025-W15", 1), ("2025-W16", 1), ("2025-W20", 1),
              ("2025-W21", 3)]),
])
def test_analysis_counts_periods(store, by, expected):
    assert [(r["period"], r["count"]) for r in counts(store, by=by)] == expected


def test_analysis_counts_split_and_filters(store):
    rows = counts(store, by="quarter", split="quad_class")
    assert {(r["period"], r["key"]): r["count"] for r in rows} == {
        ("2025-Q1", 1): 2, ("2025-Q1", 2): 2, ("2025-Q1", 3): 1, ("2025-Q1", 4): 1,
        ("2025-Q2", 1): 2, ("2025-Q2", 2): 2, ("2025-Q2", 4): 3}
    by_country = counts(store, by="year", split="country", filters=ACTUAL)
    assert {r["key"]: r["count"] for r in by_country} == {None: 1, "MLI": 7, "NER": 1, "RUS": 2}
    by_event = counts(store, by="year", split="event", filters=Filters.from_dict({"involving": "FRA"}))
    assert {r["key"]: r["count"] for r in by_event} == {"ACCUSE": 1, "AID": 1, "PROTEST": 1, "SUPPORT": 1}


def test_analysis_actual_only_keeps_explicit_choices():
    assert (ACTUAL.modality, ACTUAL.negated) == (("actual",), False)
    f = actual_only(Filters.from_dict({"modality": "intent", "negated": "true", "country": "MLI"}))
    assert (f.modality, f.negated, f.country) == (("intent",), True, ("MLI",))


def test_analysis_dyad_series_both_directions_filled(store):
    rows = dyad_series(store, "RUS", "MLI")
    assert [r["period"] for r in rows] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    jan, feb, mar, apr = rows
    assert jan == {"period": "2025-01", "verbal_coop": 1, "material_coop": 1, "verbal_conflict": 0,
                   "material_conflict": 0, "goldstein_total": 8.0, "goldstein_mean": 4.0, "events": 2}
    assert feb["events"] == 0 and feb["goldstein_total"] == 0.0 and feb["goldstein_mean"] is None
    assert (mar["verbal_coop"], mar["goldstein_total"]) == (1, 4.0)  # F, an intent
    # J: MLI GOV and MLI MIL -> RUS: one event, counted once
    assert (apr["verbal_coop"], apr["events"], apr["goldstein_total"]) == (1, 1, 1.0)


def test_analysis_dyad_series_units_direction_and_filters(store):
    jan = dyad_series(store, "MLI", "RUS", unit="events")[0]
    assert (jan["verbal_coop"], jan["material_coop"], jan["events"], jan["goldstein_total"]) == (2, 1, 3, 9.0)
    directed = dyad_series(store, "RUS", "MLI", directed=True)
    assert [r["period"] for r in directed] == ["2025-01", "2025-02", "2025-03"]
    assert [r["events"] for r in dyad_series(store, "MLI", "RUS", directed=True)] == [1]
    actual = dyad_series(store, "RUS", "MLI", filters=ACTUAL)
    assert [r["events"] for r in actual] == [2, 0, 0, 1]
    assert dyad_series(store, "RUS", "MLI", by="quarter", fill=False)[0]["events"] == 3


def test_analysis_dyad_series_actor_specs(store):
    # a KB id that is no code (AES: code IGO) and a CODE:SECTOR
    [k] = dyad_series(store, "AES", "RUS")
    assert (k["period"], k["material_coop"]) == ("2025-05", 1)
    [e] = dyad_series(store, "ISM", "MLI:MIL")
    assert (e["period"], e["material_conflict"], e["goldstein_total"]) == ("2025-02", 1, -10.0)
    assert dyad_series(store, "ISM", "MLI:GOV") == []
    assert dyad_series(store, "ZZZ", "MLI") == []


def test_analysis_network_edges_nodes_and_graph(store):
    net = network(store)
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert set(edges) == {("MLI", "RUS"), ("FRA", "MLI"), ("ISM", "MLI"), ("FRA", "NER"), ("NER", "RUS"),
                          ("MLI", "NER"), ("IGO", "RUS"), ("MLI", "USA")}
    assert edges["MLI", "RUS"] == {"source": "MLI", "target": "RUS", "cooperation": 4, "conflict": 0,
                                   "events": 4, "goldstein": 3.25}
    assert (edges["FRA", "MLI"]["cooperation"], edges["FRA", "MLI"]["conflict"]) == (1, 2)
    assert net["edges"][0]["source"] == "MLI" and net["edges"][0]["target"] == "RUS"  # busiest first
    nodes = {n["id"]: n for n in net["nodes"]}
    assert nodes["MLI"]["events"] == 11 and nodes["RUS"]["events"] == 6
    assert nodes["RUS"]["label"] == "Russie" and nodes["IGO"]["label"] == "IGO"
    graph = to_networkx(net)
    assert not graph.is_directed() and graph.number_of_edges() == 8
    assert graph["RUS"]["MLI"]["weight"] == 4


def test_analysis_network_options(store):
    assert [(e["source"], e["target"]) for e in network(store, min_events=2)["edges"]] == [
        ("MLI", "RUS"), ("FRA", "MLI")]
    directed = network(store, directed=True)
    pairs = {(e["source"], e["target"]): e["events"] for e in directed["edges"]}
    assert pairs[("RUS", "MLI")] == 3 and pairs[("MLI", "RUS")] == 1
    assert to_networkx(directed).is_directed()
    loops = {(e["source"], e["target"]) for e in network(store, self_loops=True)["edges"]}
    assert ("MLI", "MLI") in loops
    quarter = network(store, Filters.from_dict({"since": "2025-04", "until": "2025-06"}))
    assert {(e["source"], e["target"]) for e in quarter["edges"]} == {
        ("FRA", "MLI"), ("FRA", "NER"), ("NER", "RUS"), ("MLI", "RUS"), ("MLI", "NER"), ("IGO", "RUS")}
    assert network(store, Filters.from_dict({"country": "ZZZ"})) == {"nodes": [], "edges": [], "directed": False}


def test_analysis_top_actors_and_dyads(store):
    top = top_actors(store, n=3)
    assert [(a["code"], a["events"]) for a in top] == [("MLI", 11), ("RUS", 6), ("FRA", 4)]
    assert (top[0]["as_actor"], top[0]["as_recipient"]) == (6, 6)
    dyads = top_dyads(store, n=2)
    assert [(d["source"], d["target"], d["events"]) for d in dyads] == [("MLI", "RUS", 4), ("FRA", "MLI", 3)]
    assert top_dyads(store, n=1, directed=True)[0]["source"] == "RUS"


def test_analysis_top_partners(store):
    rows = top_partners(store, "MLI")
    assert [(r["period"], r["partner"], r["events"], r["cooperation"], r["conflict"]) for r in rows] == [
        ("2025-Q1", "RUS", 3, 3, 0), ("2025-Q1", "FRA", 2, 1, 1), ("2025-Q1", "ISM", 1, 0, 1),
        ("2025-Q2", "FRA", 1, 0, 1), ("2025-Q2", "NER", 1, 1, 0), ("2025-Q2", "RUS", 1, 1, 0)]
    assert [r["partner"] for r in top_partners(store, "MLI", n=1)] == ["RUS", "FRA"]
    assert [(r["partner"], r["events"]) for r in top_partners(store, "MLI", filters=ACTUAL, by="year")] == [
        ("RUS", 3), ("FRA", 2), ("ISM", 1), ("NER", 1)]


def test_analysis_alignment_shares(store):
    rows = alignment(store, ["MLI", "NER", "BFA"], ["RUS", "FRA"])
    assert rows == [
        {"period": "2025-Q1", "partner": "RUS", "cooperation": 3, "share": 0.75},
        {"period": "2025-Q1", "partner": "FRA", "cooperation": 1, "share": 0.25},
        {"period": "2025-Q2", "partner": "RUS", "cooperation": 2, "share": 0.667},
        {"period": "2025-Q2", "partner": "FRA", "cooperation": 1, "share": 0.333},
    ]
    actual = alignment(store, ["MLI", "NER", "BFA"], ["RUS", "FRA"], filters=ACTUAL)
    assert [(r["partner"], r["cooperation"], r["share"]) for r in actual[:2]] == [("RUS", 2, 1.0), ("FRA", 0, 0.0)]
    assert alignment(store, ["BFA"], ["RUS"]) == []


@pytest.mark.parametrize("call", [
    lambda st: counts(st, by="decade"),
    lambda st: counts(st, split="colour"),
    lambda st: counts(st, unit="articles"),
    lambda st: dyad_series(st, "RUS", "", by="month"),
    lambda st: alignment(st, [], ["RUS"]),
])
def test_analysis_bad_arguments_raise_filter_error(any_store, call):
    with pytest.raises(FilterError):
        call(any_store)


def test_analysis_periods_between():
    assert periods_between("2024-11", "2025-02", "month") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert periods_between("2024-Q4", "2025-Q2", "quarter") == ["2024-Q4", "2025-Q1", "2025-Q2"]
    assert periods_between("2020-W53", "2021-W02", "week") == ["2020-W53", "2021-W01", "2021-W02"]
    assert periods_between("2024-02-28", "2024-03-01", "day") == ["2024-02-28", "2024-02-29", "2024-03-01"]
    assert periods_between("2023", "2025", "year") == ["2023", "2024", "2025"]


def test_analysis_empty_store(any_store):
    assert counts(any_store) == [] and dyad_series(any_store, "RUS", "MLI") == []
    assert summary(any_store)["events"] == 0 and top_actors(any_store) == []


def test_analysis_an_event_in_both_directions_counts_once(any_store):
    from tests.event_corpus import MOSCOW, _actor, _text
    from veille.models import Article, Event, Place, TextInfo

    article = Article(text=_text("mutual"), title="Mutual", url="https://m.example/1", source="m.example",
                      language="fr")
    any_store.add(article, [Event(
        doc_id=article.id, event="CONSULT", actor=(_actor("RUS GOV"), _actor("MLI GOV")),
        recipient=(_actor("MLI GOV"), _actor("RUS GOV")), text="Ils se sont rencontrés.",
        text_info=TextInfo(0, 0, 20, "rencontrés", 9, 19),
        cite_info={"url": article.url, "title": "Mutual", "source": "m.example", "published": None,
                   "language": "fr"},
        date="2025-03-03", date_precision="day", location=Place(*MOSCOW), cameo="040", quad_class=1,
        explain="test", coder="veille-rules/test")])
    for unit in ("events", "clusters"):
        [row] = dyad_series(any_store, "RUS", "MLI", unit=unit)
        assert (row["events"], row["verbal_coop"], row["goldstein_total"]) == (1, 1, 1.0)
    assert network(any_store, unit="events")["edges"][0]["events"] == 1


def _one(store, key, day, event="CONSULT", actors=("RUS GOV",), recipients=("MLI GOV",), cameo="040", quad=1):
    from tests.event_corpus import BAMAKO, _actor, _text
    from veille.models import Article, Event, Place, TextInfo

    article = Article(text=_text(key), title=key, url=f"https://{key}.example/1", source=f"{key}.example",
                      language="fr")
    store.add(article, [Event(
        doc_id=article.id, event=event, actor=tuple(map(_actor, actors)), recipient=tuple(map(_actor, recipients)),
        text="Une phrase.", text_info=TextInfo(0, 0, 11, "phrase", 4, 10),
        cite_info={"url": article.url, "title": key, "source": f"{key}.example", "published": None,
                   "language": "fr"},
        date=day, date_precision="day", location=Place(*BAMAKO), cameo=cameo, quad_class=quad,
        explain="test", coder="veille-rules/test")])


def test_analysis_a_cluster_across_two_periods_counts_once_in_its_first(any_store):
    _one(any_store, "first", "2025-01-31")
    _one(any_store, "second", "2025-02-01")  # another outlet, next day: the same cluster
    assert summary(any_store)["clusters"] == 1
    assert [(r["period"], r["count"]) for r in counts(any_store)] == [("2025-01", 1)]
    assert [(r["period"], r["count"]) for r in counts(any_store, unit="events")] == [("2025-01", 1), ("2025-02", 1)]
    assert [r["events"] for r in dyad_series(any_store, "MLI", "RUS")] == [1]
    assert [r["events"] for r in dyad_series(any_store, "MLI", "RUS", unit="events")] == [1, 1]
    assert [(r["period"], r["partner"]) for r in top_partners(any_store, "RUS", by="month")] == [("2025-01", "MLI")]
    assert [(r["period"], r["cooperation"]) for r in alignment(any_store, ["MLI"], ["RUS"], by="month")] == [
        ("2025-01", 1)]
    # only the second report passes the filter: the cluster is counted in February
    feb = Filters.from_dict({"since": "2025-02"})
    assert [(r["period"], r["count"]) for r in counts(any_store, feb)] == [("2025-02", 1)]


@pytest.mark.parametrize("unit", ["clusters", "events"])
@pytest.mark.parametrize("by", ["day", "month", "year"])
@pytest.mark.parametrize("directed", [False, True])
def test_analysis_dyad_series_from_dyads_table_equals_the_general_query(store, unit, by, directed):
    from veille.store.analysis import actual_only

    for a, b in (("RUS", "MLI"), ("MLI", "RUS"), ("FRA", "MLI"), ("MLI", "NER")):
        for f in (None, actual_only()):
            fast = dyad_series(store, a, b, by=by, filters=f, directed=directed, unit=unit)
            # min_confidence=0 filters nothing but sends the series through the general query
            general = Filters(min_confidence=0.0) if f is None else dataclasses.replace(f, min_confidence=0.0)
            slow = dyad_series(store, a, b, by=by, filters=general, directed=directed, unit=unit)
            assert fast == slow, (a, b, f)


def test_analysis_dyads_follow_recode_and_clusters(any_store):
    from veille.store.schema import dyads

    build(any_store)
    with any_store.connect() as conn:
        stored = conn.execute(dyads.select()).mappings().all()
        events = {r.id: r for r in conn.execute(select(s.events.c.id, s.events.c.cluster_id, s.events.c.month))}
    assert stored and all(events[d["event_id"]].cluster_id == d["cluster_id"] for d in stored)
    assert all(events[d["event_id"]].month == d["month"] for d in stored)
    doc = next(iter(any_store.events()))["doc_id"]
    any_store.replace_events(doc, [], "veille-rules/new")  # the article now reports nothing
    with any_store.connect() as conn:
        left = {r.event_id for r in conn.execute(dyads.select())}
        kept = {r.id for r in conn.execute(select(s.events.c.id))}
    assert left <= kept
