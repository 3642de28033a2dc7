"""The web app in-process (FastAPI TestClient): every page and its JSON twin, the API, filters and
pagination, bad parameters (4xx JSON, never a 500), security headers, escaping of hostile text,
the write endpoints (token, corrections, ingest by URL and its SSRF guard), and a load test
against a real uvicorn server while another thread writes to the store."""

from __future__ import annotations

import json
import random
import re
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from tests.web_data import HOSTILE, HOSTILE_NAME, article_with_events, fill_store, running_server  # noqa: E402
from veille.models import Article  # noqa: E402
from veille.store import Store  # noqa: E402
from veille.store.query import Filters  # noqa: E402
from veille.web import create_app  # noqa: E402
from veille.web.highlight import sentence_segments, text_segments  # noqa: E402
from veille.web.security import CSP, check_public_url, is_public_address, token_ok  # noqa: E402

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.db"
    store = Store(path, near_duplicates=False)
    n = fill_store(store)
    yield store, n
    store.close()


@pytest.fixture(scope="module")
def client(filled):
    store, _ = filled
    with TestClient(create_app(store, token="", cache_s=0)) as c:
        yield c


@pytest.fixture
def writable(tmp_path):
    store = Store(tmp_path / "w.db", near_duplicates=False)
    fill_store(store, articles=8)
    with TestClient(create_app(store, token=TOKEN, cache_s=0)) as c:
        yield c, store
    store.close()


def all_events(client, query: str = "", limit: int = 7) -> list[dict]:
    out, after = [], None
    for _ in range(1000):
        url = f"/api/events?limit={limit}" + (f"&{query}" if query else "") + (f"&after={after}" if after else "")
        body = client.get(url).json()
        out += body["events"]
        after = body["next"]
        if not after:
            return out
    raise AssertionError("pagination does not end")


# -- pages and their JSON twins -----------------------------------------------------------------
def _one_event_id(client) -> str:
    return client.get("/api/events?limit=1").json()["events"][0]["id"]


def _pages(client) -> list[str]:
    art = client.get("/api/articles?limit=1").json()["articles"][0]["id"]
    return ["/", "/events", "/events?actor=MLI", f"/events/{_one_event_id(client)}", "/articles",
            f"/articles/{art}", "/actors", "/actors?name=mali", "/actors/MLI", "/actors/AES", "/dyads/MLI/RUS",
            "/map", "/alignment", "/alignment?actors=MLI,NER&partners=RUS,FRA&by=month", "/corrections"]


def test_web_every_page_renders_and_has_a_json_twin(client):
    for url in _pages(client):
        page = client.get(url)
        assert page.status_code == 200, (url, page.text[:300])
        assert page.headers["content-type"].startswith("text/html")
        path, _, query = url.partition("?")
        twin = client.get(("/index" if path == "/" else path) + ".json" + (f"?{query}" if query else ""))
        assert twin.status_code == 200, url
        assert twin.headers["content-type"] == "application/json"
        assert 'href="' + (("/index" if path == "/" else path) + ".json") in page.text  # linked from the page


def test_web_json_twin_is_the_api_view(client):
    assert client.get("/events.json?actor=MLI&limit=5").json() == client.get("/api/events?actor=MLI&limit=5").json()
    eid = _one_event_id(client)
    assert client.get(f"/events/{eid}.json").json() == client.get(f"/api/events/{eid}").json()
    assert client.get("/dyads/MLI/RUS.json").json() == client.get("/api/dyads/MLI/RUS").json()


def test_web_openapi_documents_every_filter(client):
    spec = client.get("/api/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "recipient", "involving", "dyad", "event", "quad_class", "since", "until", "q", "after",
            "limit", "min_confidence", "negated", "modality", "country", "source", "doc"} <= params
    for path in ("/api/health", "/api/counts", "/api/network", "/api/alignment", "/api/export", "/api/ingest",
                 "/api/corrections", "/api/corrections/gold", "/api/top/actors", "/api/top/dyads", "/api/map",
                 "/api/articles", "/api/actors/{actor_id}", "/api/dyads/{a}/{b}", "/api/partners/{actor_id}"):
        assert path in spec["paths"], path


def test_web_health(client, filled):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["events"] == filled[1] and body["writes_enabled"] is False


