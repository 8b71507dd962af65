"""Evaluation: ROUGE-1.5.5 scores (pure-Python re-implementation and the official Perl script)."""
