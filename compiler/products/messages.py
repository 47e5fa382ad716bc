"""The words of a patch-status verdict, in English and German.

They travel inside the patch table (`dist/patch/*.json`), so the command line and the site's build checker
fill the same templates with the same values. A template names its values in braces (`{kb}`); a value is
either a string or a {de, en} map. Nothing else is interpreted.
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
        "reason.unknown-product": "No product in the catalog has builds starting with {prefix} (known: {known}).",
        "reason.no-build": "{product} has no build numbers of its own, and the advisory lists it as affected.",
        "reason.name-only": "{product}: give the build number; the name alone does not tell which updates are installed.",
        "reason.not-affected": "{detail}",
        "reason.not-listed": "The advisory does not name {product} among the affected products.",
        "reason.before-affected": "{product}: builds before {since} are not affected.",
        "reason.all-fixed": "{product} {build}: all {total} CVEs of the advisory are fixed.",
        "reason.none-fixed": "{product} {build}: none of the {total} CVEs is fixed (open: {open}).",
        "reason.some-fixed": "{product} {build}: {fixed} of {total} CVEs fixed; still open: {open}.",
        "reason.unknown-release": (
            "{product}: {build} is no release in the catalog and not one known to contain the fixes "
            "(open: {open})."
        ),
        "reason.no-advisory": "No advisory covers {product}.",
        "reason.all-advisories-fixed": "{product} {build}: every advisory's CVEs are fixed.",
        "reason.none-applies": "No advisory applies to {product} {build}.",
        "reason.some-advisories": "{product} {build}: {count} advisory(s) with open CVEs: {open}.",
        "action.none": "",
        "action.check": "Check the build number (Get-ExchangeServer, or the file version of ExSetup.exe).",
        "action.install": "Install {update}{kb}; the build is then {target}.",
        "action.upgrade": "Upgrade to {cu} (build {target}) or later.",
        "action.upgrade-install": "Upgrade to {cu}, then install {update}{kb}; the build is then {target}.",
        "action.no-fix": "No release in the catalog closes {open}; follow the vendor's guidance.",
        "summary.checked": "{count} checked",
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
        "reason.unknown-product": "Kein Produkt im Katalog hat Builds, die mit {prefix} beginnen (bekannt: {known}).",
        "reason.no-build": "{product} hat keine eigenen Build-Nummern, und das Advisory zählt es zu den betroffenen Produkten.",
        "reason.name-only": "{product}: Bitte die Build-Nummer angeben; am Namen allein lässt sich nicht ablesen, welche Updates installiert sind.",
        "reason.not-affected": "{detail}",
        "reason.not-listed": "Das Advisory zählt {product} nicht zu den betroffenen Produkten.",
        "reason.before-affected": "{product}: Builds vor {since} sind nicht betroffen.",
        "reason.all-fixed": "{product} {build}: Alle {total} CVEs des Advisorys sind behoben.",
        "reason.none-fixed": "{product} {build}: Keine der {total} CVEs ist behoben (offen: {open}).",
        "reason.some-fixed": "{product} {build}: {fixed} von {total} CVEs behoben; noch offen: {open}.",
        "reason.unknown-release": (
            "{product}: {build} ist kein Stand aus dem Katalog und keiner, von dem bekannt ist, dass er die "
            "Korrekturen enthält (offen: {open})."
        ),
        "reason.no-advisory": "Kein Advisory betrifft {product}.",
        "reason.all-advisories-fixed": "{product} {build}: Die CVEs aller Advisorys sind behoben.",
        "reason.none-applies": "Kein Advisory betrifft {product} {build}.",
        "reason.some-advisories": "{product} {build}: {count} Advisory(s) mit offenen CVEs: {open}.",
        "action.none": "",
        "action.check": "Build-Nummer prüfen (Get-ExchangeServer oder die Dateiversion von ExSetup.exe).",
        "action.install": "{update}{kb} installieren; danach ist der Build {target}.",
        "action.upgrade": "Auf {cu} (Build {target}) oder neuer aktualisieren.",
        "action.upgrade-install": "Auf {cu} aktualisieren, dann {update}{kb} installieren; danach ist der Build {target}.",
        "action.no-fix": "Kein Stand im Katalog schließt {open}; folgt den Hinweisen des Herstellers.",
        "summary.checked": "{count} geprüft",
    },
}
