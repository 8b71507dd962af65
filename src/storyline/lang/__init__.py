"""Language resources (word lists) shared by the analysis stages."""
