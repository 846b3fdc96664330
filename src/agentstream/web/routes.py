"""The UI: `/` serves its page, `/ui/` its modules, styles and vendored libraries (no CDN)."""

from pathlib import Path

from fastapi import FastAPI, Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from agentstream.web.headers import secure

STATIC_DIR = Path(__file__).parent / "static"
# The page tells its script whether the service asks for an API key, so that the script asks
# for one before calling the API rather than after being refused.
SIGN_IN_PLACEHOLDER = 'content="required"'


class SecureStaticFiles(StaticFiles):
    """Static files served with the UI's Content-Security-Policy and referrer policy."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file (or error) response, with the security headers."""
        return secure(await super().get_response(path, scope))


def page_for(dev_mode: bool) -> str:
    """The UI's page for a service in development mode (no sign-in) or not."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    return page.replace(SIGN_IN_PLACEHOLDER, 'content="none"') if dev_mode else page


async def index(request: Request) -> Response:
    """The single page of the UI; views are chosen by the URL fragment (`#/chat`, ...)."""
    page = page_for(request.app.state.settings.dev_mode)
    return secure(HTMLResponse(page, headers={"Cache-Control": "no-cache"}))


def install_ui(app: FastAPI) -> None:
    """Serve the UI at `/` and its assets under `/ui/`."""
    app.add_api_route("/", index, methods=["GET", "HEAD"], include_in_schema=False)
    app.mount("/ui", SecureStaticFiles(directory=STATIC_DIR), name="ui")
