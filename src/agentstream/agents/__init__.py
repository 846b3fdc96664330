"""Agents: the chat orchestrator and its SQL and RAG tools."""
