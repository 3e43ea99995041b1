"""Security headers for every response, and CORS for the NGO sites on the allow-list.

The chat page may be framed only by this origin and the NGO origins in WIDGET_ORIGINS
(CSP frame-ancestors), loads scripts and styles only from this origin and talks only to
it; no page sends a referrer and none is cached, so a shared phone keeps no copy.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CORS_PATHS = ("/webhooks/rest/webhook",)
COMPRESSIBLE = frozenset({"text/html", "text/css", "application/javascript", "application/json"})


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
            response = await handler(request)
        if cors and origin:
            response.headers["Access-Control-Allow-Origin"] = origin
        if request.path in CORS_PATHS:
            response.headers["Vary"] = "Origin"
        response.headers["Content-Security-Policy"] = policy
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
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
