"""Patch status from build numbers: which servers are vulnerable, fixed, not affected, or unknown.

`compile_table(advisory)` makes the patch table (also published as dist/patch/<advisory>.json for
the site's build checker); `Checker(table).assess(build)` gives one verdict; `assess_inventory`
answers a whole inventory.
"""

from __future__ import annotations

from compiler.products.inventory import Inventory, InventoryError, Server, assess_inventory, read_inventory
from compiler.products.table import FORMAT, compile_table
from compiler.products.verdict import Assessment, Checker, Described, Verdict

__all__ = [
    "FORMAT",
    "Assessment",
    "Checker",
    "Described",
    "Inventory",
    "InventoryError",
    "Server",
    "Verdict",
    "assess_inventory",
    "compile_table",
    "read_inventory",
]
