"""The ASGI app: `create_app(store_or_db, ...)` -> FastAPI, the JSON API under /api and the
dashboard pages, each page with its JSON twin (`/events` and `/events.json`) from one view.

Reads go through a `ReadStore`: the app's own pool of read-only connections (SQLite WAL readers
do not wait for the writer), each query bounded in time. Writes (corrections, ingest by URL)
go through the `Store`, one at a time, and need the bearer token."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from veille.settings import Settings, get_settings
from veille.store import Store

__all__ = ["create_app", "ReadStore", "WebState", "TTLCache"]

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
PERIODS = ("day", "week", "month", "quarter", "year")

log = logging.getLogger(__name__)


class ReadStore:
    """Read-only, time-bounded access to a store's database for the views.

    Quacks like the `Store` for readers (`connect()`, `dialect`, `engine`): SQLite files get
    their own pool of read-only connections whose queries are interrupted after `budget_s`
    seconds; PostgreSQL gets a statement timeout and read-only transactions. An in-memory SQLite
    store is read through its own (single) connection, unbounded."""

    def __init__(self, store: Store, budget_s: float = 5.0) -> None:
        from sqlalchemy import create_engine, event

        self.store = store
        self.dialect = store.dialect
        self.url = store.url
        self.budget_s = budget_s
        memory = store.url in ("sqlite://", "sqlite:///:memory:")
        if memory:
            self.engine = store.engine
        elif self.dialect == "sqlite":
            self.engine = create_engine(store.url, connect_args={"check_same_thread": False, "timeout": 10},
                                        pool_size=8, max_overflow=8, pool_timeout=20)

            @event.listens_for(self.engine, "connect")
            def _read_only(dbapi_conn: Any, _record: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA query_only=1")
                cur.close()

            @event.listens_for(self.engine, "checkout")
            def _deadline(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
                if self.budget_s > 0:
                    end = time.monotonic() + self.budget_s
                    dbapi_conn.set_progress_handler(lambda: time.monotonic() > end, 1000)

            @event.listens_for(self.engine, "checkin")
            def _no_deadline(dbapi_conn: Any, _record: Any) -> None:
                if dbapi_conn is not None:
                    dbapi_conn.set_progress_handler(None, 0)
        else:
            ms = int(budget_s * 1000)
            self.engine = create_engine(
                store.url, pool_pre_ping=True,
                connect_args={"options": f"-c statement_timeout={ms} -c default_transaction_read_only=on"})

    def connect(self) -> Any:
        return self.engine.connect()

    def count(self, table: str) -> int:
        from sqlalchemy import func, select

        from veille.store import schema as s

        with self.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(s.TABLES[table])))

    def close(self) -> None:
        if self.engine is not self.store.engine:
            self.engine.dispose()


class TTLCache:
    """A small cache of aggregate results, each kept `ttl_s` seconds (0: no cache)."""

    def __init__(self, ttl_s: float = 5.0, size: int = 256) -> None:
        self.ttl_s, self.size = ttl_s, size
        self._items: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        if self.ttl_s <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit and now - hit[0] < self.ttl_s:
                return hit[1]
        value = compute()
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[key] = (now, value)
        return value


@dataclass
class WebState:
    """What the routes share: the store (writes), its reader, the settings of the app."""

    store: Store
    reader: ReadStore
    token: str = ""
    allow_private_urls: bool = False
    cache: TTLCache = field(default_factory=TTLCache)
    fetcher_factory: Callable[[], Any] | None = None
    resolve: Callable[[str, int], Any] | None = None
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    export_slots: threading.BoundedSemaphore = field(default_factory=lambda: threading.BoundedSemaphore(2))
    owns_store: bool = False

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)


def _static_dir() -> Path:
    return Path(str(resources.files("veille.web").joinpath("static")))


def _templates() -> Any:
    import jinja2
    from fastapi.templating import Jinja2Templates

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("veille.web", "templates"),
        autoescape=True,  # every template, whatever its name: data is never trusted
        trim_blocks=True, lstrip_blocks=True,
    )
    from veille.events.ontology import EVENT_TYPES
    from veille.web.params import query_string

    env.globals.update(qs=query_string, event_types=EVENT_TYPES, quads=QUADS, periods=PERIODS)
    return Jinja2Templates(env=env)


def create_app(store_or_db: Store | str | Path | None = None, *, token: str | None = None,
               allow_private_urls: bool | None = None, settings: Settings | None = None,
               query_budget_s: float = 5.0, cache_s: float = 5.0,
               fetcher_factory: Callable[[], Any] | None = None,
               resolve: Callable[[str, int], Any] | None = None) -> Any:
    """The web app over a `Store` (or a database path or URL, opened here and closed with the
    app). `token` (default: the `web_token` setting) enables the write endpoints; empty keeps
    the app read-only. `allow_private_urls` (default: `web_allow_private_urls`) lets ingest-by-URL
    fetch private addresses. `query_budget_s` bounds each read; `cache_s` keeps aggregates
    (overview, counts, network) that long. `fetcher_factory` and `resolve` replace the page
    fetcher and the DNS resolver (tests)."""
    from contextlib import asynccontextmanager

    from fastapi import FastAPI
    from fastapi.staticfiles import StaticFiles

    from veille import __version__
    from veille.web import routes
    from veille.web.errors import install_error_handlers
    from veille.web.security import BodyLimit, SecurityHeaders

    settings = settings or get_settings()
    owns = not isinstance(store_or_db, Store)
    store = store_or_db if isinstance(store_or_db, Store) else Store(store_or_db or settings.db)
    state = WebState(
        store=store, reader=ReadStore(store, query_budget_s),
        token=settings.web_token if token is None else token,
        allow_private_urls=settings.web_allow_private_urls if allow_private_urls is None else allow_private_urls,
        cache=TTLCache(cache_s), fetcher_factory=fetcher_factory, resolve=resolve, owns_store=owns,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        yield
        state.reader.close()
        if state.owns_store:
            state.store.close()

    app = FastAPI(
        title="veille", version=__version__, lifespan=lifespan,
        description="Political event data (PLOVER) coded from news, with the exact source sentence. "
                    "Every dashboard page has a JSON twin (`/events` -> `/events.json`).",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",  # Swagger UI would need a CDN
    )
    app.state.web = state
    app.state.templates = _templates()
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so that even a 413 carries the headers
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=_static_dir()), name="static")
    app.include_router(routes.api)
    app.include_router(routes.pages)
    return app
