"""Markdown as GitHub shows it, sanitized, and the checks of what editors paste into it."""
