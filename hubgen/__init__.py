"""hubgen: a static-site generator for grassroots organizing hubs."""

__version__ = "0.1.0"
