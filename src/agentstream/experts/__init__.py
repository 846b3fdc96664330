"""Panel experts: the agent registry, the offline engine that drafts their turns
(`experts.offline.compose_turn`) and the parsers of the machine-readable lines that end every
turn, offline or not (`experts.positions`)."""
