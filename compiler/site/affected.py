"""The affected products of an advisory page: per product the table of the updates that fix it (the
release it installs on and that release's build, then the update, the build it brings, its KB and date,
the CVEs it closes), the first releases that ship the fix, the build checker, and the products that are
not affected.

The two builds of a row must never be read for each other: the cells carry classes
(`iocc-build--base`, `iocc-build--fixed`, `iocc-kb`) that site/assets/stylesheets/iocc.css sets apart,
the update's columns as one shaded group, the build to reach in bold.
"""

from __future__ import annotations

from compiler.corpus.model import Advisory, Product
from compiler.corpus.vocab import Lang
from compiler.i18n import format_date
from compiler.outputs.markdown import attr, indent, inline, prose
from compiler.products.rows import included_rows, short_name, update_rows
from compiler.site.labels import labels
from compiler.site.page import anchor, cell_text, html_table, scrolling


def nowrap_list(values: tuple[str, ...] | list[str]) -> str:
    """Values (CVE ids, builds) joined by commas, each kept on one line."""
    return ", ".join(f'<span class="iocc-nowrap">{attr(v)}</span>' for v in values)


def cu_table(adv: Advisory, product: Product, lang: Lang) -> str:
    t = labels(lang)
    rows = []
    for row in update_rows(adv, product):
        u = row.update
        notes = " ".join(cell_text(r.note[lang]) for r in (row.base, u) if r.note)
        rows.append(
            [
                f"{attr(short_name(row.base, product))}<br>"
                f'<code class="iocc-build iocc-build--base">{attr(row.base.build)}</code>',
                f"{attr(short_name(u, product))}<br>"
                f'<code class="iocc-build iocc-build--fixed">{attr(u.build)}</code>',
                f'<span class="iocc-kb">{attr(u.kb)}</span>' if u.kb else "",
                f'<span class="iocc-nowrap">{attr(format_date(u.released, lang))}</span>',
                nowrap_list(row.cves),
                f'<details class="iocc-note"><summary>{attr(t["show_note"])}</summary>{notes}</details>'
                if notes
                else "",
            ]
        )
    headers = [t["cu"], t["update"], t["kb"], t["fix_released"], t["closes"], t["source_note"]]
    table = html_table(headers, rows, css="iocc-cu", table_id=f"cu-{anchor(product.id)}")
    return scrolling(table)


def affected_section(adv: Advisory, checker: str | None, lang: Lang) -> list[str]:
    t = labels(lang)
    out = []
    if adv.affected:
        out.append(f"## {inline(t['affected'])} {{#affected}}")
        for a in adv.affected:
            p = a.product
            out.append(f"### {inline(p.name)} {{#product-{anchor(p.id)}}}")
            prefixes = ", ".join(f"`{x.replace('`', '')}`" for x in p.build_prefixes)
            out.append(
                f"{inline(p.vendor)}" + (f" · {inline(t['build_prefix'])} {prefixes}" if prefixes else "")
            )
            if a.since is not None:
                out.append(
                    f"{inline(t['affected_since'])}: {inline(short_name(a.since, p))} ({inline(a.since.build)})"
                )
            if a.note:
                out.append(prose(a.note[lang]))
            if update_rows(adv, p):
                out.append(cu_table(adv, p, lang))
            for row in included_rows(adv, p):
                when = format_date(row.release.released, lang)
                name = short_name(row.release, p)
                out.append(
                    f"{inline(t['fixed_in'])}: {inline(name)} ({inline(row.release.build)}, {inline(when)}): "
                    + inline(", ".join(row.cves))
                )
        if checker:
            out.append(f"### {inline(t['checker'])} {{#build-checker}}")
            out.append(checker.strip())
    if adv.not_affected:
        out.append(f"## {inline(t['not_affected'])} {{#not-affected}}")
        items = [
            f"- **{inline(p.product.name)}** ({inline(p.product.vendor)})\n\n" + indent(prose(p.reason[lang]))
            for p in adv.not_affected
        ]
        out.append("\n\n".join(items))
    return out
