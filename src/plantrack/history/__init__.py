"""Reading the plan file's git history: what changed, when, and by whom."""
