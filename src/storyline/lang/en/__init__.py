"""English word lists (see ``lexicon``)."""
