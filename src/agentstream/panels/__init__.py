"""Panels: expert agents discussing a query in rounds, reaching (or not) consensus."""
