"""The store suite: every test runs on SQLite and on PostgreSQL (see the `db_url` fixture)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from veille.models import Actor, Article, Event, Failure, Place, TextInfo
from veille.schema import validate_record
from veille.store import MIGRATIONS, FeedRow, Store
from veille.store.query import FilterError, Filters, page, records

WIRE = (
    "Les ministres de la Défense du Mali, du Niger et du Burkina Faso ont été reçus à Moscou par leur "
    "homologue russe pour des entretiens sur la coopération militaire entre la Russie et la "
    "Confédération des États du Sahel. Selon un communiqué publié dimanche, les deux parties ont "
    "examiné la livraison d'équipements, la formation des officiers et le renseignement. Le ministre "
    "malien a salué un partenariat stratégique et annoncé de nouvelles rencontres dans les prochains "
    "mois à Bamako, tandis que son homologue nigérien a évoqué la sécurité des frontières communes et "
    "la lutte contre les groupes armés qui frappent la région des trois frontières depuis des années."
)


def _actor(code: str, sector: str = "GOV") -> Actor:
    return Actor(code, sector, code, code, code, 0, 3)


def _event(article: Article, event: str = "CONSULT", actors=("RUS",), recipients=("MLI",), day="2025-05-11",
           start: int = 0, country: str | None = "RUS", modality: str = "actual", negated: bool = False,
           cameo: str = "043", quad: int = 1, sector: str = "GOV") -> Event:
    return Event(
        doc_id=article.id, event=event, actor=tuple(_actor(a, sector) for a in actors),
        recipient=tuple(_actor(r) for r in recipients), text=article.text[:200],
        text_info=TextInfo(0, 0, 200, "reçus", start, start + 5),
        cite_info={"path": article.path or "", "title": article.title, "source": article.source,
                   "published": "2025-05-12", "language": "fr"},
        date=day, date_precision="day",
        location=Place("Moscou", "Moscow", country, "", 55.75, 37.62, 524901) if country else None,
        cameo=cameo, quad_class=quad, modality=modality, negated=negated, explain="test", coder="veille-rules/test",
    )


def _article(text: str = WIRE, url: str | None = "https://abamako.com/a/1", source: str = "abamako.com") -> Article:
    return Article(text=text, title="Russie–AES", url=url, source=source, published=date(2025, 5, 12),
                   language="fr")


def test_store_add_is_idempotent(any_store):
    article = _article()
    first = any_store.add(article, [_event(article)])
    assert (first.status, first.events_added) == ("new", 1)
    again = any_store.add(article, [_event(article)])
    assert (again.status, again.events_added) == ("seen", 0)
    assert tuple(again) == (False, 0)
    assert [any_store.count(t) for t in ("articles", "events", "event_actors", "sources")] == [1, 1, 2, 1]


def test_store_exact_copy_at_another_url_is_one_article_with_two_sources(any_store):
    article = _article()
    any_store.add(article, [_event(article)])
    copy = _article(url="https://lefaso.net/copy?utm_source=x", source="lefaso.net")
    assert copy.id == article.id
    assert any_store.add(copy, [_event(copy)]).status == "copy"
    [rec] = list(any_store.events())
    assert [s["url"] for s in rec["sources"]] == ["https://abamako.com/a/1", "https://lefaso.net/copy?utm_source=x"]
    assert any_store.count("events") == 1
    validate_record(rec)


def test_store_syndicated_copy_joins_the_story_and_merges_events(any_store):
    article = _article()
    any_store.add(article, [_event(article), _event(article, "AGREE", ("MLI",), ("RUS",), start=50, cameo="030")])
    copy = _article("ActuNiger — Toute l'actualité du Niger\n" + WIRE.replace("’", "'") + "\nPartager sur Facebook",
                    url="https://actuniger.com/x", source="actuniger.com")
    extra = _event(copy, "AID", ("RUS",), ("NER",), start=300, cameo="070", quad=2)
    added = any_store.add(copy, [_event(copy, start=40), extra])
    assert added.status == "near_duplicate" and added.story_id == article.id
    assert (added.events_added, added.events_merged) == (1, 1)  # CONSULT merged, AID new
    recs = {r["event"]: r for r in any_store.events()}
    assert sorted(recs) == ["AGREE", "AID", "CONSULT"]
    assert sorted(s["source"] for s in recs["CONSULT"]["sources"]) == ["abamako.com", "actuniger.com"]
    assert [s["source"] for s in recs["AGREE"]["sources"]] == ["abamako.com"]
    assert {r["story_id"] for r in recs.values()} == {article.id}


def test_store_many_copies_of_a_story_index_only_its_first_copies(any_store):
    """A story syndicated many times: its first copies stay in the LSH buckets, later near-identical
    copies are stored without keys (every one still joins the story, and a copy of a copy too),
    so a new copy is compared with a bounded number of stored articles."""
    from veille import store as store_module

    n = store_module.STORY_INDEXED_COPIES + 8
    first = _article()
    any_store.add(first, [])
    for i in range(1, n):
        copy = _article(f"{WIRE}\nCopie {i} — site{i}.example", url=f"https://site{i}.example/a", source=f"site{i}")
        assert any_store.add(copy, []).status == "near_duplicate"
    with any_store.connect() as conn:
        indexed = conn.exec_driver_sql("SELECT count(DISTINCT article_id) FROM lsh").scalar()
        stories = conn.exec_driver_sql("SELECT id, articles FROM stories").all()
    assert indexed == store_module.STORY_INDEXED_COPIES
    assert stories == [(first.id, n)]
    # a copy that differs more (another paragraph) is indexed: it widens what the story matches
    longer = _article(WIRE + " Le ministre burkinabè a pour sa part plaidé pour un fonds commun destiné à l'armement "
                      "des forces de la Confédération et à la construction de casernes dans le nord du pays, où les "
                      "attaques se multiplient.", url="https://x.example/b", source="x")
    added = any_store.add(longer, [])
    assert added.status == "near_duplicate" and added.story_id == first.id
    with any_store.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(DISTINCT article_id) FROM lsh").scalar() == indexed + 1


def test_store_different_story_is_not_merged(any_store):
    article = _article()
    any_store.add(article, [_event(article)])
    other = _article("Le Niger et la Russie ont signé un accord sur l'uranium à Niamey, où une délégation "
                     "russe conduite par le vice-ministre de l'Énergie a visité le site d'Arlit et rencontré "
                     "les responsables de la société nationale. Les deux pays prévoient une usine de "
                     "traitement et la formation d'ingénieurs nigériens en Russie dès l'an prochain.",
                     url="https://rfi.fr/y", source="rfi.fr")
    assert any_store.add(other, [_event(other, "AGREE", ("NER",), ("RUS",), cameo="030")]).status == "new"
    assert any_store.count("stories") == 2


@pytest.mark.parametrize("day,country,same", [
    ("2025-05-12", "RUS", True),   # next day, same place
    ("2025-05-13", None, True),    # two days later, no place
    ("2025-05-20", "RUS", False),  # outside the window
    ("2025-05-11", "FRA", False),  # another country
])
def test_store_same_event_in_other_stories_is_clustered(any_store, day, country, same):
    a = _article()
    any_store.add(a, [_event(a)])
    b = _article("Rencontre à Moscou : des ministres sahéliens et russes discutent de défense, de livraisons "
                 "d'armes et d'instructeurs, sans annoncer de calendrier précis pour la suite des échanges, "
                 "selon des diplomates présents qui ont requis l'anonymat auprès de notre rédaction locale.",
                 url="https://b.example/2", source="b.example")
    any_store.add(b, [_event(b, day=day, country=country)])
    by_doc = {r["doc_id"]: r for r in any_store.events()}
    joined = by_doc[b.id]["cluster_id"] == by_doc[a.id]["cluster_id"]
    assert joined is same
    if same:
        assert "CONSULT|RUS|MLI" in by_doc[b.id]["cluster_why"]
    assert by_doc[a.id]["cluster_why"] is None


def _corpus(store: Store) -> list[Article]:
    arts = []
    for i, (ev, act, rec, day, cameo, quad, modality, negated) in enumerate([
        ("CONSULT", ("RUS",), ("MLI", "NER"), "2025-05-11", "043", 1, "actual", False),
        ("ASSAULT", ("MLI",), ("ISM",), "2025-04-02", "190", 4, "actual", False),
        ("SUPPORT", ("FRA",), ("MLI",), "2024-12-30", "051", 1, "intent", False),
        ("AGREE", ("NER",), ("RUS",), "2025-05-30", "030", 1, "actual", True),
    ]):
        art = _article(f"Article numéro {i}, mot{ev.lower()}. " + f" texte distinct {i} " * 10,
                       url=f"https://site{i % 2}.example/{i}", source=f"site{i % 2}.example")
        sector = "MIL" if ev == "ASSAULT" else "GOV"
        store.add(art, [_event(art, ev, act, rec, day, cameo=cameo, quad=quad, modality=modality,
                               negated=negated, sector=sector, country="MLI" if ev == "ASSAULT" else "RUS")])
        arts.append(art)
    return arts


@pytest.mark.parametrize("filters,expected", [
    ({}, ["AGREE", "ASSAULT", "CONSULT", "SUPPORT"]),
    ({"actor": "MLI"}, ["ASSAULT"]),
    ({"recipient": "MLI"}, ["CONSULT", "SUPPORT"]),
    ({"involving": "MLI"}, ["ASSAULT", "CONSULT", "SUPPORT"]),
    ({"involving": "MLI:MIL"}, ["ASSAULT"]),
    ({"dyad": "MLI,RUS"}, ["CONSULT"]),
    ({"dyad": "RUS,NER"}, ["AGREE", "CONSULT"]),
    ({"sector": "MIL"}, ["ASSAULT"]),
    ({"event": "assault,support"}, ["ASSAULT", "SUPPORT"]),
    ({"quad_class": "4"}, ["ASSAULT"]),
    ({"country": "MLI"}, ["ASSAULT"]),
    ({"since": "2025-05"}, ["AGREE", "CONSULT"]),
    ({"until": "2025-04"}, ["ASSAULT", "SUPPORT"]),
    ({"since": "2025-01-01", "until": "2025-05-11"}, ["ASSAULT", "CONSULT"]),
    ({"modality": "intent"}, ["SUPPORT"]),
    ({"negated": "true"}, ["AGREE"]),
    ({"source": "site1.example"}, ["ASSAULT", "AGREE"]),
    ({"q": "motassault"}, ["ASSAULT"]),
    ({"q": "NUMÉRO motconsult"}, ["CONSULT"]),
    ({"language": "en"}, []),
])
def test_store_filters(any_store, filters, expected):
    _corpus(any_store)
    f = Filters.from_dict(filters)
    got = sorted(r["event"] for r in records(any_store, f))
    assert got == sorted(expected)


@pytest.mark.parametrize("bad", [
    {"event": "BOMB"}, {"quad_class": "7"}, {"since": "May 2025"}, {"until": "2025-13-45"},
    {"since": "0000"}, {"dyad": "MLI"}, {"colour": "red"},
    {"modality": "maybe"}, {"negated": "perhaps"}, {"min_confidence": "high"},
])
def test_store_bad_filters_raise_filter_error(bad):
    with pytest.raises(FilterError):
        Filters.from_dict(bad)


def test_store_keyset_pages_cover_everything_once(any_store):
    _corpus(any_store)
    seen, after = [], None
    while True:
        p = page(any_store, Filters(), limit=3, after=after)
        seen += [r["id"] for r in p.records]
        if not p.next:
            break
        after = p.next
    assert len(seen) == len(set(seen)) == 4
    days = [r["date"] for r in page(any_store, Filters(), limit=10).records]
    assert days == sorted(days, reverse=True)


def test_store_recode_replaces_events_and_keeps_merged_ones(any_store):
    article = _article()
    any_store.add(article, [_event(article), _event(article, "AGREE", ("MLI",), ("RUS",), start=50)],
                  coder="veille-rules/old")
    copy = _article("APA — " + WIRE + " (APA)", url="https://apanews.net/z", source="apanews.net")
    any_store.add(copy, [_event(copy, start=10)], coder="veille-rules/old")
    assert [a.id for a in any_store.articles(coder="veille-rules/new")] == sorted([article.id, copy.id])
    # the newer coder finds a THREATEN instead of the AGREE, and the same CONSULT
    new = [_event(article).to_record(), _event(article, "THREATEN", ("MLI",), ("RUS",), start=50).to_record()]
    removed, added = any_store.replace_events(article.id, new, "veille-rules/new")
    assert (removed, added) == (1, 1)  # AGREE dropped; CONSULT kept (the copy reports it too)
    recs = {r["event"]: r for r in any_store.events()}
    assert sorted(recs) == ["CONSULT", "THREATEN"]
    assert len(recs["CONSULT"]["sources"]) == 2
    assert [a.id for a in any_store.articles(coder="veille-rules/new")] == [copy.id]


def test_store_failures_recorded_once(any_store):
    failure = Failure("a.bin", "binary file", "E101")
    any_store.add_failure(failure)
    any_store.add_failure(failure)
    assert any_store.failures() == [failure]


def test_store_feed_state_round_trip(any_store):
    assert any_store.feed_state("https://x/feed") is None
    any_store.save_feed_state(FeedRow("https://x/feed", "x", etag='"abc"', last_modified="Mon, 12 May 2025"))
    any_store.save_feed_state(FeedRow("https://x/feed", "x", etag='"def"'))
    state = any_store.feed_state("https://x/feed")
    assert (state.etag, state.last_modified) == ('"def"', None) and state.checked_at


def test_store_uncoded_articles_and_runs(any_store):
    article = _article()
    any_store.add_records(article, None)
    assert [a.id for a in any_store.articles(uncoded_only=True)] == [article.id]
    run = any_store.start_run("ingest")
    any_store.finish_run(run, articles=1)
    with any_store.connect() as conn:
        from veille.store.schema import runs

        row = conn.execute(runs.select()).mappings().one()
    assert (row["command"], row["status"], row["articles"]) == ("ingest", "done", 1)


def test_store_migrations_recorded_once(db_url):
    with Store(db_url) as store:
        assert store.applied_migrations() == sorted(name for name, _ in MIGRATIONS)
    with Store(db_url) as store:
        assert store.applied_migrations() == sorted(name for name, _ in MIGRATIONS)


def test_store_sqlite_file_uses_wal(tmp_path):
    with Store(tmp_path / "v.db") as store, store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_store_refuses_a_pre_release_database(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        conn.execute("INSERT INTO migrations VALUES ('0001_initial', 'x')")
    with pytest.raises(RuntimeError, match="pre-release"):
        Store(path)


def test_store_file_opens_in_sqlite_utils_and_datasette(tmp_path):
    import asyncio

    import sqlite_utils
    from datasette.app import Datasette

    path = tmp_path / "veille.db"
    with Store(path) as store:
        _corpus(store)
    db = sqlite_utils.Database(path)
    assert {"articles", "events", "event_actors", "sources", "stories"} <= set(db.table_names())
    assert db["events"].detect_fts() == "events_fts"
    assert db["events"].count == 4

    async def fetch():
        ds = Datasette([str(path)])
        search = await ds.client.get("/veille/events.json?_search=motassault&_shape=array")
        actors = await ds.client.get("/veille/event_actors.json?code=MLI&_shape=array")
        return search, actors

    search, actors = asyncio.run(fetch())
    assert search.status_code == 200 and [r["event"] for r in search.json()] == ["ASSAULT"]
    assert {r["role"] for r in actors.json()} == {"actor", "recipient"}
    assert json.loads(search.json()[0]["record"])["event"] == "ASSAULT"


def test_store_bulk_load_matches_add_and_clusters_in_one_pass(any_store):
    a = _article()
    b = _article("Rencontre à Moscou entre ministres : texte différent de la dépêche initiale, rédigé par "
                 "une autre rédaction avec d'autres détails sur la coopération et les livraisons.",
                 url="https://b.example/2", source="b.example")
    c = _article("Une troisième dépêche, un mois plus tard, relate une nouvelle rencontre à Moscou entre les "
                 "mêmes ministres, consacrée cette fois à la formation des pilotes et aux drones.",
                 url="https://c.example/3", source="c.example")
    items = [(a, [_event(a).to_record()]), (b, [_event(b, day="2025-05-12").to_record()]),
             (c, [_event(c, day="2025-06-15").to_record()])]
    assert any_store.bulk_load(items, chunk=2) == (3, 3)
    assert any_store.bulk_load(items) == (0, 0)  # loading twice adds nothing
    by_doc = {r["doc_id"]: r for r in any_store.events()}
    assert by_doc[b.id]["cluster_id"] == by_doc[a.id]["cluster_id"] == by_doc[a.id]["id"]
    assert "1 day(s) apart" in by_doc[b.id]["cluster_why"]
    assert by_doc[c.id]["cluster_id"] == by_doc[c.id]["id"]
    assert any_store.recluster() == 0  # a second pass changes nothing


def test_store_bulk_load_keeps_text_as_written(any_store):
    """What the loader escapes (PostgreSQL loads with COPY: tabs, newlines, backslashes, the
    text `\\N` that COPY reads as NULL) comes back as written, in articles and events."""
    awkward = "Tab\there, new\nline, CR\r, back\\slash, \\N, «guillemets» et l'apostrophe ; 100 %"
    art = _article(f"{awkward} {WIRE}", url="https://awkward.example/1?a=1&b=\\N", source="awkward.example")
    rec = _event(art).to_record()
    rec["text"] = awkward
    assert any_store.bulk_load([(art, [rec])]) == (1, 1)
    [stored] = any_store.events()
    assert stored["text"] == awkward
    with any_store.connect() as conn:
        assert conn.exec_driver_sql("SELECT text FROM events").scalar() == awkward
        text, url = conn.exec_driver_sql("SELECT text, url FROM articles").one()
    assert (text, url) == (art.text, art.url)


def _pg_keys_and_indexes(store: Store) -> set[tuple[str, str]]:
    with store.connect() as conn:
        return set(conn.exec_driver_sql(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
            "UNION SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()").all())


def test_store_bulk_load_into_an_empty_postgresql_store_remakes_its_indexes_and_keys(postgres_url):
    """Into an empty PostgreSQL store the load sets the foreign keys and secondary indexes
    aside and makes them again, the same, at its end; a load that fails leaves nothing and
    the schema as it was."""
    items = _cluster_corpus(6)
    with Store(postgres_url) as store:
        before = _pg_keys_and_indexes(store)
        names = {name for name, _ in before}
        assert {"events_doc_id_fkey", "event_actors_event_id_fkey", "events_day", "events_tsv"} <= names
        stray = dict(items[4][1][0], doc_id="0" * 16, id="stray-event")
        with pytest.raises(ValueError):
            store.bulk_load(items[:4] + [(items[4][0], [stray])], chunk=2)
        assert [store.count(t) for t in ("articles", "events", "event_actors", "dyads")] == [0, 0, 0, 0]
        assert _pg_keys_and_indexes(store) == before
        assert store.bulk_load(items, chunk=2) == (6, 30)
        assert _pg_keys_and_indexes(store) == before
        assert store.recluster() == 0
        with store.connect() as conn:  # the references hold again
            with pytest.raises(Exception, match="foreign key"):
                conn.exec_driver_sql("INSERT INTO event_sources (event_id, article_id) VALUES ('nope', 'nope')")


def _cluster_corpus(n_articles: int = 40, seed: int = 5) -> list[tuple[Article, list[dict]]]:
    """Articles whose events repeat across stories within a few days (clusters), with other
    countries, modalities, negations, no date or no actor code mixed in."""
    import random

    rng = random.Random(seed)
    items = []
    for n in range(n_articles):
        art = _article(f"Dépêche numéro {n} : {WIRE[:120]}", url=f"https://s{n % 4}.example/{n}",
                       source=f"s{n % 4}.example")
        recs = []
        for i in range(5):
            actors = rng.choice([("RUS",), ("MLI",), ("RUS", "MLI"), ()])
            recipients = rng.choice([("MLI",), ("NER",), (), ("MLI", "NER")])
            day = None if rng.random() < 0.05 else f"2025-05-{rng.randrange(1, 9):02d}"
            recs.append(_event(art, rng.choice(["CONSULT", "AGREE"]), actors, recipients, day=day, start=10 * i,
                               country=rng.choice(["RUS", "MLI", None]),
                               modality=rng.choice(["actual", "actual", "intent"]),
                               negated=rng.random() < 0.1).to_record())
        items.append((art, recs))
    return items


def _clusters_by_definition(store: Store) -> dict[str, str]:
    """Each event's cluster, by the definition (events in order of day and id, each joins the
    cluster of the first earlier event of its group from another story, at most cluster_days
    before, in the same country when both have one), straight from the rows."""
    from datetime import timedelta

    with store.connect() as conn:
        rows = sorted(conn.exec_driver_sql(
            "SELECT dyad_key, modality, negated, day, id, story_id, country FROM events"), key=lambda r: tuple(
            "" if v is None else v for v in r[:5]))
    out = {r[4]: r[4] for r in rows}
    done: list[tuple] = []
    for key, modality, negated, day, eid, story, country in rows:
        if day is None or "||" in key:
            continue
        when = date.fromisoformat(day)
        for other in done:
            other_key, other_when, other_story, other_country, other_id = other
            if (other_key == (key, modality, negated) and timedelta(0) <= when - other_when
                    <= timedelta(days=store.cluster_days) and other_story != story
                    and not (country and other_country and country != other_country)):
                out[eid] = out[other_id]
                break
        done.append(((key, modality, negated), when, story, country, eid))
    return out


def test_store_bulk_load_clusters_are_those_of_recluster(any_store):
    """A load into an empty store computes the clusters while it builds the rows: the same as
    `recluster` assigns from scratch, in `events` and in `dyads`."""
    items = _cluster_corpus()
    assert any_store.bulk_load(items, chunk=7) == (40, 200)

    def clusters():
        with any_store.connect() as conn:
            events = {r[0]: (r[1], r[2]) for r in conn.exec_driver_sql(
                "SELECT id, cluster_id, cluster_why FROM events")}
            dyads = {(r[0], r[1], r[2]): r[3] for r in conn.exec_driver_sql(
                "SELECT a, b, event_id, cluster_id FROM dyads")}
        return events, dyads

    loaded, loaded_dyads = clusters()
    assert {eid: cluster for eid, (cluster, _) in loaded.items()} == _clusters_by_definition(any_store)
    joined = {eid for eid, (cluster, _) in loaded.items() if cluster != eid}
    assert len(joined) > 20 and all(loaded[eid][1].startswith("same event as ") for eid in joined)
    assert all(cluster == loaded[eid][0] for (_, _, eid), cluster in loaded_dyads.items())
    with any_store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE events SET cluster_id = id, cluster_why = NULL")
        conn.exec_driver_sql("UPDATE dyads SET cluster_id = event_id")
    assert any_store.recluster() == len(joined)
    assert clusters() == (loaded, loaded_dyads)


def test_store_bulk_load_in_parts_gives_the_same_store(db_url, tmp_path):
    """The second load goes into a store with events (clusters by `recluster` over its days,
    here all of them): the same events, clusters and records as one load (into SQLite)."""
    items = _cluster_corpus(30, seed=9)
    with Store(db_url) as store:
        assert store.bulk_load(items[:10]) == (10, 50)
        assert store.bulk_load(items[10:], chunk=4) == (20, 100)
        with store.connect() as conn:
            parts = sorted(conn.exec_driver_sql("SELECT id, cluster_id, cluster_why, record FROM events"))
        whole = Store(tmp_path / "whole.db")
        whole.bulk_load(items)
        with whole.connect() as conn:
            assert sorted(conn.exec_driver_sql("SELECT id, cluster_id, cluster_why, record FROM events")) == parts
        whole.close()


def test_store_bulk_load_checks_articles_and_restores_the_connection(any_store):
    """The fast load's connection skips SQLite's foreign-key checks: the load checks that an
    event's article is stored, and the connection's settings are as before afterwards."""
    import sqlalchemy

    from veille.store import schema

    items = _cluster_corpus(3)
    stray = dict(items[1][1][0], doc_id="0" * 16, id="stray-event")
    with pytest.raises((ValueError, sqlalchemy.exc.IntegrityError)):
        any_store.bulk_load([items[0], (items[1][0], [stray])])
    assert any_store.bulk_load(items) == (3, 15)  # the failed chunk left nothing; indexes are back
    if any_store.dialect == "sqlite":
        with any_store.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert {index.name for index in schema.events.indexes} <= names
            assert [conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                    for p in ("foreign_keys", "synchronous", "temp_store", "mmap_size")] == [1, 1, 0, 0]


def test_store_bulk_load_keeps_the_first_of_two_events_with_one_id(any_store):
    """Two loaded events with the same id (copies of a record): the first loaded is stored, once,
    and the clusters are still those of `recluster`."""
    items = _cluster_corpus(12, seed=3)
    first = items[2][1][0]
    items[5][1][0] = dict(items[5][1][0], id=first["id"])
    assert any_store.bulk_load(items, chunk=4) == (12, 59)
    from sqlalchemy import select

    from veille.store import schema

    with any_store.connect() as conn:
        doc = conn.scalar(select(schema.events.c.doc_id).where(schema.events.c.id == first["id"]))
        clusters = dict(conn.exec_driver_sql("SELECT id, cluster_id FROM events").all())
    assert doc == first["doc_id"]
    assert clusters == _clusters_by_definition(any_store)
    assert any_store.recluster() == 0


def test_store_bulk_load_into_an_empty_sqlite_store_is_one_transaction(tmp_path):
    """Into an empty SQLite store the load is one transaction: a load that fails in a later
    chunk leaves nothing (not even the chunks before), and the file is back in WAL mode with
    its indexes."""
    from veille.store import schema

    items = _cluster_corpus(6)
    stray = dict(items[4][1][0], doc_id="0" * 16, id="stray-event")
    broken = items[:4] + [(items[4][0], [stray])]
    with Store(tmp_path / "one.db") as store:
        with pytest.raises(ValueError):
            store.bulk_load(broken, chunk=2)
        assert [store.count(t) for t in ("articles", "events", "event_actors", "dyads")] == [0, 0, 0, 0]
        assert store.bulk_load(items, chunk=2) == (6, 30)
        with store.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 16384
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {index.name for index in schema.events.indexes} <= names and "events_type_day" not in names
