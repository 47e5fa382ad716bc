"""One module per CLI verb; see compiler.cli.COMMANDS."""
