"""plantrack: an improvement action plan in one YAML file, and the answers a board asks of it."""

__version__ = "0.1.0"
