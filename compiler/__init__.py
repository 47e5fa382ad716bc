"""iocc: compile reviewed YAML advisories and indicator sets into every artifact defenders need."""

__version__ = "0.1.0"
