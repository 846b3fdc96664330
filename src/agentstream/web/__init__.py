"""The browser UI the service ships at `/`, and its offline API documentation pages."""
