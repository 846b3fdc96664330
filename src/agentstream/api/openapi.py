"""OpenAPI additions: the schemas of SSE frames, which no JSON response references."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

REF_TEMPLATE = "#/components/schemas/{model}"


def install_openapi(app: FastAPI, stream_models: list[type[BaseModel]]) -> None:
    """Generate the schema once, with every SSE frame model under components/schemas."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in stream_models:
            model_schema = model.model_json_schema(ref_template=REF_TEMPLATE)
            components.update(model_schema.pop("$defs", {}))
            components[model.__name__] = model_schema
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
