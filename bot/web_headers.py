"""Security headers for every response, and CORS for the NGO sites on the allow-list.

The chat page may be framed only by this origin and the NGO origins in WIDGET_ORIGINS
(CSP frame-ancestors; X-Frame-Options for browsers too old for it), loads scripts and styles
only from this origin and talks only to it; no page sends a referrer and none is cached, so
a shared phone keeps no copy. Redirects and error pages carry the same headers, and the
Server header names no versions. The webhook takes only JSON, and from a browser only from
this origin or an allowed one: a foreign page cannot post a `text/plain` "/forget".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CORS_PATHS = ("/webhooks/rest/webhook",)
COMPRESSIBLE = frozenset({"text/html", "text/css", "application/javascript", "application/json"})
# Nothing here needs a camera, a microphone, the location or payments.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort")
)
# Loaded by NGO pages with a script tag: the only resource other origins may embed.
EMBEDDABLE = ("/widget.js",)
# The page NGO sites frame (CSP frame-ancestors says which may).
FRAMED = ("/chat",)


def _foreign(request: web.Request, origin: str | None, allowed: frozenset[str]) -> bool:
    """A browser request from a page of another site that is not on the allow-list."""
    return bool(origin) and origin not in allowed and urlsplit(origin).netloc != request.host


def _refused(
    request: web.Request, origin: str | None, allowed: frozenset[str]
) -> web.Response | None:
    """The webhook's answer to a request it must not process, if this is one."""
    if request.method != "POST" or request.path not in CORS_PATHS:
        return None
    if _foreign(request, origin, allowed):
        return web.json_response({"error": "origin not allowed"}, status=403)
    if request.content_type != "application/json":
        return web.json_response({"error": "Content-Type must be application/json"}, status=415)
    return None


def content_security_policy(origins: tuple[str, ...]) -> str:
    ancestors = " ".join(("'self'", *origins))
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "frame-src 'self'",
            f"frame-ancestors {ancestors}",
            "base-uri 'none'",
            "form-action 'self'",
        )
    )


def security_headers(origins: tuple[str, ...]) -> Callable[..., Awaitable[web.StreamResponse]]:
    policy = content_security_policy(origins)
    allowed = frozenset(origins)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        cors = request.path in CORS_PATHS and origin in allowed
        if request.method == "OPTIONS" and request.path in CORS_PATHS:
            # A preflight from an origin not on the list gets no CORS headers: refused.
            response: web.StreamResponse = web.Response(status=204 if cors else 403)
            if cors:
                response.headers["Access-Control-Allow-Methods"] = "POST"
                response.headers["Access-Control-Allow-Headers"] = "Content-Type"
                response.headers["Access-Control-Max-Age"] = "600"
        else:
            refused = _refused(request, origin, allowed)
            try:
                # (not `refused or ...`: a response is a mapping, empty means false)
                response = refused if refused is not None else await handler(request)
            except web.HTTPException as redirect_or_error:
                response = redirect_or_error  # a redirect gets the headers below too
        if cors and origin:
            response.headers["Access-Control-Allow-Origin"] = origin
        if request.path in CORS_PATHS:
            response.headers["Vary"] = "Origin"
        response.headers["Content-Security-Policy"] = policy
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = (
            "cross-origin" if request.path in EMBEDDABLE else "same-origin"
        )
        if request.path not in FRAMED or not origins:
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Server"] = "assistant"
        if (
            isinstance(response, web.Response)
            and response.content_type in COMPRESSIBLE
            and "gzip" in request.headers.get("Accept-Encoding", "")
        ):
            response.enable_compression()  # for slow connections; no cookies, no secrets
        # Script and style may be cached (slow connections); pages and answers never.
        cacheable = request.path.startswith("/static/") or request.path == "/widget.js"
        response.headers["Cache-Control"] = "max-age=3600" if cacheable else "no-store"
        return response

    return middleware
