"""Tools for the people who write the corpus: canonical form, skeletons, imports from feeds."""
