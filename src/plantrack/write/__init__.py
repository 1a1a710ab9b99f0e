"""Changing a plan in place: splicing text, replacing the file safely, committing."""
