"""The words of the scan report, in German and English (our own words; data is never part of them)."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, dict[str, str]]] = {
    "de": {
        "title": "Prüfbericht: Spuren bekannter Angriffe auf Exchange-Server",
        "intro": "iocc hat {files} Dateien von {servers} Servern mit allen Regeln und Indikatoren dieser Advisories geprüft: {advisories}.",
        "summary": "Ergebnis je Server",
        "server": "Server", "findings": "Treffer", "verdict": "Ergebnis", "found": "Spuren gefunden",
        "clean": "keine Spuren gefunden", "unknown_server": "(Server unbekannt)",
        "meaning": "Was das Ergebnis bedeutet",
        "meaning_found": "Ein Treffer ist eine Spur, kein Beweis. Jeder Treffer nennt die Zeile, auf der er beruht, und, wo es einen gibt, einen Hinweis auf eine harmlose Erklärung (Schritt 3 des Advisorys: Fehlalarme ausschließen). Bleibt ein Treffer nach dieser Prüfung bestehen, ist der Server als kompromittiert zu behandeln: vom Netz nehmen, Beweise sichern und die Vorfallsbehandlung einleiten.",
        "meaning_clean": "Kein Treffer heißt: In den geprüften Protokollen und Dateien fand sich keine der bekannten Spuren. Das schließt einen Einbruch nicht aus, wenn Protokolle fehlen, gelöscht wurden oder erst nach dem Angriff beginnen; die Tabelle unten zeigt, wie weit sie zurückreichen.",
        "details": "Treffer im Einzelnen", "time": "Zeit", "advisory": "Advisory", "cve": "CVE",
        "rule": "Regel", "indicator": "Indikator", "file": "Datei", "evidence": "Beleg (Zeile im Protokoll)",
        "evidence_file": "Beleg (Datei auf dem Server)", "hint": "Hinweis zu Schritt 3", "context": "Dazu passender Kontext",
        "more": "{n} weitere Treffer auf diesem Server sind hier nicht einzeln aufgeführt; die JSON- oder CSV-Ausgabe von `iocc scan` enthält alle.",
        "logs": "Wie weit die Protokolle zurückreichen", "format": "Protokoll", "files": "Dateien", "earliest": "frühester Eintrag",
        "no_logs": "Die Sammlung enthielt keine Protokolle.",
        "skipped": "Nicht gelesene Dateien", "reason": "Grund",
        "hint_shipped-file": "Exchange liefert diese Datei in diesem Ordner selbst aus: mit derselben Datei eines sauberen Servers gleichen Builds vergleichen.",
        "hint_scanner": "Die Adresse gehört zu einem bekannten Scan-Dienst: vermutlich ein Scan, kein gezielter Angriff. Prüfen, ob die Anfrage Erfolg hatte.",
        "hint_crawler": "Echte Crawler oder Browser senden das ebenfalls: allein kein Beleg. Prüfen, ob die Anfrage selbst verdächtig ist.",
        "hint_override": "Der Wert steht auf einer Liste bekannter harmloser Werte und wurde nach Prüfung bewusst beibehalten.",
        "footer": "Erstellt mit iocc {version}. Die Regeln sind an Beispielen im echten Protokollformat geprüft: Sie schlagen bei den beschriebenen Angriffen an und bleiben beim Normalbetrieb eines Exchange-Servers still.",
    },
    "en": {
        "title": "Scan report: traces of known attacks on Exchange servers",
        "intro": "iocc checked {files} files from {servers} servers with every rule and indicator of these advisories: {advisories}.",
        "summary": "Result per server",
        "server": "Server", "findings": "Findings", "verdict": "Result", "found": "traces found",
        "clean": "no traces found", "unknown_server": "(server unknown)",
        "meaning": "What the result means",
        "meaning_found": "A finding is a trace, not proof. Each finding names the line it rests on and, where there is one, a hint at a harmless explanation (step 3 of the advisory: rule out false positives). A finding that stands after this check means the server must be treated as compromised: take it off the network, preserve the evidence and start incident response.",
        "meaning_clean": "No finding means: none of the known traces was in the logs and files checked. That does not rule out a break-in when logs are missing, were deleted or begin only after the attack; the table below shows how far back they reach.",
        "details": "Findings in detail", "time": "Time", "advisory": "Advisory", "cve": "CVE",
        "rule": "Rule", "indicator": "Indicator", "file": "File", "evidence": "Evidence (line in the log)",
        "evidence_file": "Evidence (file on the server)", "hint": "Step 3 hint", "context": "Context on the same line",
        "more": "{n} more findings on this server are not listed one by one here; the JSON or CSV output of `iocc scan` holds them all.",
        "logs": "How far back the logs reach", "format": "Log", "files": "Files", "earliest": "earliest entry",
        "no_logs": "The collection held no logs.",
        "skipped": "Files not read", "reason": "Reason",
        "hint_shipped-file": "Exchange itself ships this file in this folder: compare it with the same file on a clean server of the same build.",
        "hint_scanner": "The address belongs to a known scanning service: probably a scan, not a targeted attack. Check whether the request succeeded.",
        "hint_crawler": "Real crawlers or browsers send this too: not evidence on its own. Check whether the request itself is suspicious.",
        "hint_override": "The value is on a list of known harmless values and was kept on purpose after review.",
        "footer": "Made with iocc {version}. The rules are proven on samples in the real log formats: they fire on the attacks described and stay quiet on the normal operation of an Exchange server.",
    },
}  # fmt: skip

FORMAT_NAMES: Final[dict[str, str]] = {
    "iis-w3c": "IIS (W3C)",
    "exchange-httpproxy": "Exchange HttpProxy",
    "exchange-ecp-server": "Exchange ECP Server",
    "exchange-oabgenerator": "Exchange OAB Generator",
    "windows-events-jsonl": "Windows events (JSON lines)",
}
