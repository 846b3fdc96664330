"""Why an agent could not answer: domain errors whose messages are safe to show the user.

Framework-free: the chat turn turns them into `error` frames; nothing here knows HTTP.
"""


class AgentError(Exception):
    """An agent could not finish the turn; the message says why, without internals."""


class DatabaseUnavailableError(AgentError):
    """The tenant's business database could not be read."""


class ToolCallingUnavailableError(AgentError):
    """The model cannot call tools, so it cannot run the agent loop."""


class NoAnswerError(AgentError):
    """The model returned neither a valid tool call nor an answer."""


class StepLimitError(AgentError):
    """The model was still calling tools when the step bound was reached."""


class TimeBudgetError(AgentError):
    """The agent loop ran out of its time budget."""
