"""The UI: `/` serves its page, `/ui/` its modules, styles and vendored libraries (no CDN)."""

from pathlib import Path

from fastapi import FastAPI
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from agentstream.web.headers import secure

STATIC_DIR = Path(__file__).parent / "static"


class SecureStaticFiles(StaticFiles):
    """Static files served with the UI's Content-Security-Policy and referrer policy."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file (or error) response, with the security headers."""
        return secure(await super().get_response(path, scope))


async def index() -> Response:
    """The single page of the UI; views are chosen by the URL fragment (`#/chat`, ...)."""
    return secure(FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"}))


def install_ui(app: FastAPI) -> None:
    """Serve the UI at `/` and its assets under `/ui/`."""
    app.add_api_route("/", index, methods=["GET", "HEAD"], include_in_schema=False)
    app.mount("/ui", SecureStaticFiles(directory=STATIC_DIR), name="ui")
