"""TLP markings as feeds write them, read conservatively: a value takes the most restrictive marking that
applies to it anywhere (STIX object and granular markings, MISP event and attribute tags, CSV columns and
labels, a TLP label in free text), so nothing marked RED can pass as CLEAR because one place was not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from compiler.corpus.vocab import Tlp
from compiler.outputs.stix.common import TLP2_EXTENSION, TLP_MARKING_IDS

# TLP 1.0 marking definitions of the STIX 2.1 specification (section 7.2.1.4).
_TLP1_IDS: Final = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Tlp.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Tlp.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Tlp.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Tlp.RED,
}
WELL_KNOWN: Final[dict[str, Tlp]] = {**_TLP1_IDS, **{v: k for k, v in TLP_MARKING_IDS.items()}}
_LEVEL: Final = re.compile(
    r"^\s*(?:tlp\s*[:_\- ]\s*)?(white|clear|green|amber\s*\+\s*strict|amber|red)\s*$", re.I
)
# A TLP label inside longer text (a tag list, a cell, a line of a blog post): the "TLP" prefix is required.
_LABEL: Final = re.compile(r"\btlp\s*[:_\- ]\s*(white|clear|green|amber\s*\+\s*strict|amber|red)\b", re.I)


def level(text: str | None) -> Tlp | None:
    """A whole value naming a TLP level (`RED`, `tlp:amber+strict`, `TLP: WHITE`), or None."""
    if not text:
        return None
    m = _LEVEL.match(str(text))
    return _parse(m.group(1)) if m else None


def labels(text: str | None) -> Tlp | None:
    """The most restrictive `TLP:<level>` label anywhere in `text`, or None."""
    if not text:
        return None
    return strictest(_parse(m.group(1)) for m in _LABEL.finditer(str(text)))


def _parse(word: str) -> Tlp:
    word = re.sub(r"\s+", "", word.lower())
    return Tlp.CLEAR if word == "white" else Tlp(word)


def strictest(levels: Iterable[Tlp | None]) -> Tlp | None:
    found = [t for t in levels if t is not None]
    return max(found, key=lambda t: t.rank) if found else None


def stix_definitions(objects: Iterable[Any]) -> dict[str, Tlp]:
    """Marking-definition id -> TLP level: the well-known ones, and TLP definitions the bundle holds
    (TLP 1.0 `definition_type: tlp`, the TLP 2.0 extension, or a name such as `TLP:RED`)."""
    found = dict(WELL_KNOWN)
    for obj in objects:
        if not isinstance(obj, dict) or obj.get("type") != "marking-definition":
            continue
        ident = str(obj.get("id", ""))
        definition = obj.get("definition")
        extensions = obj.get("extensions")
        extension = extensions.get(TLP2_EXTENSION) if isinstance(extensions, dict) else None
        tlp = strictest(
            (
                level(str(definition.get("tlp"))) if isinstance(definition, dict) else None,
                labels(str(definition.get("statement"))) if isinstance(definition, dict) else None,
                level(extension.get("tlp_2_0")) if isinstance(extension, dict) else None,
                level(str(obj.get("name", ""))),
                WELL_KNOWN.get(ident),
            )
        )
        if tlp is not None:
            found[ident] = tlp
    return found


def stix_object(obj: Mapping[str, Any], definitions: Mapping[str, Tlp]) -> Tlp | None:
    """The strictest TLP among an object's marking references, object-level and granular alike (a granular
    marking on any property counts for the whole value: the value is what is imported), and TLP labels."""
    refs = (
        list(obj.get("object_marking_refs") or []) if isinstance(obj.get("object_marking_refs"), list) else []
    )
    for granular in obj.get("granular_markings") or []:
        if isinstance(granular, dict):
            refs.append(granular.get("marking_ref"))
    tags = obj.get("labels")  # some producers put `tlp:red` among the labels
    in_labels = labels(" ".join(str(t) for t in tags)) if isinstance(tags, list) else None
    return strictest((in_labels, *(definitions.get(str(ref)) for ref in refs)))


def misp_tags(holder: Mapping[str, Any]) -> Tlp | None:
    """The strictest `tlp:` tag of a MISP event, object or attribute."""
    tags = holder.get("Tag") or []
    if not isinstance(tags, list):
        return None
    return strictest(labels(str(t.get("name", ""))) for t in tags if isinstance(t, dict))
