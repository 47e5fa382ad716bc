"""What a change to the corpus changes in every output, between two revisions."""
