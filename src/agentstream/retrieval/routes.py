"""HTTP routes of a tenant's documents (the knowledge its RAG tool searches)."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from agentstream.api.deps import SessionDep
from agentstream.api.pagination import PageLimit, PageOffset
from agentstream.demo.documents import load_policy_documents
from agentstream.errors import Conflict, NotFound, PayloadTooLarge
from agentstream.retrieval.errors import DocumentQuotaReached, DocumentTooLarge
from agentstream.retrieval.models import TenantDocument
from agentstream.retrieval.service import DocumentService
from agentstream.tenancy.auth import TenantDep

router = APIRouter(prefix="/api/documents", tags=["documents"])


def _documents(request: Request) -> DocumentService:
    service: DocumentService = request.app.state.documents
    return service


DocumentsDep = Annotated[DocumentService, Depends(_documents)]


class DocumentIn(BaseModel):
    """A Markdown or plain-text document; `##` headings become citable sections."""

    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field(..., min_length=1)


class DocumentOut(BaseModel):
    """A stored document."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    content: str
    created_at: datetime


class DocumentList(BaseModel):
    """A page of documents, newest first."""

    documents: list[DocumentOut]
    total: int
    limit: int
    offset: int


@router.post(
    "",
    status_code=201,
    response_model=DocumentOut,
    responses={
        409: {
            "description": "The tenant already keeps `AGENTSTREAM_MAX_DOCUMENTS_PER_TENANT` "
            "documents: delete one first."
        },
        413: {
            "description": "`content` exceeds `AGENTSTREAM_MAX_DOCUMENT_BYTES` (UTF-8 bytes), "
            "or the body `AGENTSTREAM_MAX_REQUEST_BYTES`."
        },
    },
)
async def add_document(
    body: DocumentIn, tenant: TenantDep, session: SessionDep, documents: DocumentsDep
) -> TenantDocument:
    """Add a document to the tenant's knowledge base; it is indexed before the response, so
    the next question can cite it."""
    try:
        return await documents.add(session, tenant, body.title, body.content)
    except DocumentTooLarge as exc:
        raise PayloadTooLarge(exc.message, details={"field": exc.field}) from None
    except DocumentQuotaReached as exc:
        raise Conflict(exc.message) from None


@router.get("", response_model=DocumentList)
async def list_documents(
    tenant: TenantDep,
    session: SessionDep,
    documents: DocumentsDep,
    limit: PageLimit = 50,
    offset: PageOffset = 0,
) -> DocumentList:
    """The tenant's own documents (the built-in demo policies are not listed)."""
    page, total = await documents.list_page(session, tenant, limit, offset)
    return DocumentList(
        documents=[DocumentOut.model_validate(d) for d in page],
        total=total,
        limit=limit,
        offset=offset,
    )


class BuiltinDocumentOut(BaseModel):
    """A policy document shipped with the service (the demo company's), which answers cite."""

    id: str
    title: str
    content: str


class BuiltinDocumentList(BaseModel):
    """The built-in policy documents a tenant's answers may cite (none without demo content)."""

    documents: list[BuiltinDocumentOut]


@router.get("/builtin", response_model=BuiltinDocumentList)
async def list_builtin_documents(tenant: TenantDep) -> BuiltinDocumentList:
    """The built-in policy documents, for tenants that have the demo content."""
    policies = load_policy_documents() if tenant.demo_content else []
    return BuiltinDocumentList(
        documents=[BuiltinDocumentOut(id=p.id, title=p.title, content=p.text) for p in policies]
    )


@router.get("/builtin/{document_id}", response_model=BuiltinDocumentOut)
async def read_builtin_document(document_id: str, tenant: TenantDep) -> BuiltinDocumentOut:
    """A built-in policy document, for tenants that have the demo content (their answers cite
    these by id, e.g. `overtime`)."""
    if tenant.demo_content:
        for policy in load_policy_documents():
            if policy.id == document_id:
                return BuiltinDocumentOut(id=policy.id, title=policy.title, content=policy.text)
    raise NotFound("Document not found")


@router.get("/{document_id}", response_model=DocumentOut)
async def read_document(
    document_id: uuid.UUID, tenant: TenantDep, session: SessionDep, documents: DocumentsDep
) -> TenantDocument:
    """One of the tenant's documents."""
    document = await documents.get(session, tenant, document_id)
    if document is None:
        raise NotFound("Document not found")
    return document


@router.delete("/{document_id}", status_code=204)
async def delete_document(
    document_id: uuid.UUID, tenant: TenantDep, session: SessionDep, documents: DocumentsDep
) -> Response:
    """Remove a document from the tenant's knowledge base (and from its search index)."""
    if not await documents.delete(session, tenant, document_id):
        raise NotFound("Document not found")
    return Response(status_code=204)
