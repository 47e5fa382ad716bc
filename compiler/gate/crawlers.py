"""Our own list of user agents that real crawlers and browsers send (config/crawler-user-agents.yaml).

An indicator on it is weak context: it stays in the data feeds, but the rule emitters leave it out of
rules that fire on the value alone, and `iocc scan` reports it only as context. Case is ignored and `+`
reads as a space, so values in IIS log form match too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from compiler.corpus.kinds import atomic_kind
from compiler.corpus.load import LoadError, compose, read_text, to_data

SLUG: Final = "crawler-user-agents"
FILE: Final = Path("config") / f"{SLUG}.yaml"


@dataclass(frozen=True, slots=True, kw_only=True)
class Agent:
    name: str
    pattern: re.Pattern[str]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Crawlers:
    slug: str
    title: str
    agents: tuple[Agent, ...]

    def match(self, user_agent: str) -> Agent | None:
        """The crawler or browser that sends `user_agent` too, or None."""
        text = user_agent.replace("+", " ")
        return next((a for a in self.agents if a.pattern.search(text)), None)


NONE: Final = Crawlers(slug=SLUG, title=SLUG, agents=())


def applies(kind: str) -> bool:
    """The list applies to values of this type (its declaration's `Gate.lists`, compiler.corpus.kinds)."""
    declared = atomic_kind(kind)
    return declared is not None and SLUG in declared.gate.lists


def load(root: Path) -> Crawlers:
    """The list under `root`, or an empty list when the repository has none or it cannot be read
    (`iocc check` reports a broken file through the schema check of config files)."""
    path = root / FILE
    if not path.is_file():
        return NONE
    rel = FILE.as_posix()
    try:
        data = to_data(compose(read_text(path, rel), rel), rel)
    except LoadError:
        return NONE
    agents: list[Agent] = []
    for entry in data.get("agents", []) if isinstance(data, dict) else []:
        if not isinstance(entry, dict) or not entry.get("reason"):
            continue
        if entry.get("contains"):
            pattern = re.compile(re.escape(str(entry["contains"]).replace("+", " ")), re.I)
        elif entry.get("regex"):
            try:
                pattern = re.compile(str(entry["regex"]), re.I)
            except re.error:
                continue
        else:
            continue
        agents.append(Agent(name=str(entry.get("name", "")), pattern=pattern, reason=str(entry["reason"])))
    return Crawlers(slug=SLUG, title=str(data.get("title", SLUG)), agents=tuple(agents))
