"""The demo tenant's field-service business database."""
