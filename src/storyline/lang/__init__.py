"""Language resources: word lists the analysers share, one module per language."""
