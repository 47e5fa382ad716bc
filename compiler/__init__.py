"""iocc: compile reviewed YAML advisories and indicator sets into every artifact defenders need."""

from importlib.resources import files
from pathlib import Path

__version__ = "0.1.0"


def package_path(*parts: str) -> Path:
    """A file or folder shipped inside the package (schemas/, defaults/, templates/, data/), installed or not.

    `schemas` and `defaults` are links to the repository's schemas/ and config/: an editable install reads the
    files people edit, a built wheel carries copies (a test holds them equal)."""
    found = files("compiler").joinpath(*parts)
    if not isinstance(found, Path):  # zip imports are not supported: the templates need real files
        raise RuntimeError(f"iocc must be installed as files, not from an archive ({found})")
    return found
