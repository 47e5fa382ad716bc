"""The words of a patch-status verdict, in English and German.

They travel inside the patch table (`dist/patch/<advisory>.json`), so the command line and the site's
build checker fill the same templates with the same values. A template names its values in braces
(`{kb}`); a value is either a string or a {de, en} map. Nothing else is interpreted.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "en": {
        "verdict.vulnerable": "vulnerable",
        "verdict.fixed": "fixed",
        "verdict.not affected": "not affected",
        "verdict.unknown build": "unknown build",
        "reason.empty": "No build number given.",
        "reason.malformed": (
            "Not a build number. Expected four numbers such as 15.2.792.10, or the form Exchange shows, "
            '"Version 15.2 (Build 792.10)".'
        ),
        "reason.no-revision": (
            "Only three parts ({build}): without the fourth number it is impossible to tell whether "
            "the security update is installed."
        ),
        "reason.unknown-product": (
            "No product in this advisory has builds starting with {prefix} (listed: {known})."
        ),
        "reason.not-affected": "{detail}",
        "reason.cu-below-fix": "{product} {cu} without the security update {kb} (fixed build: {fixed_build}).",
        "reason.cu-fixed": "{product} {cu} with the security update {kb} ({fixed_build} or later).",
        "reason.release-fixed": (
            "{product} at or after {release_cu} ({release_build}), which contains the fix."
        ),
        "reason.rollup-below-fix": "{product}: below build {fixed_build}, the level of {cu}, which contains the fix.",
        "reason.rollup-fixed": "{product}: {cu} is installed (build {fixed_build} or later).",
        "reason.older-than-listed": (
            "{product}: older than every CU with a security update (the oldest is {oldest_cu}); "
            "no update exists for this build."
        ),
        "reason.unlisted-cu": (
            "{product}: build {build} belongs to none of the CUs for which a security update was released."
        ),
        "reason.newer-than-listed": (
            "{product}: {build} is newer than every CU this advisory lists, but not a release known "
            "to contain the fix."
        ),
        "action.install": "Install {kb} (afterwards the build is {fixed_build} or later).",
        "action.upgrade": "Upgrade to a supported CU first ({cus}), then install {kb}.",
        "action.upgrade-or-release": (
            "Upgrade to a supported CU first ({cus}), then install {kb}; or upgrade to {release_cu} "
            "({release_build}) or later, which contains the fix."
        ),
        "action.check": "Check the build number (Get-ExchangeServer, or the file version of ExSetup.exe).",
        "action.none": "",
        "note.unsupported-cu": (
            "{cu} was out of support when the fix came out: its update closes only these holes. "
            "Plan the move to a supported CU."
        ),
    },
    "de": {
        "verdict.vulnerable": "verwundbar",
        "verdict.fixed": "behoben",
        "verdict.not affected": "nicht betroffen",
        "verdict.unknown build": "unbekannter Build",
        "reason.empty": "Keine Build-Nummer angegeben.",
        "reason.malformed": (
            "Keine Build-Nummer. Erwartet werden vier Zahlen wie 15.2.792.10 oder die Form, in der "
            "Exchange sie anzeigt: „Version 15.2 (Build 792.10)“."
        ),
        "reason.no-revision": (
            "Nur drei Teile ({build}): Ohne die vierte Zahl lässt sich nicht sagen, ob das "
            "Sicherheitsupdate installiert ist."
        ),
        "reason.unknown-product": (
            "Kein Produkt in diesem Advisory hat Builds, die mit {prefix} beginnen (bekannt: {known})."
        ),
        "reason.not-affected": "{detail}",
        "reason.cu-below-fix": "{product} {cu} ohne das Sicherheitsupdate {kb} (korrigierter Build: {fixed_build}).",
        "reason.cu-fixed": "{product} {cu} mit dem Sicherheitsupdate {kb} ({fixed_build} oder neuer).",
        "reason.release-fixed": (
            "{product} ab {release_cu} ({release_build}); dieser Stand enthält die Korrektur bereits."
        ),
        "reason.rollup-below-fix": "{product}: unter Build {fixed_build}, dem Stand von {cu}, der die Korrektur enthält.",
        "reason.rollup-fixed": "{product}: {cu} ist installiert (Build {fixed_build} oder neuer).",
        "reason.older-than-listed": (
            "{product}: älter als jedes CU mit Sicherheitsupdate (das älteste ist {oldest_cu}); "
            "für diesen Build gibt es kein Update."
        ),
        "reason.unlisted-cu": (
            "{product}: Build {build} gehört zu keinem der CUs, für die ein Sicherheitsupdate erschienen ist."
        ),
        "reason.newer-than-listed": (
            "{product}: {build} ist neuer als jedes CU in diesem Advisory, aber kein Stand, von dem "
            "bekannt ist, dass er die Korrektur enthält."
        ),
        "action.install": "{kb} installieren (danach ist der Build {fixed_build} oder neuer).",
        "action.upgrade": "Zuerst auf ein unterstütztes CU aktualisieren ({cus}), dann {kb} installieren.",
        "action.upgrade-or-release": (
            "Zuerst auf ein unterstütztes CU aktualisieren ({cus}), dann {kb} installieren; oder auf "
            "{release_cu} ({release_build}) oder neuer aktualisieren, das die Korrektur enthält."
        ),
        "action.check": "Build-Nummer prüfen (Get-ExchangeServer oder die Dateiversion von ExSetup.exe).",
        "action.none": "",
        "note.unsupported-cu": (
            "{cu} hatte beim Erscheinen der Korrektur keinen Support mehr: Sein Update schließt nur diese "
            "Lücken. Plant den Wechsel auf ein unterstütztes CU."
        ),
    },
}