# -- events: filters, order, pagination -------------------------------------------------------
def test_web_events_pages_walk_every_event_once_newest_first(client, filled):
    events = all_events(client)
    assert len(events) == filled[1] == len({e["id"] for e in events})
    days = [e["date"] for e in events]
    assert days == sorted(days, reverse=True)


def test_web_events_filters(client):
    mli_rus = all_events(client, "dyad=MLI,RUS")
    assert mli_rus and all({"MLI", "RUS"} == {e["actor"][0]["code"], e["recipient"][0]["code"]} for e in mli_rus)
    spring = all_events(client, "since=2024-03&until=2024-04&quad_class=1,2")
    assert spring and all("2024-03-01" <= e["date"] <= "2024-04-30" and e["quad_class"] in (1, 2) for e in spring)
    repeated = all_events(client, "event=ASSAULT&event=ACCUSE")  # a repeated parameter is a list
    assert repeated and {e["event"] for e in repeated} <= {"ASSAULT", "ACCUSE"}
    words = client.get("/api/events?q=Bamako").json()["events"]
    assert words and all("Bamako" in e["text"] for e in words)


PLAN_FILTERS = [{}, {"involving": "MLI", "event": "ASSAULT,ACCUSE", "since": "2024-03"}, {"actor": "BFA"},
                {"dyad": "MLI,RUS"}, {"dyad": "RUS,UKR", "since": "2024", "until": "2024-06"}, {"country": "RUS"},
                {"since": "2024-02", "until": "2024-04-15"}, {"recipient": "MLI", "involving": "FRA"},
                {"until": "2024-05"}, {"actor": "ZZZ"}, {"q": "Moscou", "actor": "NER"}, {"quad_class": "3,4"}]


@pytest.mark.parametrize("budget", [10.0, 1e-9])  # the walk finishes / is always interrupted
def test_web_event_plans_give_the_records_of_page(filled, monkeypatch, budget):
    from veille.store.query import page
    from veille.web import plans
    from veille.web.app import ReadStore

    monkeypatch.setattr(plans, "WALK_BUDGET_S", budget)
    monkeypatch.setattr(plans, "FEW_EVENTS", 30)  # some actor filters are "few", others not
    store, _ = filled
    reader = ReadStore(store)
    try:
        for values in PLAN_FILTERS:
            f = Filters.from_dict(values)
            after = None
            for _ in range(50):
                mine, ref = plans.event_page(reader, f, 7, after), page(store, f, 7, after)
                assert [r["id"] for r in mine.records] == [r["id"] for r in ref.records], values
                assert mine.next == ref.next
                after = ref.next
                if not after:
                    break
    finally:
        reader.close()


def test_web_event_page_shows_its_evidence(client):
    eid = client.get("/api/events?dyad=MLI,RUS&limit=1").json()["events"][0]["id"]
    ev = client.get(f"/api/events/{eid}").json()
    assert "".join(s["text"] for s in ev["evidence"]["sentence"]) == ev["text"]
    assert ev["sources"] and ev["article"]["id"] == ev["doc_id"]
    trigger = [s for s in ev["highlight"] if s["kind"] == "trigger"]
    assert [s["text"] for s in trigger] == [ev["text_info"]["trigger"]["text"]]
    page = client.get(f"/events/{eid}").text
    assert f'<mark class="hl hl-trigger" title="trigger: {ev["event"]}">{ev["text_info"]["trigger"]["text"]}</mark>' \
        in page.replace("&#39;", "'")
    assert 'class="hl hl-actor"' in page and 'class="hl hl-recipient"' in page


def test_web_dyad_series_points_lead_to_their_events(client):
    body = client.get("/api/dyads/MLI/RUS?by=month&unit=events").json()
    busy = [r for r in body["series"] if r["events"]]
    assert busy
    for row in busy:
        listed = all_events(client, f"dyad=MLI,RUS&since={row['since']}&until={row['until']}")
        assert len(listed) == row["events"], row


