"""Routes: each dashboard page and its JSON twin are one view registered twice (`/events` renders
`events.html`, `/events.json` returns the same data), most also under /api. API-only routes:
health, aggregates, exports, corrections, ingest by URL."""

from __future__ import annotations

import functools
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from veille.store.query import FilterError, Filters
from veille.web import views
from veille.web.params import filters_dependency, period_range, spec, specs

__all__ = ["api", "pages"]

api = APIRouter(prefix="/api")
pages = APIRouter()

Period = Literal["day", "week", "month", "quarter", "year"]
Unit = Literal["clusters", "events"]
Id = Annotated[str, PathParam(max_length=100)]


def _filters(*allowed: str) -> Any:
    """The type of a route's `Filters` parameter: every filter as a documented query parameter,
    the route's own parameters (`allowed`) accepted beside them."""
    return Annotated[Filters, Depends(filters_dependency(*allowed))]


OverviewFilters = _filters()
EventFilters = _filters("after", "limit")
ActorsFilters = _filters("name", "n")
ActorFilters = _filters("by", "n")
DyadFilters = _filters("by", "directed", "unit")
MapFilters = _filters("limit")
AlignmentFilters = _filters("actors", "partners", "by", "unit")
CountFilters = _filters("by", "split", "unit")
NetworkFilters = _filters("min_events", "limit", "directed", "unit")
TopActorFilters = _filters("n", "unit")
TopDyadFilters = _filters("n", "unit", "directed")
PartnerFilters = _filters("by", "n", "unit")
ExportFilters = _filters("format")


def _state(request: Request) -> Any:
    return request.app.state.web


# -- models (loose where the PLOVER record is the payload: its JSON Schema is published) -------
class EventPage(BaseModel):
    events: list[dict[str, Any]] = Field(description="PLOVER records with sources, highlight and correction")
    next: str | None = Field(description="the `after` value of the next page; null on the last page")
    filters: dict[str, Any]
    limit: int


class ArticlePage(BaseModel):
    articles: list[dict[str, Any]]
    next: str | None
    filters: dict[str, Any]
    limit: int


class Health(BaseModel):
    status: str
    version: str
    database: str
    events: int
    writes_enabled: bool


class Network(BaseModel):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    directed: bool
    truncated: bool


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_id: str = Field(min_length=1, max_length=100)
    verdict: Literal["wrong", "fixed", "confirmed"]
    event: str | None = Field(None, max_length=20, description="the true PLOVER type (fixed)")
    mode: str | None = Field(None, max_length=40)
    actor: list[str] | None = Field(None, max_length=20, description="CODE or CODE:SECTOR")
    recipient: list[str] | None = Field(None, max_length=20)
    note: str = Field("", max_length=2000)
    author: str = Field("", max_length=200)


class IngestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=2000)
    language: Literal["fr", "en"] | None = None


# -- registration of a view and its twins --------------------------------------------------------
def _render(request: Request, template: str, data: dict[str, Any], page: str) -> Response:
    state = _state(request)
    query = request.url.query
    context = {**data, "data": data, "page": page, "writes_enabled": state.writes_enabled,
               "json_url": f"{request.url.path.rstrip('/') or '/index'}.json" + (f"?{query}" if query else "")}
    return request.app.state.templates.TemplateResponse(request, template, context)


def twin(path: str, template: str, page: str, *, api_path: str | None = None,
         model: Any = None, summary: str = "") -> Callable[[Callable[..., dict[str, Any]]], Any]:
    """Register `view` at `path` (HTML), `path`.json (its JSON twin) and `api_path` (JSON, in the
    OpenAPI document)."""
    json_path = "/index.json" if path == "/" else f"{path}.json"

    def register(view: Callable[..., dict[str, Any]]) -> Any:
        @functools.wraps(view)
        def as_html(*args: Any, **kwargs: Any) -> Response:
            return _render(kwargs["request"], template, view(*args, **kwargs), page)

        # the .json route first: "/events/{event_id}" would also match "/events/x.json"
        pages.add_api_route(json_path, view, methods=["GET"], include_in_schema=False, response_model=model)
        pages.add_api_route(path, as_html, methods=["GET"], include_in_schema=False,
                            response_class=HTMLResponse, response_model=None)
        if api_path:
            api.add_api_route(api_path, view, methods=["GET"], response_model=model, summary=summary or None,
                              description=view.__doc__)
        return view

    return register


