"""The web app's defences: response headers (a strict Content-Security-Policy), bearer tokens for
the write endpoints, and the refusal of private addresses before fetching a URL (SSRF)."""

from __future__ import annotations

import hmac
import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

__all__ = ["CSP", "SECURITY_HEADERS", "SecurityHeaders", "BodyLimit", "token_ok", "UnsafeURL", "check_public_url",
           "is_public_address", "guarded_fetcher"]

#: Everything from the app itself: no inline script or style, no eval, no frames, no plugins.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every response (static files and errors too)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.raw = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.raw if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """ASGI middleware refusing request bodies over `max_bytes` with a 413 (declared or streamed)."""

    def __init__(self, app: Any, max_bytes: int = 64 * 1024) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        refused = False

        async def bounded() -> dict[str, Any]:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:  # answer now; the app sees a client that went away
                    refused = True
                    await self._refuse(send)
                    return {"type": "http.disconnect"}
            return message

        async def quiet_send(message: dict[str, Any]) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, bounded, quiet_send)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, send: Any) -> None:
        import json

        body = json.dumps({"error": f"request body over {self.max_bytes} bytes", "status": 413}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def token_ok(expected: str, authorization: str | None) -> bool:
    """Whether an Authorization header carries the expected bearer token (constant-time)."""
    if not expected or not authorization:
        return False
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


class UnsafeURL(ValueError):
    """A URL that the app refuses to fetch (bad scheme, no host, a private address)."""


def is_public_address(address: str) -> bool:
    """False for private, loopback, link-local, multicast, reserved, unspecified and shared
    addresses, IPv4 or IPv6 (IPv4-mapped and 6to4 IPv6 addresses are judged by their IPv4 part)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    bad = (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
           or ip.is_unspecified or not ip.is_global)
    return not bad


Resolver = Callable[[str, int], Iterable[str]]


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def check_public_url(url: str, resolve: Resolver = _resolve) -> list[str]:
    """The addresses `url`'s host resolves to, all public; UnsafeURL otherwise (or when the host
    does not resolve). Only http and https URLs are accepted."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL(f"not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL("only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise UnsafeURL("no host name in the URL")
    try:
        addresses = list(resolve(host, port))
    except (OSError, UnicodeError) as exc:
        raise UnsafeURL(f"{host}: does not resolve ({exc})") from exc
    if not addresses:
        raise UnsafeURL(f"{host}: does not resolve")
    private = [a for a in addresses if not is_public_address(a)]
    if private:
        raise UnsafeURL(f"{host} resolves to a non-public address ({private[0]}): refused")
    return addresses


def guarded_fetcher(fetcher_class: type, resolve: Resolver = _resolve, **kwargs: Any) -> Any:
    """A `veille.ingest.web.Fetcher` that refuses every hop (redirects and robots.txt included)
    whose host resolves to a non-public address, and connects only to the addresses it checked
    (so that a second DNS answer cannot point it elsewhere)."""

    class GuardedFetcher(fetcher_class):  # type: ignore[misc, valid-type]
        def _get(self, url: str, headers: dict[str, str], **kw: Any) -> Any:
            from veille.errors import FetchError

            try:
                check_public_url(url, resolve)
            except UnsafeURL as exc:
                raise FetchError(f"{url}: {exc}") from exc
            return super()._get(url, headers, **kw)

    fetcher = GuardedFetcher(**kwargs)
    _pin_connections(fetcher, resolve)
    return fetcher


def _pin_connections(fetcher: Any, resolve: Resolver) -> None:
    """Make the fetcher's direct connections go to checked public addresses only."""
    try:
        import httpcore

        pool = fetcher._client._transport._pool
    except (AttributeError, ImportError):  # another httpx/httpcore layout: the per-hop check remains
        return

    class PublicOnly(httpcore.SyncBackend):
        def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                        local_address: str | None = None, socket_options: Any = None) -> Any:
            try:
                addresses = [a for a in resolve(host, port) if is_public_address(a)]
            except OSError as exc:
                raise httpcore.ConnectError(str(exc)) from exc
            if not addresses:
                raise httpcore.ConnectError(f"{host}: no public address: refused")
            return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)

    if hasattr(pool, "_network_backend"):
        pool._network_backend = PublicOnly()
