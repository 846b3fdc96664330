"""Demo content: the field-service database, policy documents and expert catalog."""