def test_web_aggregates(client):
    counts = client.get("/api/counts?by=quarter&split=quad_class").json()
    assert counts["rows"] and all(r["since"] <= r["until"] for r in counts["rows"])
    net = client.get("/api/network?limit=3").json()
    assert len(net["edges"]) <= 3 and net["truncated"]
    assert {n["id"] for n in net["nodes"]} == {x for e in net["edges"] for x in (e["source"], e["target"])}
    assert client.get("/api/top/actors?n=3").json()[0]["events"] > 0
    assert client.get("/api/top/dyads?n=3").json()
    assert client.get("/api/partners/MLI?by=year").json()["rows"]
    align = client.get("/api/alignment?actors=MLI,NER,BFA&partners=RUS,FRA&by=year").json()
    assert {r["partner"] for r in align["rows"]} == {"RUS", "FRA"}
    assert client.get("/api/map").json()["points"][0]["events"] > 0
    assert client.get("/api/summary").json()["events"] > 0


def test_web_actor_page_knows_the_kb_and_codes(client):
    aes = client.get("/actors/AES.json").json()
    assert aes["entry"]["kind"] == "org" and {m["code"] for m in aes["members"]} == {"MLI", "NER", "BFA"}
    assert client.get("/api/actors/MLI").json()["events"]
    assert client.get("/api/actors/ZZZ").status_code == 404
    assert client.get("/api/actors?name=burkina").json()["entries"][0]["id"] == "BFA"


def test_web_export_downloads(client):
    csv = client.get("/api/export?format=csv&actor=MLI")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"] and csv.text.splitlines()[0].startswith("id,")
    jsonl = client.get("/api/export?format=plover&dyad=MLI,RUS")
    assert all(json.loads(line)["event"] for line in jsonl.text.splitlines())
    assert client.get("/api/export?format=xlsx").status_code == 400
    nothing = client.get("/api/export?format=csv&actor=ZZZ")
    assert nothing.status_code == 400 and "no" in nothing.json()["error"]


def test_web_export_slots_are_bounded(client):
    slots = client.app.state.web.export_slots
    assert slots.acquire(blocking=False) and slots.acquire(blocking=False)
    try:
        busy = client.get("/api/export?format=csv")
        assert busy.status_code == 429 and busy.headers["retry-after"]
    finally:
        slots.release()
        slots.release()


# -- bad parameters: clear 4xx, never a 500 ------------------------------------------------------
BAD = [
    ("/api/events?limit=0", 400, "limit"), ("/api/events?limit=501", 400, "limit"),
    ("/api/events?limit=abc", 400, "limit"), ("/api/events?after=" + "x" * 300, 400, "after"),
    ("/api/events?since=2025-13", 400, "since"), ("/api/events?until=2025-02-30", 400, "until"),
    ("/api/events?since=yesterday", 400, "since"), ("/api/events?quad_class=5", 400, "quad_class"),
    ("/api/events?quad_class=x", 400, "quad_class"), ("/api/events?event=DANCE", 400, "event"),
    ("/api/events?dyad=MLI", 400, "dyad"), ("/api/events?dyad=MLI,RUS,FRA", 400, "dyad"),
    ("/api/events?actor=<script>", 400, "actor"), ("/api/events?modality=maybe", 400, "modality"),
    ("/api/events?negated=perhaps", 400, "negated"), ("/api/events?min_confidence=2", 400, "min_confidence"),
    ("/api/events?min_confidence=abc", 400, "min_confidence"), ("/api/events?colour=red", 400, "colour"),
    ("/api/events?q=" + "a" * 201, 400, "q"),
    ("/api/events?" + "&".join("event=AGREE" for _ in range(21)), 400, "event"),
    ("/api/events/" + "x" * 101, 400, "event_id"), ("/api/events/nope", 404, "nope"),
    ("/api/articles/nope", 404, "nope"), ("/api/articles?limit=-1", 400, "limit"), ("/api/articles?x=1", 400, "x"),
    ("/api/dyads/MLI/RUS?by=decade", 400, "by"), ("/api/dyads/MLI/<b>?by=month", 400, "b"),
    ("/api/dyads/MLI/RUS?unit=people", 400, "unit"), ("/api/dyads/MLI/RUS?directed=maybe", 400, "directed"),
    ("/api/counts?split=colour", 400, "split"), ("/api/counts?by=hour", 400, "by"),
    ("/api/network?limit=5000", 400, "limit"), ("/api/network?min_events=0", 400, "min_events"),
    ("/api/top/actors?n=0", 400, "n"), ("/api/top/dyads?n=1000", 400, "n"),
    ("/api/partners/MLI?n=99", 400, "n"), ("/api/alignment?actors=&partners=RUS", 400, "actors"),
    ("/api/alignment?actors=MLI&partners=R;US", 400, "partners"), ("/api/map?limit=0", 400, "limit"),
    ("/api/actors?n=0", 400, "n"), ("/api/actors/" + "%3Cx%3E", 400, "actor"),
    ("/api/corrections?before=0", 400, "before"), ("/api/corrections/gold?format=pdf", 400, "format"),
    ("/api/export?format=csv&since=2025-99", 400, "since"), ("/api/nothing", 404, "nothing"),
    ("/events?since=2025-13", 400, "since"), ("/events/nope", 404, "nope"), ("/nothing", 404, "nothing"),
]


