"""Currency app."""
