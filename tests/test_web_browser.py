"""The dashboard in a real browser (Playwright driving Debian's chromium) against uvicorn on
127.0.0.1: each page loads without console errors or requests leaving the app, filters go into
the URL, chart points lead to their events, highlighting marks the right words, hostile article
text and actor names stay inert, the correction form works. Screenshots go to test-artifacts/.

Skipped when /usr/bin/chromium is missing, unless VEILLE_REQUIRE_BROWSER=1 (CI)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web_data import HOSTILE, fill_store, running_server
from veille.store import Store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TOKEN = "browser-token"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


def _require_browser():
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            missing = f"playwright is not installed ({exc})"
    if missing:
        if os.environ.get("VEILLE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (VEILLE_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(missing)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    _require_browser()
    from veille.web import create_app

    store = Store(tmp_path_factory.mktemp("browser") / "b.db", near_duplicates=False)
    fill_store(store, articles=40, first=date(2024, 1, 3))
    with running_server(create_app(store, token=TOKEN, cache_s=0)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it must not: console errors, page errors, dialogs (alert), requests
    outside the app."""

    def __init__(self, page, base: str) -> None:
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))

        def route(r):
            if r.request.url.startswith(base + "/"):
                r.continue_()
            else:
                self.problems.append(f"external request: {r.request.url}")
                r.abort()

        page.route("**/*", route)


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = Watch(pg, base_url)
    pg.watch = watch
    yield pg
    context.close()
    assert not watch.problems, watch.problems


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _ready(page, selector: str) -> None:
    page.wait_for_selector(f"{selector}[data-ready='true']", timeout=15_000)


PAGES = [("overview", "/", "#timeline"), ("events", "/events", None), ("actor", "/actors/MLI", "#network"),
         ("dyad", "/dyads/MLI/RUS?by=month", "#dyad"), ("map", "/map", "#map"),
         ("alignment", "/alignment?by=quarter", "#alignment"), ("articles", "/articles", None),
         ("actors", "/actors", None), ("corrections", "/corrections", None)]


@pytest.mark.parametrize(("name", "path", "ready"), PAGES, ids=[p[0] for p in PAGES])
def test_browser_page_loads_clean(page, base_url, name, path, ready):
    response = page.goto(base_url + path)
    assert response.status == 200
    if ready:
        _ready(page, ready)
    shot(page, name)


def test_browser_filter_goes_into_a_shareable_url(page, base_url):
    page.goto(base_url + "/events")
    page.fill("form.filters input[name=actor]", "MLI")
    page.select_option("form.filters select[name=quad_class]", "1")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"actor": ["MLI"], "quad_class": ["1"]}  # empty fields left out
    cards = page.locator("article.event")
    assert cards.count() > 0
    for i in range(cards.count()):
        assert "MLI" in cards.nth(i).locator(".who").inner_text().split("→")[0]
    assert page.input_value("form.filters input[name=actor]") == "MLI"
    page.goto(page.url)  # the URL alone gives the same list
    assert page.locator("article.event").count() == cards.count()


def _click_point(page, canvas: str, dataset: int) -> None:
    """Click the first non-zero point of a Chart.js dataset."""
    box = page.locator(canvas).bounding_box()
    xy = page.evaluate("""([sel, ds]) => {
        const chart = Chart.getChart(document.querySelector(sel));
        const values = chart.data.datasets[ds].data;
        const i = values.findIndex((v) => v > 0);
        const el = chart.getDatasetMeta(ds).data[i];
        const p = el.getCenterPoint ? el.getCenterPoint() : el;
        return [p.x, p.y, chart.data.labels[i]];
    }""", [canvas, dataset])
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    return xy[2]


def test_browser_dyad_point_leads_to_its_events(page, base_url):
    page.goto(base_url + "/dyads/MLI/RUS?by=month&unit=events")
    _ready(page, "#dyad")
    series = page.evaluate("fetch('/api/dyads/MLI/RUS?by=month&unit=events').then((r) => r.json())")["series"]
    period = _click_point(page, "#dyad", 0)
    page.wait_for_url("**/events?*")
    query = parse_qs(urlsplit(page.url).query)
    row = next(r for r in series if r["period"] == period)
    assert query["dyad"] == ["MLI,RUS"] and query["since"] == [row["since"]] and query["until"] == [row["until"]]
    assert query["quad_class"] == ["1,2"]
    assert page.locator("article.event").count() == row["cooperation"]
    shot(page, "dyad-click-events")


