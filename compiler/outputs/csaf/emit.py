"""dist/csaf/: CSAF 2.0 security advisories (English original, German translation) and the provider layout.

Every document is checked before it is emitted: against the vendored OASIS CSAF 2.0 schema (IOC610) and
by the mandatory tests of section 6.1 that iocc relies on (IOC611); a CWE without a known name is
IOC612. Any of them stops the build. Publisher and base URL come from the build options
`csaf.publisher`, `csaf.namespace`, `csaf.base_url` and `csaf.contact` (defaults below).
"""

from __future__ import annotations

from typing import Any, Final

from compiler.corpus.model import Advisory, Corpus
from compiler.corpus.vocab import Lang, Tlp
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.outputs.artifact import Artifact, BuildContext, Emission, strictest
from compiler.outputs.csaf.checks import mandatory_failures
from compiler.outputs.csaf.document import Publisher, document, file_name, folder, tracking_id
from compiler.outputs.csaf.provider import document_bytes, folder_indexes, hash_files, provider_metadata
from compiler.outputs.csaf.schema import cwe_names, schema_errors

DEFAULTS: Final = {
    "csaf.publisher": "iocc",
    "csaf.namespace": "https://iocc.example",
    "csaf.base_url": "https://iocc.example/.well-known/csaf",
}


def publisher(ctx: BuildContext) -> Publisher:
    options = {**DEFAULTS, **ctx.options}
    return Publisher(
        name=options["csaf.publisher"],
        namespace=options["csaf.namespace"],
        base_url=options["csaf.base_url"].rstrip("/"),
        contact=options.get("csaf.contact"),
    )


def _checked(adv: Advisory, lang: Lang, doc: dict[str, Any]) -> list[Diagnostic]:
    where = Location(path=adv.path)
    name = f"CSAF document {tracking_id(adv, lang)}"
    notes = [
        diagnostic("IOC610", where, f"{name}: {pointer}: {message}")
        for pointer, message in schema_errors(doc)
    ]
    if not notes:
        notes += [
            diagnostic("IOC611", where, f"{name}: test {test} at {pointer}: {message}")
            for test, pointer, message in mandatory_failures(doc)
        ]
    return notes


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    pub = publisher(ctx)
    artifacts: list[Artifact] = []
    notes: list[Diagnostic] = []
    entries: list[tuple[str, str]] = []
    levels: dict[str, Tlp] = {}  # TLP folder -> the strictest marking of its documents
    for adv in corpus.advisories:
        if not ctx.tlp.allows(adv.tlp) or not adv.vulnerabilities or not adv.affected:
            continue
        for i, vuln in enumerate(adv.vulnerabilities):
            if vuln.cwe and vuln.cwe not in cwe_names():
                where = Location(path=adv.path, pointer=f"/vulnerabilities/{i}/cwe")
                notes.append(
                    diagnostic("IOC612", where, f"{vuln.cwe} is not in compiler/data/csaf/cwe-names.json")
                )
        for lang in corpus.languages:  # the English original and one translation per other language
            doc = document(adv, lang, pub)
            notes += _checked(adv, lang, doc)
            path = f"{folder(adv)}/{file_name(tracking_id(adv, lang))}"
            data = document_bytes(doc)
            for name, content in [(path, data), *hash_files(path, data)]:
                artifacts.append(Artifact(f"csaf/{name}", content, advisory=adv.id, items=(), tlp=adv.tlp))
            entries.append((path, doc["document"]["tracking"]["current_release_date"]))
            tlp_folder = path.split("/", 1)[0]
            levels[tlp_folder] = strictest([levels.get(tlp_folder, Tlp.CLEAR), adv.tlp])
    if not entries:
        return Emission(artifacts=(), notes=tuple(notes))
    artifacts += [
        Artifact(f"csaf/{p}", d, advisory=None, items=(), tlp=levels[p.split("/", 1)[0]])
        for p, d in folder_indexes(entries)
    ]
    tlp_folders = sorted({path.split("/", 1)[0] for path, _ in entries})
    metadata = provider_metadata(pub, tlp_folders, max(date for _, date in entries))
    artifacts.append(
        Artifact(
            "csaf/provider-metadata.json",
            document_bytes(metadata),
            advisory=None,
            items=(),
            tlp=strictest(levels.values()),
        )
    )
    return Emission(artifacts=tuple(sorted(artifacts, key=lambda a: a.path)), notes=tuple(notes))
