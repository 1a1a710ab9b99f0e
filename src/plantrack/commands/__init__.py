"""One module per command, each with `run(...) -> int`; common.py holds what they share (the
clock, --as-of, and the Question a listing answers).

cli.py (and cli_start.py) declare the commands with the options from options.py, and import a
command's module only when that command runs.
"""
