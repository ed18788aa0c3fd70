"""Content types and their fields, front matter, settings, discovery, reading and linking."""
