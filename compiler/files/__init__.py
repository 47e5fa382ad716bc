"""Files of the repository, read and written without following a link out of it."""
