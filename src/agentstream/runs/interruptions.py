"""Why a run ended before its work did: stored with its end and published in its last event,
so that a reader is told whether a person stopped it, its client left, or its worker stopped."""

from enum import StrEnum
from typing import NamedTuple

from agentstream.runs.models import RunStatus


class StopCause(StrEnum):
    """What stopped a run before it finished."""

    # Someone asked: a Stop button, DELETE of a panel, the cancel endpoint.
    REQUESTED = "requested"
    # A chat turn nobody watched for the disconnect grace period (its client left).
    CLIENT_LEFT = "client_left"
    # The worker executing it stopped.
    SHUTDOWN = "shutdown"


class Interruption(NamedTuple):
    """How a run whose task is cancelled ends: its status, the reason stored, and the cause."""

    status: RunStatus
    reason: str
    cause: StopCause


CANCEL_REQUESTED = Interruption(RunStatus.CANCELLED, "The run was cancelled", StopCause.REQUESTED)
CLIENT_LEFT = Interruption(
    RunStatus.CANCELLED,
    "The run was cancelled: its client left and did not come back within the grace period",
    StopCause.CLIENT_LEFT,
)
SHUTDOWN = Interruption(
    RunStatus.FAILED,
    "The worker running this run shut down before it finished",
    StopCause.SHUTDOWN,
)