def test_browser_timeline_bar_leads_to_its_events(page, base_url):
    page.goto(base_url + "/")
    _ready(page, "#timeline")
    _click_point(page, "#timeline", 0)
    page.wait_for_url("**/events?*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["quad_class"] == ["1"] and query["since"] and query["until"]
    assert page.locator("article.event").count() > 0


def test_browser_alignment_point_leads_to_events(page, base_url):
    page.goto(base_url + "/alignment?actors=MLI,NER,BFA&partners=RUS,FRA&by=year")
    _ready(page, "#alignment")
    _click_point(page, "#alignment", 0)
    page.wait_for_url("**/events?*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["involving"] == ["RUS"] and query["quad_class"] == ["1,2"]


def test_browser_highlighting_marks_trigger_actor_recipient(page, base_url):
    page.goto(base_url + "/events?dyad=MLI,RUS&limit=10")
    records = page.evaluate("fetch('/api/events?dyad=MLI,RUS&limit=10').then((r) => r.json())")["events"]
    cards = page.locator("article.event")
    assert cards.count() == len(records) > 0
    for i, rec in enumerate(records):
        card = cards.nth(i)
        assert card.locator("mark.hl-trigger").all_inner_texts() == [rec["text_info"]["trigger"]["text"]]
        assert card.locator("mark.hl-actor").all_inner_texts() == [a["text"] for a in rec["actor"]]
        assert card.locator("mark.hl-recipient").all_inner_texts() == [a["text"] for a in rec["recipient"]]
        assert card.locator("p.sentence").inner_text() == rec["text"]


def test_browser_hostile_text_stays_inert(page, base_url):
    page.goto(base_url + "/events?q=pwned")
    cards = page.locator("article.event")
    assert cards.count() > 0
    assert HOSTILE in cards.first.locator("p.sentence").inner_text()  # shown as text
    assert page.locator("main img, main svg, main script").count() == 0
    assert page.evaluate("window.pwned === undefined")
    cards.first.locator("a.when").click()
    page.wait_for_url("**/events/*")
    assert HOSTILE in page.locator(".evidence").inner_text()
    assert page.locator("main img, main svg, main script").count() == 0
    title = page.locator("a.actor").first.get_attribute("title")
    assert "<svg onload=alert(2)>" in title  # the hostile name is an attribute value, not markup
    shot(page, "hostile-event")
    # dialogs (alert) and console errors are checked by the fixture


def test_browser_network_and_map_are_interactive(page, base_url):
    page.goto(base_url + "/actors/MLI")
    _ready(page, "#network")
    nodes = page.evaluate("window.veilleNetwork.nodes().map((n) => n.id())")
    assert "MLI" in nodes and "RUS" in nodes
    page.goto(base_url + "/map?involving=RUS")
    _ready(page, "#map")
    assert int(page.get_attribute("#map", "data-points")) > 0
    marker = page.locator(".leaflet-marker-icon").first
    marker.click()
    if page.locator(".leaflet-popup").count() == 0:  # a cluster: zoomed in, click a point
        page.wait_for_timeout(600)
        page.locator(".ev-point").first.click()
    link = page.locator(".leaflet-popup a").first
    link.wait_for(timeout=5000)
    href = link.get_attribute("href")
    assert href.startswith("/events?") and "place=" in href and "involving=RUS" in href
    shot(page, "map")


def test_browser_correction_form(page, base_url):
    page.goto(base_url + "/events?dyad=NER,RUS&limit=1")
    page.locator("article.event a.when").first.click()
    page.wait_for_url("**/events/*")
    page.check("#correction input[value=fixed]")
    page.select_option("#correction select[name=event]", "COOPERATE")
    page.fill("#correction input[name=note]", "joint patrol, not an agreement")
    page.fill("#correction input[name=token]", "wrong-token")
    page.click("#correction button[type=submit]")
    page.wait_for_function("document.querySelector('#correction output').textContent.includes('not saved')")
    page.watch.problems = [p for p in page.watch.problems if "401" not in p]  # the refused POST is logged
    page.fill("#correction input[name=token]", TOKEN)
    page.click("#correction button[type=submit]")
    page.wait_for_selector(".badge.verdict-fixed")
    assert "COOPERATE" in page.locator("h1 .badge").inner_text()
    assert "joint patrol" in page.locator(".correction .note").inner_text()
    shot(page, "corrected-event")


@pytest.mark.model
def test_browser_real_pipeline_event_page(browser, tmp_path):
    """The seed article through the real pipeline: its event page highlights the evidence."""
    from tests.conftest import SEED
    from veille.pipeline import run
    from veille.web import create_app

    store = Store(tmp_path / "seed.db")
    run([str(SEED)], store)
    rec = next(r for r in store.events() if r["event"] == "CONSULT")
    with running_server(create_app(store, cache_s=0)) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        watch = Watch(pg, base)
        pg.goto(f"{base}/events/{rec['id']}")
        assert pg.locator(".evidence .context mark.hl-trigger").inner_text() == rec["text_info"]["trigger"]["text"]
        assert pg.locator(".evidence .context mark.hl-actor").count() >= 1
        shot(pg, "seed-event")
        context.close()
        assert not watch.problems, watch.problems
    store.close()