def test_web_bad_parameters_give_clear_4xx(client):
    for url, status, word in BAD:
        got = client.get(url)
        assert got.status_code == status, (url, got.status_code, got.text[:200])
        if url.startswith("/api/") or ".json" in url:
            body = got.json()
            assert body["status"] == status and word.lower() in body["error"].lower(), (url, body)
        else:
            assert got.headers["content-type"].startswith("text/html") and word in got.text


ENDPOINTS = ["/api/events", "/api/articles", "/api/actors", "/api/actors/MLI", "/api/dyads/MLI/RUS", "/api/map",
             "/api/alignment", "/api/counts", "/api/network", "/api/top/actors", "/api/top/dyads",
             "/api/partners/MLI", "/api/corrections", "/events", "/map", "/", "/actors/MLI"]
PARAMS = ["actor", "recipient", "involving", "dyad", "sector", "event", "mode", "context", "quad_class", "country",
          "place", "since", "until", "language", "source", "q", "modality", "negated", "min_confidence", "story",
          "cluster", "doc", "after", "limit", "by", "split", "unit", "n", "directed", "min_events", "actors",
          "partners", "name", "before", "format"]
NASTY = ["", " ", "-1", "0", "1e309", "nan", "9" * 40, "'; DROP TABLE events; --", '"', "\\", "%", "*", "NULL",
         "2025-02-29", "0000", "99999", "1,2,3,4,5", "MLI,", ",", "::", "MLI:", ":GOV", "\u0000", "é" * 50,
         "<script>alert(1)</script>", "a" * 250, "true", "..", "../../etc/passwd", "NEAR(a b)", 'a" OR "b']


def test_web_random_parameters_never_give_a_500(client):
    rng = random.Random(8)
    for _ in range(600):
        url = rng.choice(ENDPOINTS)
        params = {rng.choice(PARAMS): rng.choice(NASTY) for _ in range(rng.randint(1, 3))}
        got = client.get(url, params=params)
        assert got.status_code < 500, (url, params, got.status_code, got.text[:300])


def test_web_query_budget_stops_long_reads(filled):
    store, _ = filled
    with TestClient(create_app(store, query_budget_s=1e-9, cache_s=0)) as c:
        slow = c.get("/api/counts?by=day&split=event")
    assert slow.status_code == 503 and "narrow" in slow.json()["error"]


