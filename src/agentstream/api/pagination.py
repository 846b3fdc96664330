"""The query parameters of a paged listing, defined once."""

from typing import Annotated

from fastapi import Query

# OFFSET is a signed 64-bit integer in SQLite and PostgreSQL: a larger value is a 422 here, not
# an OverflowError from the driver.
MAX_OFFSET = 2**63 - 1

PageLimit = Annotated[int, Query(ge=1, le=100, description="Items per page (at most 100).")]
PageOffset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
