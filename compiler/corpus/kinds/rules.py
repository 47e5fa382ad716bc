"""Rules in their own languages: YARA and Suricata rule text, Sigma rules as YAML mappings. Each is checked
by its own engine (compiler.engines, compiler.validate.checks.rules), so a new rule language needs one there
too; the declaration says what the outputs make of it."""

from __future__ import annotations

from typing import Final

from compiler.corpus.kinds.kind import Aliases, Authored, Misp, NotExpressible, Rule, Stix

YARA: Final = Rule(
    name="yara",
    names={"de": "YARA", "en": "YARA"},
    lexer="yara",
    stix=Stix(label="YARA rule", pattern_type="yara"),
    misp=Misp(category="Payload installation", type="yara"),
    yara=Authored(how="authored rule, as written"),
    sigma=NotExpressible(why="a YARA rule is not a Sigma rule"),
    suricata=NotExpressible(why="a YARA rule is not a Suricata rule"),
    loki=NotExpressible(why="Loki reads YARA from its signature folder; use rules/yara/"),
    chirp=Authored(how="yara plugin (authored rule)"),
    aliases=Aliases(misp=("yara",)),
)
SIGMA: Final = Rule(
    name="sigma",
    names={"de": "Sigma", "en": "Sigma"},
    lexer="yaml",
    stix=Stix(label="Sigma rule", pattern_type="sigma"),
    misp=Misp(category="Payload installation", type="sigma"),
    yara=NotExpressible(why="a Sigma rule is not a YARA rule"),
    sigma=Authored(how="authored rule, as written"),
    suricata=NotExpressible(why="a Sigma rule is not a Suricata rule"),
    loki=NotExpressible(why="Loki does not run Sigma rules"),
    chirp=NotExpressible(why="CHIRP's events plugin uses its own operators, not Sigma"),
    aliases=Aliases(misp=("sigma",)),
)
SURICATA: Final = Rule(
    name="suricata",
    names={"de": "Suricata", "en": "Suricata"},
    lexer="text",
    stix=Stix(label="Suricata rule", pattern_type="suricata"),
    misp=Misp(category="Network activity", type="snort"),
    yara=NotExpressible(why="a Suricata rule is not a YARA rule"),
    sigma=NotExpressible(why="a Suricata rule is not a Sigma rule"),
    suricata=Authored(how="authored rule, SID and rev from the lock"),
    loki=NotExpressible(why="Loki does not run Suricata rules"),
    chirp=NotExpressible(why="CHIRP does not read network traffic"),
    aliases=Aliases(),
)
