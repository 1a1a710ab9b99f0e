"""One module per command that does more than ask a question: each has `run(...) -> int`.

cli.py declares the options and imports the module only when its command runs.
"""
