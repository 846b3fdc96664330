"""Model providers: LangChain chat models chosen by configuration."""
