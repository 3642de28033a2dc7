"""The web app: one ASGI app (FastAPI) serving a JSON API under /api and a server-rendered
dashboard whose every page has a JSON twin. `veille serve` is a thin shell around
`create_app(store_or_db, ...)`; needs the `web` extra (FastAPI, uvicorn, Jinja2)."""

from veille.web.app import create_app

__all__ = ["create_app"]
