"""agentstream: AI agents behind a REST + Server-Sent-Events API."""

__version__ = "0.1.0"
