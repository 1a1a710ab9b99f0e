"""Reading a plan: from bytes to a validated, cached model."""
