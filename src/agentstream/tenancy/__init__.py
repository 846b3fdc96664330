"""Tenants, API keys and the authentication of every /api request."""
