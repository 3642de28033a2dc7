"""Library errors translated at the HTTP edge: clear 4xx JSON (or an HTML page for the
dashboard), a 503 for a query over its time budget, never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = ["install_error_handlers", "wants_json", "error_response"]

log = logging.getLogger(__name__)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path.endswith(".json")


def error_response(request: Request, status: int, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        body: dict[str, Any] = {"error": message, "status": status}
        if detail is not None:
            body["detail"] = detail
        return JSONResponse(body, status_code=status, headers=headers)
    templates = request.app.state.templates
    context = {"status": status, "message": message, "page": "error", "json_url": None,
               "writes_enabled": request.app.state.web.writes_enabled}
    return templates.TemplateResponse(request, "error.html", context,
                                      status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    detail = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        detail.append({"parameter": ".".join(loc) or "body", "message": str(err.get("msg", "invalid"))})
    first = detail[0] if detail else {"parameter": "request", "message": "invalid"}
    return f"{first['parameter']}: {first['message']}", detail


def install_error_handlers(app: FastAPI) -> None:
    from sqlalchemy.exc import DBAPIError, OperationalError

    from veille.errors import VeilleError
    from veille.store.corrections import CorrectionError, UnknownEvent
    from veille.store.query import FilterError
    from veille.web.views import NotFound

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        message, detail = _validation_message(exc)
        return error_response(request, 400, message, detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return error_response(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(UnknownEvent)
    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: Exception) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(FilterError)
    @app.exception_handler(CorrectionError)
    async def _bad_filter(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(VeilleError)
    async def _veille(request: Request, exc: VeilleError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(OperationalError)
    async def _slow(request: Request, exc: OperationalError) -> Response:
        text = str(exc.orig).lower()
        if "interrupted" in text or "statement timeout" in text or "canceling statement" in text:
            budget = request.app.state.web.reader.budget_s
            return error_response(request, 503, f"the query took longer than {budget:g} s: narrow the filters "
                                                "(a shorter period, an actor)", headers={"Retry-After": "5"})
        log.warning("database error on %s: %s", request.url.path, exc.orig)
        return error_response(request, 503, "the database is busy: try again", headers={"Retry-After": "2"})

    @app.exception_handler(DBAPIError)
    async def _db(request: Request, exc: DBAPIError) -> Response:
        log.error("database error on %s: %s", request.url.path, exc.orig)
        return error_response(request, 503, "database error: try again")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error_response(request, 500, "internal error")
