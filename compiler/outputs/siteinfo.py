"""Where the partner site lives, for outputs that link to it (the partner mail links each advisory's page).

Read from mkdocs.yml as mkdocs reads it, without its plugins (so `iocc diff` can make the pages of a
revision too). A missing, unreadable or linked file (iocc follows no link out of the repository) means no
site: outputs then leave the link out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from compiler.corpus.vocab import Lang
from compiler.files.safepath import read_bytes

CONFIG_NAME: Final = "mkdocs.yml"
DEFAULT_LANG: Final[Lang] = (
    "de"  # the site's default language: its pages sit at the root, others below /<lang>/
)


def site_settings(root: Path) -> tuple[str, str]:
    """site_url (ending in /) and site_name of root/mkdocs.yml; ("", "") without a readable file."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    try:
        data = yaml_load(read_bytes(root / CONFIG_NAME, root).decode("utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    url, name = str(data.get("site_url") or ""), str(data.get("site_name") or "")
    return (url + "/" if url and not url.endswith("/") else url), name


def advisory_url(site_url: str, lang: Lang, advisory_id: str) -> str:
    """The address of an advisory's page in one language; "" without a site_url."""
    if not site_url:
        return ""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}{'' if lang == DEFAULT_LANG else lang + '/'}advisories/{advisory_id}/"
