"""Drawing answers for a person (tables, Markdown) or a program (JSON, CSV)."""
