"""Chat: conversations with the orchestrator agent, streamed over SSE."""
