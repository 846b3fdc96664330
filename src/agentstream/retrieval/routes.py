"""HTTP routes of a tenant's documents (the knowledge its RAG tool searches)."""

import uuid
from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from agentstream.api.deps import SessionDep
from agentstream.api.errors import NotFound, PayloadTooLarge
from agentstream.api.pagination import PageLimit, PageOffset
from agentstream.demo.documents import load_policy_documents
from agentstream.retrieval.models import TenantDocument
from agentstream.retrieval.repository import DocumentRepository
from agentstream.tenancy.auth import TenantDep

router = APIRouter(prefix="/api/documents", tags=["documents"])


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


@router.post("", status_code=201, response_model=DocumentOut)
async def add_document(
    body: DocumentIn, tenant: TenantDep, session: SessionDep, request: Request
) -> TenantDocument:
    """Add a document to the tenant's knowledge base; the next question can cite it."""
    limit = request.app.state.settings.max_document_bytes
    if len(body.content.encode()) > limit:
        raise PayloadTooLarge(f"content exceeds {limit} bytes", details={"field": "content"})
    document = await DocumentRepository(session, tenant.id).add(body.title, body.content)
    return document


@router.get("", response_model=DocumentList)
async def list_documents(
    tenant: TenantDep,
    session: SessionDep,
    limit: PageLimit = 50,
    offset: PageOffset = 0,
) -> DocumentList:
    """The tenant's own documents (the built-in demo policies are not listed)."""
    documents, total = await DocumentRepository(session, tenant.id).list_page(limit, offset)
    return DocumentList(
        documents=[DocumentOut.model_validate(d) for d in documents],
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
    document_id: uuid.UUID, tenant: TenantDep, session: SessionDep
) -> TenantDocument:
    """One of the tenant's documents."""
    document = await DocumentRepository(session, tenant.id).get(document_id)
    if document is None:
        raise NotFound("Document not found")
    return document


@router.delete("/{document_id}", status_code=204)
async def delete_document(
    document_id: uuid.UUID, tenant: TenantDep, session: SessionDep
) -> Response:
    """Remove a document from the tenant's knowledge base."""
    if not await DocumentRepository(session, tenant.id).delete(document_id):
        raise NotFound("Document not found")
    return Response(status_code=204)
