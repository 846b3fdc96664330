"""Security headers of the pages the service serves to browsers."""

from typing import TypeVar

from starlette.responses import Response

ResponseT = TypeVar("ResponseT", bound=Response)

# Scripts, styles, images and connections from this origin only, and no inline script: even a
# sanitiser bypass could not run code or send data elsewhere.
UI_CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
UI_HEADERS = {
    "Content-Security-Policy": UI_CSP,
    # Stream tokens travel in URLs: never hand them to another site in a Referer.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def secure(response: ResponseT, headers: dict[str, str] = UI_HEADERS) -> ResponseT:
    """The response with the browser security headers added."""
    response.headers.update(headers)
    return response
