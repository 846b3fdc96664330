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
    "400": 'Malformed `X-Tenant-ID` ("X-Tenant-ID header required", '
    '"Invalid X-Tenant-ID format"), or a request the resource refuses.',
    "401": "Missing or invalid API key.",
    "403": "`X-Tenant-ID` names another tenant than the API key's.",
}
PATH_ERRORS = {"404": "No such resource for this tenant (another tenant's is never revealed)."}
BODY_ERRORS = {
    "413": "The request body exceeds `AGENTSTREAM_MAX_REQUEST_BYTES` (or a field its limit).",
    "415": "The body is not `application/json`.",
}


def _envelope(model: type[BaseModel], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=model.__name__)}}
        },
    }


def _document_errors(operation: dict[str, Any], path: str) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    errors = {
        **(API_ERRORS if path.startswith("/api/") else {}),
        **(PATH_ERRORS if "{" in path else {}),
        **(BODY_ERRORS if "requestBody" in operation else {}),
    }
    for status, description in errors.items():
        described = responses.get(status, {}).get("description", description)
        responses[status] = _envelope(ErrorResponse, described)
    if "422" in responses:
        responses["422"] = _envelope(
            ValidationErrorResponse, "Invalid parameters or body; every invalid field is listed."
        )


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
