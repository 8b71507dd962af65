"""English word lists."""
