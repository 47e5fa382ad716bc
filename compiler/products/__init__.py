"""Product lines and patch status: which servers are vulnerable, fixed, not affected, or unknown, per advisory.

`compile_table(advisories)` makes the patch table from the catalog and what the advisories say about it
(also published as dist/patch/*.json for the site's build checker); `Checker(table).assess(build)` gives
the verdicts for one build; `assess_inventory` answers a whole inventory.
"""

from __future__ import annotations

from compiler.products.inventory import Inventory, InventoryError, Server, assess_inventory, read_inventory
from compiler.products.table import FORMAT, compile_table
from compiler.products.verdict import Action, Assessment, Checker, Described, Finding, Verdict

__all__ = [
    "FORMAT",
    "Action",
    "Assessment",
    "Checker",
    "Described",
    "Finding",
    "Inventory",
    "InventoryError",
    "Server",
    "Verdict",
    "assess_inventory",
    "compile_table",
    "read_inventory",
]
