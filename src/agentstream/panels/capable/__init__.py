"""Capable models deliberate: the prompts of their turns (`prompts`) and the positions,
rankings and framings they state as structured data (`statements`): a tool call, else a
JSON-schema response, else a machine-readable line. No offline draft is ever in a prompt."""
