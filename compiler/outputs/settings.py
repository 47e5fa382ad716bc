"""The reviewed settings the emitters follow, read from config/ once per build by the pipeline.

Emitters read them from the build's context (BuildContext.settings) and never from disk. The defaults are
what a repository without config/ gets (synthetic corpora in tests and benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.config import RulesConfig, SuricataConfig, rules_config, suricata_config
from compiler.gate import crawlers
from compiler.gate.crawlers import Crawlers
from compiler.outputs.siteinfo import site_settings


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    rules: RulesConfig = field(default_factory=RulesConfig)  # config/rules.yaml
    suricata: SuricataConfig = field(default_factory=SuricataConfig)  # config/suricata.yaml
    crawlers: Crawlers = crawlers.NONE  # config/crawler-user-agents.yaml: weak context, left out of rules
    site_url: str = ""  # mkdocs.yml's site_url: the partner mail links the advisory's page under it


def read_settings(root: Path) -> Settings:
    """config/ and the site's address under `root` (ConfigError names the file and key of a value of the
    wrong kind)."""
    return Settings(
        rules=rules_config(root),
        suricata=suricata_config(root),
        crawlers=crawlers.load(root.resolve()),
        site_url=site_settings(root)[0],
    )
