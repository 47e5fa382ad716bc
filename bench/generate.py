"""Synthetic corpora: N indicators spread over 100 set files, plus advisories, all valid and canonical."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ADVISORY = """\
# yaml-language-server: $schema=../../schemas/advisory.schema.json
id: {id}
schema_version: 1
status: final
tlp: clear
severity: high
published: "{date}"
modified: "{date}"
title: {{de: "Synthetische Meldung {n}", en: "Synthetic advisory {n}"}}
summary: {{de: Eine Lücke wird ausgenutzt., en: A flaw is being exploited.}}
announcement: {{de: Bitte sofort patchen., en: Please patch now.}}
vulnerabilities:
  - cve: CVE-2099-{cve:05d}
    title: {{de: Prüfung fehlt, en: Missing check}}
    description: {{de: Anfragen lassen sich fälschen., en: Requests can be forged.}}
    cvss: {{version: "3.1", base_score: 9.1, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"}}
    cwe: CWE-918
malware:
  - id: synthetic-shell
    name: Synthetic Shell
    types: [webshell]
    description: {{de: Eine Web-Shell., en: A web shell.}}
products:
  affected:
    - product: product-a
  not_affected: []
fixes:
  - product: product-a
    cves: [CVE-2099-{cve:05d}]
    updates: [cu1-kb5000001]
steps:
  - {{kind: patch, title: {{de: Patchen, en: Patch}}, body: {{de: Update einspielen., en: Install the update.}}}}
  - {{kind: hunt, title: {{de: Suchen, en: Hunt}}, body: {{de: Indikatoren suchen., en: Search for indicators.}}}}
  - {{kind: false-positives, title: {{de: Prüfen, en: Verify}}, body: {{de: Treffer prüfen., en: Verify hits.}}}}
resources:
  - {{title: {{de: Hersteller, en: Vendor}}, url: "https://example.com/{id}", kind: advisory, audience: customer}}
updates:
  - {{date: "{date}", title: {{de: Nachtrag, en: Addendum}}, body: {{de: Neue Werte., en: New values.}}}}
"""

PRODUCT = """\
# yaml-language-server: $schema=../schemas/product.schema.json
id: product-a
schema_version: 1
vendor: Example
name: Product A
deployment: on-premises
build_prefixes: ['15.0']
releases:
  - id: cu1
    kind: cu
    name: Product A CU1
    build: 15.0.100.1
    released: '2020-12-01'
  - id: cu1-kb5000001
    kind: su
    name: Product A CU1 KB5000001
    build: 15.0.100.5
    released: '2021-01-01'
    base: cu1
    kb: KB5000001
"""

SET_HEAD = """\
# yaml-language-server: $schema=../../schemas/indicator-set.schema.json
id: {id}
schema_version: 1
advisories: [{advisory}]
title: {{de: "Werte {n}", en: "Values {n}"}}
description: {{de: Synthetische Werte., en: Synthetic values.}}
tlp: clear
source: {{name: Synthetic, url: "https://example.com/feed", licence: CC0-1.0}}
defaults: {{confidence: 70, valid_from: "2021-03-02"}}
relates_to: {{malware: [synthetic-shell]}}
indicators:
"""


def _value(i: int) -> tuple[str, str]:
    h = hashlib.sha256(i.to_bytes(8, "big")).hexdigest()
    kind = i % 8
    if kind in (0, 1, 2):
        return "sha256", h
    if kind == 3:
        return "ipv4", f"{11 + i % 200}.{(i >> 8) % 256}.{(i >> 16) % 256}.{1 + i % 250}"
    if kind == 4:
        return "domain", f"{h[:12]}.example-{i % 97}.net"
    if kind == 5:
        return "url", f"https://{h[:10]}.example.org/{h[10:20]}/index.php?id={i}"
    if kind == 6:
        return "file-path", f"C:\\inetpub\\wwwroot\\aspnet_client\\{h[:8]}.aspx"
    return "md5", h[:32]


def generate(root: Path, indicators: int, files: int = 100, advisories: int = 1) -> Path:
    """Write a corpus under root (replacing it) and return root."""
    if root.exists():
        shutil.rmtree(root)
    (root / "schemas").mkdir(parents=True)
    for name in ("advisory.schema.json", "indicator-set.schema.json", "product.schema.json"):
        shutil.copy(Path(__file__).resolve().parent.parent / "schemas" / name, root / "schemas" / name)
    (root / "products").mkdir()
    (root / "products" / "product-a.yaml").write_text(PRODUCT, encoding="utf-8")
    adv_ids = []
    for a in range(advisories):
        adv_id = f"synthetic-{a:04d}"
        adv_ids.append(adv_id)
        date = f"2021-{1 + a % 12:02d}-{1 + a % 28:02d}"
        folder = root / "advisories" / "2021"
        folder.mkdir(parents=True, exist_ok=True)
        text = ADVISORY.format(id=adv_id, date=date, n=a, cve=a + 1)
        (folder / f"{adv_id}.yaml").write_text(
            text.replace("../../schemas", "../../schemas"), encoding="utf-8"
        )
    per_file = max(1, indicators // files)
    i = 0
    for f in range(files):
        adv_id = adv_ids[f % len(adv_ids)]
        folder = root / "indicators" / adv_id
        folder.mkdir(parents=True, exist_ok=True)
        lines = [SET_HEAD.format(id=f"set-{f:04d}", advisory=adv_id, n=f)]
        for _ in range(per_file):
            kind, value = _value(i)
            quoted = "'" + value + "'" if kind == "file-path" else value
            lines.append(
                f"  - type: {kind}\n    value: {quoted}\n    first_seen: '2021-03-0{1 + i % 9}T10:00:00Z'\n"
            )
            if i % 10 == 0:
                lines.append("    tags: [synthetic, batch-" + str(i % 7) + "]\n")
            i += 1
        (folder / f"set-{f:04d}.yaml").write_text("".join(lines), encoding="utf-8")
    return root
