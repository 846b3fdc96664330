"""`/docs` (Swagger UI) and `/redoc` from assets on this machine, so the API documentation works
on networks without internet access. The assets come from the `fastapi-offline` package."""

from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

from agentstream.web.headers import secure

ASSETS_PATH = "/docs-assets"
ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))
REDOC_JS_PATH = f"{ASSETS_PATH}/redoc.offline.js"
# ReDoc's sidebar footer always shows Redocly's logo from their CDN, which the policy below
# refuses (a console error) and an air-gapped network cannot reach: an empty local image stands
# in for it.
REDOC_LOGO_URL = "https://cdn.redoc.ly/redoc/logo-mini.svg"
BLANK_IMAGE_URL = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"
# Swagger UI and ReDoc pages carry an inline bootstrap script, so they get their own policy:
# still nothing from another origin (ReDoc runs its search in a blob: worker).
DOCS_HEADERS = {
    "Content-Security-Policy": "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "worker-src 'self' blob:",
            "frame-ancestors 'none'",
        )
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@cache
def _offline_redoc_js() -> bytes:
    bundle = (ASSETS_DIR / "redoc.standalone.js").read_text(encoding="utf-8")
    return bundle.replace(REDOC_LOGO_URL, BLANK_IMAGE_URL).encode()


async def redoc_js() -> Response:
    """ReDoc's bundle, with nothing in it that reaches another origin."""
    return Response(
        _offline_redoc_js(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def install_docs(app: FastAPI, *, title: str) -> None:
    """Serve `/docs`, its OAuth2 redirect page and `/redoc` with local assets (create the app
    with `docs_url=None, redoc_url=None` so FastAPI's CDN pages are not registered)."""
    # Before the mount, which would otherwise answer for every path under it.
    app.add_api_route(REDOC_JS_PATH, redoc_js, methods=["GET"], include_in_schema=False)
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"
    oauth2_redirect_url = "/docs/oauth2-redirect"

    async def swagger_ui() -> HTMLResponse:
        return secure(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=f"{title} - API",
                swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
                swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
                swagger_favicon_url=f"{ASSETS_PATH}/favicon.png",
                oauth2_redirect_url=oauth2_redirect_url,
                swagger_ui_parameters={"persistAuthorization": False},
            ),
            DOCS_HEADERS,
        )

    async def oauth2_redirect() -> HTMLResponse:
        return secure(get_swagger_ui_oauth2_redirect_html(), DOCS_HEADERS)

    async def redoc() -> HTMLResponse:
        return secure(
            get_redoc_html(
                openapi_url=openapi_url,
                title=f"{title} - API",
                redoc_js_url=REDOC_JS_PATH,
                redoc_favicon_url=f"{ASSETS_PATH}/favicon.png",
                with_google_fonts=False,
            ),
            DOCS_HEADERS,
        )

    app.add_api_route("/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        oauth2_redirect_url, oauth2_redirect, methods=["GET"], include_in_schema=False
    )
    app.add_api_route("/redoc", redoc, methods=["GET"], include_in_schema=False)
