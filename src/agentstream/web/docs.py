"""`/docs` (Swagger UI) and `/redoc` from assets on this machine, so the API documentation works
on networks without internet access. The assets come from the `fastapi-offline` package."""

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from agentstream.web.headers import secure

ASSETS_PATH = "/docs-assets"
ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))
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


def install_docs(app: FastAPI, *, title: str) -> None:
    """Serve `/docs`, its OAuth2 redirect page and `/redoc` with local assets (create the app
    with `docs_url=None, redoc_url=None` so FastAPI's CDN pages are not registered)."""
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
                redoc_js_url=f"{ASSETS_PATH}/redoc.standalone.js",
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
