"""iocc: compile reviewed YAML advisories and indicator sets into every artifact defenders need."""

from importlib import resources
from pathlib import Path

__version__ = "0.1.0"


def package_path(*parts: str) -> Path:
    """A file or folder shipped inside the package (schemas/, defaults/, templates/, data/), installed or not.

    `schemas` and `defaults` are links to the repository's schemas/ and config/: an editable install reads the
    files people edit, a built wheel carries copies (a test holds them equal). The path is resolved, so readers
    that refuse links (compiler.files.safepath) see none above it."""
    found = resources.files("compiler").joinpath(*parts)
    if not isinstance(found, Path):  # zip imports are not supported: the templates need real files
        raise RuntimeError(f"iocc must be installed as files, not from an archive ({found})")
    return found.resolve()  # the package's own links (schemas, defaults) are followed here, and only here
