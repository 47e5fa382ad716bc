"""The types of a Sigma rule's metadata, checked before pySigma and the SigmaHQ validators see the rule.

pySigma reads metadata loosely and the validators assume text: `falsepositives: [1]`, `tags: [{a: b}]` or
`title: true` crashed them. So these keys must hold what the Sigma specification says (text, or lists of
text, a log source of text); the detection is pySigma's to judge.
"""

from __future__ import annotations

from typing import Any, Final

TEXT: Final = (
    "title",
    "id",
    "name",
    "status",
    "description",
    "author",
    "date",
    "modified",
    "level",
    "license",
)
TEXT_LISTS: Final = ("references", "tags", "falsepositives", "fields")


def shape_problems(rule: Any) -> list[str]:
    """What is not of its type in the rule's metadata, one sentence each (empty when all is well)."""
    if not isinstance(rule, dict):
        return ["a Sigma rule is a mapping"]
    problems = [f"`{key}` must be text" for key in TEXT if key in rule and not isinstance(rule[key], str)]
    for key in TEXT_LISTS:
        if key in rule and (
            not isinstance(rule[key], list) or not all(isinstance(x, str) for x in rule[key])
        ):
            problems.append(f"`{key}` must be a list of text")
    logsource = rule.get("logsource")
    if not isinstance(logsource, dict) or not all(isinstance(v, str) for v in logsource.values()):
        problems.append("`logsource` must map names to text")
    if not isinstance(rule.get("detection"), dict):
        problems.append("`detection` must be a mapping")
    related = rule.get("related", [])
    if not isinstance(related, list) or not all(
        isinstance(r, dict) and all(isinstance(v, str) for v in r.values()) for r in related
    ):
        problems.append("`related` must be a list of mappings of text")
    return problems
