"""Why a document is refused (framework-free; `retrieval/routes.py` maps them to HTTP)."""


class DocumentRefused(Exception):
    """Base of the limits a document can break; the message is safe to show to users."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DocumentTooLarge(DocumentRefused):
    """The document is larger than a single document may be."""


class DocumentQuotaReached(DocumentRefused):
    """The tenant already has as many documents as it may keep."""