# -- pages with JSON twins ----------------------------------------------------------------------
@twin("/", "overview.html", "overview", api_path="/overview", summary="Overview: summary, top actors and dyads")
def overview_view(request: Request, f: OverviewFilters) -> dict[str, Any]:
    """What the store holds, the most active actors and dyads, the latest events."""
    state = _state(request)
    return views.overview(state.reader, f, state.cache)


@twin("/events", "events.html", "events", api_path="/events", model=EventPage, summary="Events")
def events_view(request: Request, f: EventFilters,
                after: str | None = Query(None, max_length=200, description="the `next` of the previous page"),
                limit: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
    """Events matching the filters, newest first, `limit` per page (keyset pagination: pass the
    `next` value of a page as `after`)."""
    return views.event_list(_state(request).reader, f, limit, after)


@twin("/events/{event_id}", "event.html", "event", api_path="/events/{event_id}", summary="One event")
def event_view(request: Request, event_id: Id) -> dict[str, Any]:
    """One event with its full evidence: record, article text around the sentence, sources,
    events of the same sentence and cluster, corrections."""
    return views.event_detail(_state(request).reader, event_id)


@twin("/articles", "articles.html", "articles", api_path="/articles", model=ArticlePage, summary="Articles")
def articles_view(request: Request,
                  q: str | None = Query(None, max_length=200, description="words of the title or text"),
                  source: str | None = Query(None, max_length=200), language: str | None = Query(None, max_length=10),
                  after: str | None = Query(None, max_length=300), limit: int = Query(50, ge=1, le=500),
                  ) -> dict[str, Any]:
    """Stored articles, newest publication first, with their number of events."""
    _only(request, {"q", "source", "language", "after", "limit"})
    return views.article_list(_state(request).reader, (q or "").strip() or None, source, language, limit, after)


@twin("/articles/{article_id}", "article.html", "article", api_path="/articles/{article_id}",
      summary="One article")
def article_view(request: Request, article_id: Id) -> dict[str, Any]:
    """An article: text with its events marked, sources, events."""
    return views.article_detail(_state(request).reader, article_id)


@twin("/actors", "actors.html", "actors", api_path="/actors", summary="Actors")
def actors_view(request: Request, f: ActorsFilters,
                name: str | None = Query(None, max_length=100, description="search the knowledge base by name"),
                n: int = Query(50, ge=1, le=200)) -> dict[str, Any]:
    """Knowledge-base entries matching `name`; without it, the most active actors."""
    return views.actor_list(_state(request).reader, f, (name or "").strip() or None, n)


@twin("/actors/{actor_id}", "actor.html", "actor", api_path="/actors/{actor_id}", summary="One actor")
def actor_view(request: Request, actor_id: Id, f: ActorFilters,
               by: Period = "quarter", n: int = Query(5, ge=1, le=20)) -> dict[str, Any]:
    """A knowledge-base entry (or an actor code), its main partners per period, its latest events."""
    return views.actor_detail(_state(request).reader, spec(actor_id, "actor"), f, by, n)


@twin("/dyads/{a}/{b}", "dyad.html", "dyad", api_path="/dyads/{a}/{b}", summary="Dyad series")
def dyad_view(request: Request, a: Id, b: Id,
              f: DyadFilters,
              by: Period = "month", directed: bool = False, unit: Unit = "clusters") -> dict[str, Any]:
    """Cooperation and conflict between two actors per period (quad-class counts, Goldstein
    totals), with `since`/`until` per period to list the events behind a point."""
    return views.dyad_detail(_state(request).reader, spec(a, "a"), spec(b, "b"), f, by, directed, unit)


@twin("/map", "map.html", "map", api_path="/map", summary="Events per place")
def map_view(request: Request, f: MapFilters,
             limit: int = Query(views.MAP_PLACES, ge=1, le=views.MAP_PLACES)) -> dict[str, Any]:
    """Events per place with coordinates, most events first."""
    return views.map_points(_state(request).reader, f, limit)


@twin("/alignment", "alignment.html", "alignment", api_path="/alignment", summary="Alignment")
def alignment_view(request: Request, f: AlignmentFilters,
                   actors: str = Query("MLI,NER,BFA", max_length=300, description="e.g. MLI,NER,BFA"),
                   partners: str = Query("RUS,FRA", max_length=300, description="e.g. RUS,FRA"),
                   by: Period = "quarter", unit: Unit = "clusters") -> dict[str, Any]:
    """Whom a group of actors cooperates with: cooperation events with each partner per period
    and the partner's share."""
    return views.alignment_view(_state(request).reader, specs(actors, "actors"), specs(partners, "partners"),
                                f, by, unit)


@twin("/corrections", "corrections.html", "corrections", api_path="/corrections", summary="Corrections")
def corrections_view(request: Request, before: int | None = Query(None, ge=1), limit: int = Query(50, ge=1, le=500),
                     ) -> dict[str, Any]:
    """Analysts' corrections, newest first (`before`: the `next` of the previous page)."""
    from veille.store.corrections import list_corrections

    _only(request, {"before", "limit"})
    rows, nxt = list_corrections(_state(request).reader, limit, before)
    return {"corrections": [c.as_dict() for c in rows], "next": nxt, "limit": limit}


def _only(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise FilterError(f"unknown parameter(s): {', '.join(unknown)}")


# -- API only -----------------------------------------------------------------------------------
@api.get("/health", response_model=Health, summary="Health")
def health(request: Request) -> dict[str, Any]:
    """The app answers and its database is readable."""
    from veille import __version__

    state = _state(request)
    return {"status": "ok", "version": __version__, "database": state.reader.dialect,
            "events": state.reader.count("events"), "writes_enabled": state.writes_enabled}


@api.get("/summary", summary="What the store holds")
def summary(request: Request) -> dict[str, Any]:
    from veille.store.analysis import summary as store_summary

    _only(request, set())
    state = _state(request)
    return state.cache.get(("summary",), lambda: store_summary(state.reader))


def _cache_key(name: str, f: Filters, *rest: Any) -> tuple[Any, ...]:
    return (name, json.dumps(f.to_dict(), sort_keys=True), *rest)


@api.get("/counts", summary="Events per period")
def counts(request: Request, f: CountFilters,
           by: Period = "month", split: Literal["quad_class", "event", "country"] | None = None,
           unit: Unit = "clusters") -> dict[str, Any]:
    """Events per period (the timeline), optionally split by quad class, event type or country;
    each row has `since`/`until` to list its events."""
    from veille.store.analysis import counts as store_counts

    state = _state(request)
    rows = state.cache.get(_cache_key("counts", f, by, split, unit),
                           lambda: store_counts(state.reader, f, by=by, split=split, unit=unit))
    out = []
    for row in rows:
        since, until = period_range(row["period"])
        out.append({**row, "since": since, "until": until})
    return {"by": by, "split": split, "unit": unit, "rows": out, "filters": f.to_dict()}


@api.get("/network", response_model=Network, summary="Actor network")
def network(request: Request, f: NetworkFilters,
            min_events: int = Query(1, ge=1, le=1_000_000), limit: int = Query(200, ge=1, le=1000),
            directed: bool = False, unit: Unit = "clusters") -> dict[str, Any]:
    """Actors linked by their events (cooperation and conflict counts per edge); the `limit`
    busiest edges and their nodes."""
    from veille.store.analysis import network as store_network

    state = _state(request)
    net = state.cache.get(_cache_key("network", f, min_events, directed, unit),
                          lambda: store_network(state.reader, f, min_events=min_events, directed=directed,
                                                unit=unit))
    edges = sorted(net["edges"], key=lambda x: -x["events"])[:limit]
    keep = {x for edge in edges for x in (edge["source"], edge["target"])}
    return {"nodes": [n for n in net["nodes"] if n["id"] in keep], "edges": edges,
            "directed": net.get("directed", directed), "truncated": len(edges) < len(net["edges"])}


@api.get("/top/actors", summary="Most active actors")
def top_actors(request: Request, f: TopActorFilters,
               n: int = Query(10, ge=1, le=100), unit: Unit = "clusters") -> list[dict[str, Any]]:
    from veille.store.analysis import top_actors as store_top

    state = _state(request)
    return state.cache.get(_cache_key("top_actors", f, n, unit), lambda: store_top(state.reader, f, n=n, unit=unit))


@api.get("/top/dyads", summary="Busiest actor pairs")
def top_dyads(request: Request, f: TopDyadFilters,
              n: int = Query(10, ge=1, le=100), unit: Unit = "clusters",
              directed: bool = False) -> list[dict[str, Any]]:
    from veille.store.analysis import top_dyads as store_top

    state = _state(request)
    return state.cache.get(_cache_key("top_dyads", f, n, unit, directed),
                           lambda: store_top(state.reader, f, n=n, directed=directed, unit=unit))


@api.get("/partners/{actor_id}", summary="An actor's main partners per period")
def partners(request: Request, actor_id: Id, f: PartnerFilters,
             by: Period = "quarter", n: int = Query(5, ge=1, le=20), unit: Unit = "clusters") -> dict[str, Any]:
    from veille.store.analysis import top_partners

    state = _state(request)
    rows = top_partners(state.reader, spec(actor_id, "actor"), f, by=by, n=n, unit=unit)
    for row in rows:
        row["since"], row["until"] = period_range(row["period"])
    return {"actor": actor_id, "by": by, "rows": rows, "filters": f.to_dict()}


_MEDIA = {"plover": ("application/x-ndjson", "jsonl"), "csv": ("text/csv", "csv"),
          "parquet": ("application/vnd.apache.parquet", "parquet"), "tsv": ("text/tab-separated-values", "tsv"),
          "acled": ("text/csv", "acled.csv"), "geojson": ("application/geo+json", "geojson"),
          "graphml": ("application/xml", "graphml"), "gexf": ("application/xml", "gexf")}
ExportFormat = Literal["plover", "csv", "parquet", "tsv", "acled", "geojson", "graphml", "gexf"]


@api.get("/export", summary="Download events", response_class=FileResponse)
def export(request: Request, f: ExportFilters,
           format: Annotated[ExportFormat, Query(description="plover (JSONL), csv, parquet, tsv, acled, geojson, "
                                                             "graphml, gexf")] = "csv") -> Response:
    """The events matching the filters as a file (see `veille export`); at most two exports run
    at once (429 otherwise)."""
    from veille.export import export as write_export

    state = _state(request)
    if not state.export_slots.acquire(blocking=False):
        raise HTTPException(429, "two exports are already running: try again shortly", headers={"Retry-After": "10"})
    folder = Path(tempfile.mkdtemp(prefix="veille-export-"))
    media, suffix = _MEDIA[format]
    out = folder / f"veille-events.{suffix}"

    def cleanup() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        state.export_slots.release()

    try:
        write_export(state.reader, format, f, out)
    except BaseException:
        cleanup()
        raise
    return FileResponse(out, media_type=media, filename=out.name, background=BackgroundTask(cleanup))


def require_token(request: Request, authorization: str | None = Header(None, include_in_schema=False)) -> None:
    """Writes need `Authorization: Bearer TOKEN`; without a configured token they are disabled."""
    from veille.web.security import token_ok

    state = _state(request)
    if not state.token:
        raise HTTPException(403, "writes are disabled on this server (start it with a token: the web_token "
                                 "setting or veille serve --token-file)")
    if not token_ok(state.token, authorization):
        raise HTTPException(401, "a valid bearer token is required (Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})


@api.post("/corrections", status_code=201, summary="Correct an event", dependencies=[Depends(require_token)])
def add_correction(request: Request, body: CorrectionIn) -> dict[str, Any]:
    """Mark an event wrong, confirm it, or fix its type, mode, actors or recipients (needs the
    bearer token). Kept apart from the events: a recode keeps it."""
    from veille.store.corrections import add_correction as store_add

    state = _state(request)
    with state.write_lock:
        corr = store_add(state.store, body.event_id, body.verdict, event=body.event, mode=body.mode,
                         actor=body.actor, recipient=body.recipient, note=body.note, author=body.author)
    return corr.as_dict()


@api.get("/corrections/gold", summary="Corrections as gold data")
def corrections_gold(request: Request, format: Literal["json", "zip"] = "json") -> Response:
    """The corrected articles in veille's gold format (one document per article, the article
    attached). `format=zip`: the files of `veille corrections export`, for `veille eval`."""
    from veille.store.corrections import gold_documents

    _only(request, {"format"})
    docs = gold_documents(_state(request).reader)
    if format == "json":
        body = json.dumps({"documents": docs}, ensure_ascii=False)
        return Response(body, media_type="application/json")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for doc in docs:
            article = {k: v for k, v in doc.pop("article").items() if v not in (None, "")}
            stem = doc["doc"].removesuffix(".jsonl")
            zf.writestr(doc["doc"], json.dumps(article, ensure_ascii=False) + "\n")
            zf.writestr(f"{stem}.gold.json", json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="veille-gold.zip"'})


@api.post("/ingest", summary="Fetch, code and store a page", dependencies=[Depends(require_token)])
def ingest(request: Request, body: IngestIn) -> dict[str, Any]:
    """Fetch the page at `url`, code it and store its events (needs the bearer token). URLs whose
    host resolves to a private, loopback, link-local or reserved address are refused unless the
    server allows them (web_allow_private_urls)."""
    from veille.models import Failure
    from veille.pipeline import run_articles
    from veille.web.security import UnsafeURL, check_public_url

    state = _state(request)
    url = body.url.strip()
    if not state.allow_private_urls:
        try:
            check_public_url(url, *([state.resolve] if state.resolve else []))
        except UnsafeURL as exc:
            raise HTTPException(400, f"{url}: {exc}") from exc
    fetcher = _fetcher(state)
    try:
        result = fetcher.fetch_page(url, language=body.language)
    finally:
        close = getattr(fetcher, "close", None)
        if close:
            close()
    if isinstance(result, Failure):
        raise HTTPException(422, result.reason)
    if not hasattr(result, "text"):  # NotModified: not asked for, not expected
        raise HTTPException(422, f"{url}: nothing fetched")
    with state.write_lock:
        run = run_articles(iter([result]), state.store, lang=body.language or "auto", command="web-ingest")
    if run.failures:
        raise HTTPException(422, run.failures[0].reason)
    listed = views.event_list(state.reader, Filters(doc=result.id), limit=500)
    return {"article_id": result.id, "url": getattr(result, "url", url), "title": result.title,
            "new_article": run.new_articles > 0, "new_events": run.new_events,
            "events": [e["id"] for e in listed["events"]]}


def _fetcher(state: Any) -> Any:
    if state.fetcher_factory is not None:
        return state.fetcher_factory()
    from veille.ingest.web import Fetcher

    if state.allow_private_urls:
        return Fetcher()
    from veille.web.security import guarded_fetcher

    return guarded_fetcher(Fetcher, *([state.resolve] if state.resolve else []))

