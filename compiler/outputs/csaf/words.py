"""The fixed wording of the CSAF documents, in English and German (the advisory's own text comes from the data)."""

from __future__ import annotations

from typing import Final

WORDS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "summary": "Summary",
        "announcement": "Announcement",
        "step": "Step {n}: {title}",
        "description": "Description",
        "evidence": "Where to find traces",
        "initial": "Initial version.",
        "self": "This document (CSAF, {lang_name})",
        "original": "The original of this translation (CSAF, English)",
        "translation": "German translation of this document (CSAF)",
        "lang_name": "English",
        "install": "Install {kb} on {product} {cu}; afterwards the build is {fixed_build} or later.",
        "install_rollup": "Install {cu} ({kb}); afterwards the build is {fixed_build} or later.",
        "upgrade": "Upgrade to {cu} ({build}) or later, which contains the fixes.",
        "exploited": "Exploitation in the wild has been observed.",
        "tlp": "TLP:{tlp2} (TLP 2.0). CSAF 2.0 knows only the TLP 1.0 labels, so this document is marked TLP:{tlp1}.{extra}",
        "strict": " Share it only within the recipient's own organisation.",
        "severity.low": "Low",
        "severity.medium": "Medium",
        "severity.high": "High",
        "severity.critical": "Critical",
        "withdrawn": "This advisory has been withdrawn.",
    },
    "de": {
        "summary": "Zusammenfassung",
        "announcement": "Meldung",
        "step": "Schritt {n}: {title}",
        "description": "Beschreibung",
        "evidence": "Wo sich Spuren finden",
        "initial": "Erste Fassung.",
        "self": "Dieses Dokument (CSAF, {lang_name})",
        "original": "Das Original dieser Übersetzung (CSAF, Englisch)",
        "translation": "Deutsche Übersetzung dieses Dokuments (CSAF)",
        "lang_name": "Deutsch",
        "install": "{kb} auf {product} {cu} installieren; danach ist der Build {fixed_build} oder neuer.",
        "install_rollup": "{cu} ({kb}) installieren; danach ist der Build {fixed_build} oder neuer.",
        "upgrade": "Auf {cu} ({build}) oder neuer aktualisieren; dieser Stand enthält die Korrekturen.",
        "exploited": "Die Schwachstelle wird nachweislich aktiv ausgenutzt.",
        "tlp": "TLP:{tlp2} (TLP 2.0). CSAF 2.0 kennt nur die Stufen von TLP 1.0, daher trägt dieses Dokument TLP:{tlp1}.{extra}",
        "strict": " Nur innerhalb der eigenen Organisation des Empfängers weitergeben.",
        "severity.low": "Niedrig",
        "severity.medium": "Mittel",
        "severity.high": "Hoch",
        "severity.critical": "Kritisch",
        "withdrawn": "Dieses Advisory wurde zurückgezogen.",
    },
}