# -- security ----------------------------------------------------------------------------------
def test_web_security_headers_everywhere(client):
    for url in ("/", "/events.json", "/api/health", "/static/app.css", "/nothing", "/api/events?limit=0"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CSP, url
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP and "script-src 'self'" in CSP


def test_web_templates_have_no_inline_script_nor_safe_filter():
    folder = Path(__file__).resolve().parent.parent / "veille" / "web" / "templates"
    for template in folder.glob("*.html"):
        text = template.read_text("utf-8")
        assert "|safe" not in text.replace(" ", "") and "Markup" not in text, template.name
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name  # every script is a file
        assert not re.search(r"\son[a-z]+\s*=", text), template.name  # no inline event handler
        assert "style=" not in text, template.name


def test_web_hostile_text_stays_inert(client):
    hostile = client.get("/api/events?q=pwned").json()["events"]
    assert hostile
    for url in ("/events?q=pwned", f"/events/{hostile[0]['id']}", f"/articles/{hostile[0]['doc_id']}", "/articles",
                "/actors/MLI", "/"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page, url
        assert 'href="javascript:' not in page.lower(), url
    page = client.get("/events?q=pwned").text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;svg onload=alert(2)&gt;" in page  # the actor name, escaped in a title attribute
    assert client.get(f"/api/events/{hostile[0]['id']}").json()["sources"][0]["link"] is None


def test_web_highlight_pieces_cover_the_sentence():
    article, events = article_with_events(1, date(2025, 1, 1), [("MLI", "RUS"), ("NER", "FRA")], hostile=True)
    for event in events:
        rec = event.to_record()
        segs = sentence_segments(rec)
        assert "".join(s.text for s in segs) == rec["text"]
        kinds = {s.kind: s.text for s in segs if s.kind}
        assert kinds["trigger"] == rec["text_info"]["trigger"]["text"]
        assert kinds["actor"] == rec["actor"][0]["text"] and kinds["recipient"] == rec["recipient"][0]["text"]
    whole = text_segments(article.text, 0, [e.to_record() for e in events])
    assert "".join(s.text for s in whole) == article.text


def test_web_highlight_survives_bad_offsets():
    rec = {"text": "Le Mali a signé.", "event": "AGREE", "text_info": {"start": 100, "trigger": {"start": 110,
           "end": 500}}, "actor": [{"code": "MLI", "start": "x", "end": None}, {"code": "X", "start": 50, "end": 60}],
           "recipient": [{"code": "Y", "start": 104, "end": 102}]}
    segs = sentence_segments(rec)
    assert "".join(s.text for s in segs) == rec["text"]
    assert [s.text for s in segs if s.kind] == ["signé."]


def test_web_address_checks():
    for private in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1",
                    "fe80::1", "fc00::1", "::ffff:127.0.0.1", "100.64.0.1", "224.0.0.1", "240.0.0.1",
                    "2002:7f00:1::", "not an address"):
        assert not is_public_address(private), private
    for public in ("93.184.216.34", "2606:4700:4700::1111", "1.1.1.1"):
        assert is_public_address(public), public
    assert check_public_url("https://example.org/a", lambda host, port: ["93.184.216.34"]) == ["93.184.216.34"]
    from veille.web.security import UnsafeURL

    for url, answer in (("http://intranet.example/", ["10.0.0.5"]), ("http://x.example/", ["1.1.1.1", "127.0.0.1"]),
                        ("file:///etc/passwd", ["1.1.1.1"]), ("gopher://x/", ["1.1.1.1"]), ("http:///x", ["1.1.1.1"]),
                        ("http://x.example:99999/", ["1.1.1.1"]), ("http://nowhere.example/", [])):
        with pytest.raises(UnsafeURL):
            check_public_url(url, lambda host, port, answer=answer: answer)


def test_web_token_check():
    assert token_ok("abc", "Bearer abc") and token_ok("abc", "bearer  abc ")
    assert not token_ok("abc", "Bearer abd") and not token_ok("abc", "Basic abc") and not token_ok("abc", None)
    assert not token_ok("", "Bearer ")


# -- writes: token, corrections, gold ----------------------------------------------------------
def test_web_writes_disabled_without_a_token(client):
    eid = _one_event_id(client)
    got = client.post("/api/corrections", json={"event_id": eid, "verdict": "wrong"}, headers=AUTH)
    assert got.status_code == 403 and "disabled" in got.json()["error"]
    assert client.post("/api/ingest", json={"url": "https://example.org/a"}).status_code == 403
    assert "read-only" in client.get(f"/events/{eid}").text


def test_web_corrections_need_the_right_token(writable):
    c, _ = writable
    eid = _one_event_id(c)
    body = {"event_id": eid, "verdict": "wrong"}
    assert c.post("/api/corrections", json=body).status_code == 401
    wrong = c.post("/api/corrections", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert c.post("/api/corrections", json=body, headers=AUTH).status_code == 201
    assert c.get("/api/corrections").json()["corrections"][0]["verdict"] == "wrong"


def test_web_correction_validation(writable):
    c, _ = writable
    eid = _one_event_id(c)
    for body, status in (
        ({"event_id": eid, "verdict": "maybe"}, 400), ({"event_id": "nope", "verdict": "wrong"}, 404),
        ({"event_id": eid, "verdict": "fixed"}, 400), ({"event_id": eid, "verdict": "fixed", "event": "DANCE"}, 400),
        ({"event_id": eid, "verdict": "wrong", "event": "AGREE"}, 400),
        ({"event_id": eid, "verdict": "fixed", "actor": ["<b>"]}, 400),
        ({"event_id": eid, "verdict": "wrong", "admin": True}, 400), ({"verdict": "wrong"}, 400),
        ({"event_id": eid, "verdict": "wrong", "note": "x" * 3000}, 400),
    ):
        got = c.post("/api/corrections", json=body, headers=AUTH)
        assert got.status_code == status, (body, got.text)
        assert got.json()["error"]
    assert c.post("/api/corrections", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}
                  ).status_code == 400


def test_web_request_bodies_are_bounded(writable):
    c, _ = writable
    big = {"event_id": "x", "verdict": "wrong", "note": "x" * 100_000}
    got = c.post("/api/corrections", json=big, headers=AUTH)
    assert got.status_code == 413 and got.json()["error"] and got.headers["content-security-policy"]

    def chunks():
        for _ in range(100):
            yield b"x" * 1000

    streamed = c.post("/api/ingest", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_web_correction_shows_and_survives_a_recode(writable):
    c, store = writable
    ev = c.get("/api/events?dyad=MLI,RUS&limit=1").json()["events"][0]
    fix = {"event_id": ev["id"], "verdict": "fixed", "event": "COOPERATE", "actor": ["MLI:MIL"], "note": "joint op"}
    saved = c.post("/api/corrections", json=fix, headers=AUTH).json()
    assert saved["event"] == "COOPERATE" and saved["actor"] == [{"code": "MLI", "sector": "MIL"}]
    assert saved["recipient"] == [{"code": r["code"], "sector": r["sector"]} for r in ev["recipient"]]
    listed = c.get(f"/api/events?doc={ev['doc_id']}").json()["events"]
    assert [e["correction"]["verdict"] for e in listed if e["id"] == ev["id"]] == ["fixed"]
    assert "verdict-fixed" in c.get(f"/events/{ev['id']}").text
    # a recode gives the event another type (so another id) from the same evidence
    recoded = dict(ev, event="SUPPORT", id="recoded0000000001")
    for key in ("story_id", "cluster_id", "cluster_why", "goldstein", "sources", "highlight", "correction"):
        recoded.pop(key, None)
    others = [e for e in store.events(doc=ev["doc_id"]) if e["id"] != ev["id"]]
    store.replace_events(ev["doc_id"], [recoded, *others], "veille-rules/next")
    again = c.get("/api/events/recoded0000000001").json()
    assert again["correction"]["event"] == "COOPERATE" and again["correction"]["event_id"] == ev["id"]


def test_web_corrections_export_as_gold(writable, tmp_path):
    from veille.evaluate import load_gold
    from veille.store.corrections import export_gold

    c, store = writable
    events = c.get("/api/events?limit=3").json()["events"]
    verdicts = [("wrong", {}), ("confirmed", {}), ("fixed", {"event": "ACCUSE"})]
    for ev, (verdict, extra) in zip(events, verdicts, strict=True):
        assert c.post("/api/corrections", json={"event_id": ev["id"], "verdict": verdict, **extra},
                      headers=AUTH).status_code == 201
    docs = c.get("/api/corrections/gold").json()["documents"]
    gold = [g for d in docs for g in d["events"]]
    assert not any(g["event_id"] == events[0]["id"] for g in gold)  # wrong: not gold
    required = {g["event_id"]: g for g in gold if g["required"]}
    assert required[events[1]["id"]]["event"] == events[1]["event"] and required[events[2]["id"]]["event"] == "ACCUSE"
    assert all(g["verdict"] == "unreviewed" for g in gold if not g["required"])
    files = export_gold(store, tmp_path / "gold")
    loaded = [doc for path in files for doc in load_gold(path)]
    assert len(loaded) == len(docs) and {e.event for d in loaded for e in d.events if e.required} >= {"ACCUSE"}
    assert loaded[0].article.text == docs[0]["article"]["text"]
    import io
    import zipfile

    z = zipfile.ZipFile(io.BytesIO(c.get("/api/corrections/gold?format=zip").content))
    assert sorted(n.split(".", 1)[1] for n in z.namelist()) == sorted(["gold.json", "jsonl"] * len(docs))


def test_cli_corrections_export(writable, tmp_path, capsys):
    from veille.cli import main

    c, store = writable
    eid = _one_event_id(c)
    c.post("/api/corrections", json={"event_id": eid, "verdict": "confirmed"}, headers=AUTH)
    assert main(["corrections", "export", "--db", store.url.removeprefix("sqlite:///"),
                 "--out", str(tmp_path / "g")]) == 0
    assert "1 gold file" in capsys.readouterr().out and list((tmp_path / "g").glob("*.gold.json"))


# -- ingest by URL -----------------------------------------------------------------------------
class _NoFetch:
    def fetch_page(self, url, language=None):
        raise AssertionError(f"must not fetch {url}")


def test_web_ingest_refuses_private_addresses(tmp_path):
    store = Store(tmp_path / "i.db")
    public = {"news.example": ["93.184.216.34"], "evil.example": ["127.0.0.1"],
              "mixed.example": ["1.1.1.1", "10.0.0.1"]}

    def resolve(host, port):
        if host in public:
            return public[host]
        import socket

        return [info[4][0] for info in socket.getaddrinfo(host, port)]  # literals and localhost only

    app = create_app(store, token=TOKEN, fetcher_factory=_NoFetch, resolve=resolve)
    with TestClient(app) as c:
        for url in ("http://127.0.0.1:8000/", "http://localhost/", "http://10.0.0.8/", "http://169.254.169.254/latest",
                    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://evil.example/",
                    "http://mixed.example/", "file:///etc/passwd", "ftp://news.example/x", "http://2130706433/"):
            got = c.post("/api/ingest", json={"url": url}, headers=AUTH)
            assert got.status_code == 400, (url, got.text)
            assert got.json()["error"]
        assert c.post("/api/ingest", json={"url": "http://x"}, headers=AUTH).status_code == 400  # too short
        assert c.post("/api/ingest", json={"url": "https://news.example/a", "language": "de"},
                      headers=AUTH).status_code == 400
    store.close()


def test_web_ingest_codes_and_stores_the_page(tmp_path, monkeypatch):
    import veille.pipeline

    store = Store(tmp_path / "i.db")
    article, events = article_with_events(5, date(2025, 5, 12), [("MLI", "RUS")])
    page = Article(text=article.text, title=article.title, url="https://news.example/a", source="news.example",
                   published=article.published, language="fr")

    class Fake:
        def fetch_page(self, url, language=None):
            return page

        def close(self):
            pass

    def fake_run(items, target, lang="auto", command="run", **_):
        from veille.pipeline import RunSummary

        summary = RunSummary()
        for item in items:
            recs = [dict(e.to_record(), doc_id=item.id) for e in events]
            summary.count(target.add_records(item, recs))
        return summary

    monkeypatch.setattr(veille.pipeline, "run_articles", fake_run)
    app = create_app(store, token=TOKEN, fetcher_factory=Fake, resolve=lambda h, p: ["93.184.216.34"])
    with TestClient(app) as c:
        got = c.post("/api/ingest", json={"url": "https://news.example/a"}, headers=AUTH)
        assert got.status_code == 200, got.text
        body = got.json()
        assert body["article_id"] == page.id and body["new_article"] and len(body["events"]) == 1
        assert c.get(f"/api/events/{body['events'][0]}").json()["doc_id"] == page.id
    store.close()


def test_web_ingest_reports_a_fetch_failure(tmp_path):
    from veille.models import Failure

    class Failing:
        def fetch_page(self, url, language=None):
            return Failure(url, "[E105] HTTP 404 Not Found", "E105")

    store = Store(tmp_path / "i.db")
    with TestClient(create_app(store, token=TOKEN, fetcher_factory=Failing,
                               resolve=lambda h, p: ["93.184.216.34"])) as c:
        got = c.post("/api/ingest", json={"url": "https://news.example/a"}, headers=AUTH)
        assert got.status_code == 422 and "404" in got.json()["error"]
    store.close()


def test_web_guarded_fetcher_refuses_a_redirect_to_a_private_address():
    from veille.ingest.web import Fetcher
    from veille.models import Failure
    from veille.web.security import guarded_fetcher

    fetcher = guarded_fetcher(Fetcher, lambda host, port: ["10.0.0.1"], respect_robots=False, per_host_delay_s=0)
    try:
        got = fetcher.fetch_page("http://intranet.example/")
    finally:
        fetcher.close()
    assert isinstance(got, Failure) and "non-public" in got.reason


def test_web_guarded_fetcher_connects_only_to_checked_addresses():
    import httpcore

    from veille.ingest.web import Fetcher
    from veille.web.security import guarded_fetcher

    answers = {"rebind.example": ["10.0.0.7"]}  # what a second DNS answer could say
    fetcher = guarded_fetcher(Fetcher, lambda host, port: answers[host])
    try:
        backend = fetcher._client._transport._pool._network_backend
        with pytest.raises(httpcore.ConnectError, match="no public address"):
            backend.connect_tcp("rebind.example", 80, timeout=1)
    finally:
        fetcher.close()


@pytest.mark.model
def test_web_ingest_fetches_codes_and_stores_a_real_page(tmp_path):
    """The real Fetcher and pipeline against a page served on loopback (allowed explicitly)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.conftest import SEED

    body = ("<html><head><title>Russie–AES</title><meta property='article:published_time' content='2025-05-12'>"
            "</head><body><article>" + "".join(f"<p>{p}</p>" for p in SEED.read_text("utf-8").split("\n\n"))
            + "</article></body></html>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            status, data = (200, body) if self.path == "/article" else (404, b"")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = Store(tmp_path / "real.db")
    try:
        with TestClient(create_app(store, token=TOKEN, allow_private_urls=True)) as c:
            url = f"http://127.0.0.1:{server.server_address[1]}/article"
            got = c.post("/api/ingest", json={"url": url, "language": "fr"}, headers=AUTH)
            assert got.status_code == 200, got.text
            assert got.json()["new_events"] >= 3
            assert c.get("/api/events?actor=RUS").json()["events"]
    finally:
        server.shutdown()
        store.close()


# -- under load --------------------------------------------------------------------------------
def test_web_holds_under_concurrent_reads_and_writes(tmp_path):
    """Eight reader threads hit the API through a real uvicorn server while a writer thread adds
    articles to the same SQLite file: no error, and every write is visible at the end."""
    store = Store(tmp_path / "load.db", near_duplicates=False)
    fill_store(store, articles=30, hostile=False)
    before = store.count("events")
    with running_server(create_app(store, cache_s=0)) as base:
        _load(tmp_path, base, before)
    store.close()


def _load(tmp_path, base: str, before: int) -> None:
    import httpx

    errors: list[str] = []
    done = threading.Event()
    written = []

    def writer():
        writes = Store(tmp_path / "load.db", near_duplicates=False)  # its own engine, as another process would
        try:
            for n in range(60):
                article, events = article_with_events(1000 + n, date(2025, 1, 1) + timedelta(days=n),
                                                      [("MLI", "RUS"), ("NER", "FRA")], source="load.example")
                written.append(writes.add(article, events).events_added)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(f"writer: {exc!r}")
        finally:
            writes.close()
            done.set()

    urls = ["/api/events?limit=50", "/api/events?dyad=MLI,RUS&limit=20", "/api/dyads/MLI/RUS?by=month",
            "/api/counts?by=month&split=quad_class", "/events", "/", "/api/network", "/api/map", "/api/health"]
    counts = {"requests": 0}

    def reader(k):
        rng = random.Random(k)
        with httpx.Client(base_url=base, timeout=30) as http:
            while not done.is_set() or counts["requests"] < 200:
                url = rng.choice(urls)
                try:
                    got = http.get(url)
                except httpx.HTTPError as exc:
                    errors.append(f"{url}: {exc!r}")
                    return
                counts["requests"] += 1
                if got.status_code != 200:
                    errors.append(f"{url}: {got.status_code} {got.text[:200]}")
                if counts["requests"] > 3000:
                    return

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(8)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors[:5]
    assert sum(written) == 120 and counts["requests"] >= 200
    with httpx.Client(base_url=base) as http:
        assert http.get("/api/health").json()["events"] == before + 120
        assert len(all_events_http(http, "source=load.example")) == 120


def all_events_http(http, query: str) -> list[dict]:
    out, after = [], None
    while True:
        body = http.get("/api/events?limit=500&" + query + (f"&after={after}" if after else "")).json()
        out += body["events"]
        after = body["next"]
        if not after:
            return out


def test_web_hostile_constants_are_really_hostile():
    assert "<script>" in HOSTILE and "onload" in HOSTILE_NAME
