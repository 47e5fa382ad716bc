"""Download lists that say what each file holds: what it is (a rule's title, an advisory's STIX bundle, the
German customer mail), its format, its name, its size and its SHA-256.

Read from what the emitters said about each file (compiler.outputs.artifact.Artifact: its path, the
advisory it belongs to, the rules and indicators it holds), never guessed from its bytes: a rule file's
title is the title of the one rule it holds, and a query made from a generated Sigma rule takes that
rule's title (read from the Sigma file the build wrote, which shares its stem).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Final

import yaml

from compiler.corpus.kinds import find
from compiler.corpus.model import Corpus
from compiler.corpus.vocab import LANG_PATTERN, Lang
from compiler.i18n.catalog import catalog, has_catalog
from compiler.outputs.markdown import attr
from compiler.site.downloads import Download, human_size
from compiler.site.indicators import rule_title
from compiler.site.labels import labels
from compiler.site.page import download_link, html_table, scrolling

# Formats by where the file sits in dist/ (the longest prefix wins); the words are the same in both languages
# but for a few.
FORMATS: Final[tuple[tuple[str, str], ...]] = (
    ("rules/sigma/", "Sigma (YAML)"),
    ("rules/kql/sentinel/", "KQL · Microsoft Sentinel"),
    ("rules/kql/defender/", "KQL · Microsoft Defender XDR"),
    ("rules/splunk/", "Splunk SPL"),
    ("rules/elastic/lucene/", "Elastic · Lucene"),
    ("rules/elastic/esql/", "Elastic · ES|QL"),
    ("rules/yara/", "YARA"),
    ("rules/suricata/", "Suricata"),
    ("rules/loki/", "LOKI"),
    ("rules/chirp/", "CHIRP"),
    ("stix/", "STIX 2.1 · JSON"),
    ("misp/", "MISP · JSON"),
    ("csaf/", "CSAF 2.0 · JSON"),
    ("patch/", "JSON"),
    ("coverage/", "JSON"),
    ("csv/", "CSV"),
    ("blocklists/", "Text"),
)
_EXTENSIONS: Final = {
    ".csv": "CSV", ".md": "Markdown", ".json": "JSON", ".txt": "Text", ".html": "HTML",
    ".eml": "E-Mail (.eml)", ".sha256": "SHA-256", ".sha512": "SHA-512",
}  # fmt: skip
_QUERY_FOLDERS: Final = ("rules/kql/", "rules/splunk/", "rules/elastic/")
_TITLE_LINE: Final = re.compile(r"^title: .*$", re.M)


# The order of an advisory's files: the indicators and rules first, then mails, CSAF and the rest.
ORDER: Final = (
    "csv/", "stix/", "misp/", "rules/yara/", "rules/suricata/", "rules/sigma/", "rules/kql/", "rules/splunk/",
    "rules/elastic/", "rules/", "email/", "csaf/", "patch/", "coverage/",
)  # fmt: skip


def by_kind(downloads: Iterable[Download]) -> list[Download]:
    """Files in ORDER of their folders, by path within one."""
    rank = {prefix: n for n, prefix in enumerate(ORDER)}
    return sorted(
        downloads, key=lambda d: (next((rank[p] for p in ORDER if d.path.startswith(p)), len(ORDER)), d.path)
    )


def sha256(download: Download) -> str:
    return hashlib.sha256(download.artifact.data).hexdigest()


def file_format(path: str) -> str:
    suffix = PurePosixPath(path).suffix
    if suffix in (".sha256", ".sha512", ".md", ".eml", ".html") or path.startswith("email/"):
        return _EXTENSIONS.get(suffix, suffix.lstrip(".").upper())
    for prefix, name in FORMATS:
        if path.startswith(prefix) and (suffix == ".json" or not name.endswith("JSON")):
            return name
    return _EXTENSIONS.get(suffix, suffix.lstrip(".").upper() or "Text")


def rule_titles(corpus: Corpus, downloads: Iterable[Download]) -> dict[str, str]:
    """Titles by rule item id (authored rules) and by file stem (every Sigma file the build wrote)."""
    titles = {ind.item_id: rule_title(ind) for s in corpus.sets for ind in s.indicators if ind.is_rule}
    for d in downloads:
        if d.path.startswith("rules/sigma/") and d.path.endswith(".yml"):
            found = _TITLE_LINE.search(d.text)
            if found:
                try:
                    value = yaml.safe_load(found.group(0))
                except yaml.YAMLError:
                    continue
                if isinstance(value, dict) and isinstance(value.get("title"), str):
                    titles["stem:" + PurePosixPath(d.path).stem] = value["title"]
    return titles


def language_name(code: str, lang: Lang) -> str:
    """The name of language `code` in language `lang`: the catalog's word (area `files`), else Babel's."""
    t = catalog(lang, "files")
    if f"language_{code}" in t:
        return t[f"language_{code}"]
    from babel import Locale

    return str(Locale.parse(code).get_display_name(lang) or code)


def _csaf_language(stem: str) -> str:
    """The language of a CSAF document by its file name: `<id>-<lang>` for a translation, else English."""
    head, _, tail = stem.rpartition("-")
    return tail if head and re.fullmatch(LANG_PATTERN, tail) and tail != "en" and has_catalog(tail) else "en"


def _mail(path: str, t: Mapping[str, str], lang: Lang) -> str | None:  # t: the catalog area "files"
    parts = PurePosixPath(path).name.split(".")
    folder = PurePosixPath(path).parent.name
    if len(parts) < 3 or parts[-2] not in ("customer", "partner") or not re.fullmatch(LANG_PATTERN, folder):
        return None
    return t[f"file_mail_{parts[-2]}"].format(language=language_name(folder, lang))


def describe(d: Download, lang: Lang, titles: Mapping[str, str]) -> str:
    """What the file holds, in the page language."""
    t = catalog(lang, "files")
    path = d.path
    name = PurePosixPath(path).name
    stem = PurePosixPath(path).stem
    if d.advisory is None and f"file_{name}" in t:
        return t[f"file_{name}"]
    rules = [titles[i] for i in d.artifact.items if i in titles]
    if path.startswith(("rules/sigma/", *_QUERY_FOLDERS)):
        title = rules[0] if len(rules) == 1 else titles.get("stem:" + stem)
        if title:
            kind = t["file_sigma"] if path.startswith("rules/sigma/") else t["file_query"]
            return f"{kind}: {title}"
    if path.startswith("email/"):
        mail = _mail(path, t, lang)
        if mail:
            return mail
    declared = find(stem) if path.startswith("blocklists/") else None
    if declared is not None:
        return f"{t['file_blocklist']}: {declared.label(lang)}"
    if path.startswith("csaf/") and name.endswith(".json"):
        language = language_name(_csaf_language(stem), lang)
        return t["file_csaf"].format(language=language)
    if path.startswith("csaf/") and name.endswith((".sha256", ".sha512")):
        return t["file_checksum"]
    for prefix, key in (
        ("rules/yara/", "file_yara"),
        ("rules/suricata/", "file_suricata"),
        ("rules/chirp/", "file_chirp"),
        ("csv/", "file_csv"),
        ("coverage/", "file_coverage"),
    ):
        if path.startswith(prefix):
            return t[key]
    if (path.startswith(("stix/", "misp/", "patch/")) and d.advisory) or path.startswith(("stix/", "patch/")):
        folder = path.split("/", 1)[0]
        return t[f"file_{folder}_{'one' if d.advisory else 'all'}"]
    return t.get(f"file_{name}", name)


def files_table(downloads: Sequence[Download], root: str, lang: Lang, titles: Mapping[str, str]) -> str:
    """One row per file: what it holds with a link to it and its SHA-256 below, its format, its size."""
    t = labels(lang)
    words = catalog(lang, "files")
    rows = [
        [
            f"{attr(describe(d, lang, titles))}<br>"
            f'<small class="iocc-file">{download_link(root, d.site_path, d.name)}</small><br>'
            f'<code class="iocc-sha256" title="SHA-256">{sha256(d)}</code>',
            attr(file_format(d.path)),
            f'<span class="iocc-nowrap">{attr(human_size(d.size))}</span>',
        ]
        for d in downloads
    ]
    headers = [words["file_content"], words["file_format"], t["size"]]
    return scrolling(html_table(headers, rows, css="iocc-files"))
