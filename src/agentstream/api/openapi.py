"""OpenAPI additions: the schemas of SSE frames (which no JSON response references), bearer
security on `/api`, and the error envelope the service really answers with."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from agentstream.api.errors import ErrorResponse, ValidationErrorResponse

REF_TEMPLATE = "#/components/schemas/{model}"
SECURITY_SCHEME = "APIKey"
# FastAPI's default 422 shape, which the service never sends (it answers the envelope).
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

API_ERRORS = {
    "400": 'Malformed `X-Tenant-ID` ("X-Tenant-ID header required", "Invalid X-Tenant-ID '
    'format") or other header, several `Authorization` headers, or a request the resource '
    "refuses.",
    "401": "Missing or invalid API key (checked before anything else), or, without a key in "
    "development mode, an `X-Tenant-ID` other than the demo tenant's.",
    "403": "`X-Tenant-ID` names another tenant than the API key's.",
}
PATH_ERRORS = {
    "404": "No such resource for this tenant: an unknown id, a malformed one, or another "
    "tenant's (never revealed)."
}
BODY_ERRORS = {
    "413": "The request body exceeds `AGENTSTREAM_MAX_REQUEST_BYTES` (or a field its limit).",
    "415": "The body is not `application/json`.",
    "422": "Invalid body or parameters; every invalid field is listed. Invalid JSON (not UTF-8, "
    "nested too deeply, an integer too long to convert, or malformed) is `json_invalid` with its "
    "position.",
}
HEAD_ERRORS = {"431": "The request head exceeds `AGENTSTREAM_MAX_HEADER_BYTES`."}
VALIDATION_STATUS = "422"
QUERY_ERROR = "Invalid query parameters; every invalid field is listed."


def _envelope(model: type[BaseModel], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=model.__name__)}}
        },
    }


def _document_errors(operation: dict[str, Any], path: str) -> None:
    """Every error an operation can answer, each with the envelope it really has: the errors
    common to its kind of path, and those its route declares (a 409, a 404)."""
    responses: dict[str, Any] = operation.setdefault("responses", {})
    errors = {
        **HEAD_ERRORS,
        **(API_ERRORS if path.startswith("/api/") else {}),
        **(PATH_ERRORS if "{" in path else {}),
        **(BODY_ERRORS if "requestBody" in operation else {}),
    }
    for status, description in errors.items():
        responses.setdefault(status, {"description": description})
    # A malformed path parameter is a 404 and a malformed header a 400: only a query or a body
    # can make a 422.
    parameters = operation.get("parameters", [])
    if "requestBody" not in operation and all(p["in"] != "query" for p in parameters):
        responses.pop(VALIDATION_STATUS, None)
    for status, response in responses.items():
        if status == VALIDATION_STATUS:
            description = errors.get(status, QUERY_ERROR)
            responses[status] = _envelope(ValidationErrorResponse, description)
        elif int(status) >= 400 and "content" not in response:
            # A route that declares its error's own body (/health/ready's 503) keeps it.
            responses[status] = _envelope(ErrorResponse, response["description"])


def _add_models(components: dict[str, Any], models: list[type[BaseModel]]) -> None:
    for model in models:
        model_schema = model.model_json_schema(ref_template=REF_TEMPLATE)
        components.update(model_schema.pop("$defs", {}))
        components[model.__name__] = model_schema


def install_openapi(
    app: FastAPI, stream_models: list[type[BaseModel]], *, anonymous_allowed: bool
) -> None:
    """Generate the schema once: SSE frame models and the error envelopes under
    components/schemas, every `/api` operation secured by a bearer API key (optional when
    anonymous requests are allowed, i.e. development mode) and documented with its errors."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        for name in FASTAPI_VALIDATION_SCHEMAS:
            schemas.pop(name, None)
        _add_models(schemas, [*stream_models, ErrorResponse, ValidationErrorResponse])
        components["securitySchemes"] = {
            SECURITY_SCHEME: {
                "type": "http",
                "scheme": "bearer",
                "description": "A tenant's API key (`agentstream tenants create` prints one).",
            }
        }
        security: list[dict[str, list[str]]] = [{SECURITY_SCHEME: []}]
        if anonymous_allowed:
            security.append({})
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                if path.startswith("/api/"):
                    operation["security"] = security
                _document_errors(operation, path)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
