"""Runs: service-owned executions (a chat turn, a panel) with a numbered, replayable event log."""
