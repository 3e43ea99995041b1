"""Safe-work assistant."""
