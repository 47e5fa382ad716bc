"""One advisory page per language, in the order a partner needs it.

What to do comes first, within the first screen: title, badges with the dates, the summary, the newest
update as a short dated notice, then the steps with their priority notes. Then the affected products
with the table of updates that fix each (and the build checker when built) and the products not
affected; then the full dated timeline (the announcement and every update, oldest first); the
vulnerabilities with CVSS and the traces each leaves; background; resources by audience; the mail
templates; the indicators per type; the rules; every download.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from compiler.corpus.model import Advisory, IndicatorSet
from compiler.corpus.vocab import Lang
from compiler.i18n import format_date, format_number, severity_label
from compiler.outputs.markdown import attr, fence, indent, inline, prose
from compiler.site.affected import affected_section
from compiler.site.downloads import Download
from compiler.site.filelist import by_kind, files_table
from compiler.site.indicators import indicator_tables, rules_section, sets_table
from compiler.site.labels import labels
from compiler.site.page import (
    PageSpot,
    anchor,
    badge,
    download_link,
    front_matter,
    html_table,
    md_link,
)
from compiler.site.words import tactic

AUDIENCES = ("customer", "partner")


@dataclass(frozen=True, slots=True, kw_only=True)
class AdvisoryInputs:
    """Everything one advisory page shows besides the advisory itself."""

    advisory: Advisory
    sets: tuple[IndicatorSet, ...]  # TLP:CLEAR sets only
    downloads: tuple[Download, ...] = ()
    queries: Mapping[str, tuple[Download, ...]] = field(default_factory=dict)  # rule item id -> query files
    checker: Mapping[Lang, str] = field(default_factory=dict)  # HTML of the build checker per language
    as_of: str = "1970-01-01"  # the build's reference date: what has expired by then is marked so
    titles: Mapping[str, str] = field(default_factory=dict)  # rule titles for the file list (filelist.py)


def update_anchors(adv: Advisory) -> list[str]:
    """`update-YYYY-MM-DD`, with `-2`, `-3` ... when a date repeats."""
    seen: dict[str, int] = {}
    out = []
    for up in adv.updates:
        seen[up.date] = seen.get(up.date, 0) + 1
        out.append(f"update-{up.date}" + (f"-{seen[up.date]}" if seen[up.date] > 1 else ""))
    return out


def latest_update(adv: Advisory) -> int | None:
    """The index of the newest update by date (updates are kept oldest first; a later entry wins a tie)."""
    if not adv.updates:
        return None
    return max(range(len(adv.updates)), key=lambda i: (adv.updates[i].date, i))


def render(inputs: AdvisoryInputs, spot: PageSpot, fragments: dict[str, str]) -> str:
    """The page's Markdown; large tables go into `fragments` (see indicators.fragment_marker)."""
    adv, lang = inputs.advisory, spot.lang
    t = labels(lang)
    parts = [
        front_matter(title=adv.title[lang], description=adv.summary[lang]),
        f"# {inline(adv.title[lang])}",
        _badges(adv, lang),
        f'!!! abstract "{inline(t["summary"])}"\n\n' + indent(prose(adv.summary[lang])),
        _latest_notice(adv, lang),
    ]
    parts += _steps(adv, lang)
    parts += affected_section(adv, inputs.checker.get(lang), lang)
    parts += _timeline(adv, lang)
    parts += _vulnerabilities(adv, lang)
    parts += _background(adv, lang)
    parts += _resources(adv, lang)
    parts += _mails(inputs, spot)
    parts += _indicators(inputs, spot, fragments)
    parts += _coverage(inputs, spot)
    parts += _downloads(inputs, spot)
    return "\n\n".join(p for p in parts if p) + "\n"


def _latest_notice(adv: Advisory, lang: Lang) -> str:
    """The newest update as a one-line notice that links to its place in the timeline."""
    n = latest_update(adv)
    if n is None:
        return ""
    t = labels(lang)
    up = adv.updates[n]
    when = format_date(up.date, lang)
    link = f'<a href="#{attr(update_anchors(adv)[n])}">{attr(up.title[lang])}</a>'
    return f'<p class="iocc-latest"><strong>{attr(t["latest_update"])}, {attr(when)}:</strong> {link}</p>'


def _timeline(adv: Advisory, lang: Lang) -> list[str]:
    """The announcement and every update, oldest first: the order the story was told in, and the one the
    update texts assume ("see the first announcement above"). Editorial notes on how a date was
    established (`date_note`) are for maintainers and reviewers: the page does not show them."""
    t = labels(lang)
    out = [
        f"## {inline(t['timeline'])} {{#timeline}}",
        f"### {inline(format_date(adv.published, lang))}: {inline(t['announcement'])} {{#announcement}}",
        prose(adv.announcement[lang]),
    ]
    for up, ident in zip(adv.updates, update_anchors(adv), strict=True):
        out.append(f"### {inline(format_date(up.date, lang))}: {inline(up.title[lang])} {{#{ident}}}")
        out.append(prose(up.body[lang]))
    return out


def _resources(adv: Advisory, lang: Lang) -> list[str]:
    """The links, grouped by who they are for: plain-language pages to pass on to customers first."""
    if not adv.resources:
        return []
    t = labels(lang)
    out = [f"## {inline(t['resources'])} {{#resources}}"]
    for audience in ("customer", "partner", "technical"):
        links = [r for r in adv.resources if r.audience == audience]
        if links:
            out.append(f"**{inline(t['resources_' + audience])}**")
            out.append("\n".join(f"- {md_link(r.url, inline(r.title[lang]))}" for r in links))
    return out


def _badges(adv: Advisory, lang: Lang) -> str:
    t = labels(lang)
    return (
        '<p class="iocc-badges">'
        + badge("status", adv.status, f"{t['status']}: {t['status_' + adv.status]}")
        + " "
        + badge("severity", adv.severity, f"{t['severity']}: {severity_label(adv.severity, lang)}")
        + " "
        + badge("tlp", adv.tlp.value, f"TLP:{adv.tlp.value.upper()}")
        + f' <span class="iocc-dates">{attr(t["published"])}: {attr(format_date(adv.published, lang))} · '
        f"{attr(t['modified'])}: {attr(format_date(adv.modified, lang))}</span>" + "</p>"
    )


def _steps(adv: Advisory, lang: Lang) -> list[str]:
    t = labels(lang)
    out = [f"## {inline(t['what_to_do'])} {{#steps}}", inline(t["steps_intro"])]
    for n, step in enumerate(adv.steps, start=1):
        out.append(f"### {inline(t['step'])} {n}: {inline(step.title[lang])} {{#step-{n}}}")
        if step.priority:
            out.append(f'!!! warning "{inline(t["priority"])}"\n\n' + indent(prose(step.priority[lang])))
        out.append(prose(step.body[lang]))
    return out


def _vulnerabilities(adv: Advisory, lang: Lang) -> list[str]:
    if not adv.vulnerabilities:
        return []
    t = labels(lang)
    names = {p.id: p.product.name for p in adv.affected}
    rows = []
    for v in adv.vulnerabilities:
        score = f"{format_number(v.cvss.base_score, lang)} (CVSS {v.cvss.version})"
        rows.append(
            [
                f'<a href="#{anchor(v.cve)}">{attr(v.cve)}</a>',
                attr(v.title[lang]),
                attr(score),
                attr(v.cwe or "–"),
                attr(t["yes"] if v.exploited else t["no"]),
            ]
        )
    out = [f"## {inline(t['vulnerabilities'])} {{#vulnerabilities}}"]
    out.append(html_table([t["cve"], t["title"], t["cvss"], t["cwe"], t["exploited"]], rows, css="iocc-cves"))
    for v in adv.vulnerabilities:
        out.append(f"### {inline(v.cve)}: {inline(v.title[lang])} {{#{anchor(v.cve)}}}")
        facts = [
            f"**{inline(t['cvss'])}:** {inline(format_number(v.cvss.base_score, lang))} `{v.cvss.vector.replace('`', '')}`"
            + (f" ({inline(v.cvss.source)})" if v.cvss.source else ""),
            *(
                f"**{inline(t['cvss_other'])}:** {inline(format_number(c.base_score, lang))} "
                f"`{c.vector.replace('`', '')}` ({inline(c.source or '')})"
                for c in v.cvss_alternatives
            ),
            *([f"**{inline(t['cwe'])}:** {inline(v.cwe)}"] if v.cwe else []),
            f"**{inline(t['products'])}:** "
            + (
                ", ".join(inline(names.get(p, p)) for p in v.products)
                if v.products
                else inline(t["all_affected"])
            ),
        ]
        if v.attack_chain:
            facts.append(f"**{inline(t['attack_chain'])}**")
        out.append("\n".join(f"- {f}" for f in facts))
        out.append(prose(v.description[lang]))
        if v.evidence:
            out.append(f"**{inline(t['evidence'])}:**\n\n" + prose(v.evidence[lang]))
    return out


def _background(adv: Advisory, lang: Lang) -> list[str]:
    if not (adv.threat_actors or adv.malware or adv.attack_patterns):
        return []
    t = labels(lang)
    out = [f"## {inline(t['background'])} {{#background}}"]
    for actor in adv.threat_actors:
        also = f" ({inline(t['aliases'])} {inline(', '.join(actor.aliases))})" if actor.aliases else ""
        out.append(f"### {inline(actor.name)}{also} {{#actor-{anchor(actor.id)}}}")
        out.append(prose(actor.description[lang]))
        if actor.attribution:
            out.append(f"**{inline(t['attribution'])}:** " + prose(actor.attribution[lang]))
    for mw in adv.malware:
        also = f" ({inline(t['aliases'])} {inline(', '.join(mw.aliases))})" if mw.aliases else ""
        out.append(f"### {inline(mw.name)}{also} {{#malware-{anchor(mw.id)}}}")
        out.append(prose(mw.description[lang]))
    if adv.attack_patterns:
        out.append(f"### {inline(t['attack_patterns'])} {{#attack-patterns}}")
        rows = []
        for ap in adv.attack_patterns:
            url = "https://attack.mitre.org/techniques/" + ap.id.replace(".", "/") + "/"
            rows.append(
                [
                    f'<a href="{attr(url)}" rel="noopener">{attr(ap.id)}</a>',
                    attr(ap.name),
                    attr(tactic(ap.tactic, lang)),
                ]
            )
        out.append(html_table([t["technique"], t["title"], t["tactic"]], rows, css="iocc-attack"))
    return out


def _mails(inputs: AdvisoryInputs, spot: PageSpot) -> list[str]:
    lang = spot.lang
    t = labels(lang)
    adv = inputs.advisory
    by_path = {d.path: d for d in inputs.downloads}
    tabs = []
    for audience in AUDIENCES:
        base = f"email/{lang}/{adv.id}.{audience}"
        txt, eml, htm = (by_path.get(f"{base}.{ext}") for ext in ("txt", "eml", "html"))
        if txt is None:
            body = inline(t["mail_missing"])
        else:
            body = fence(txt.text, "text")
            links = [
                download_link(spot.root, d.site_path, label)
                for d, label in ((eml, t["eml"]), (htm, t["html_mail"]))
                if d
            ]
            if links:
                body += "\n\n" + " · ".join(links)
        tabs.append(f'=== "{inline(t[audience])}"\n\n' + indent(body))
    return [f"## {inline(t['mail'])} {{#mail}}", inline(t["mail_intro"]), "\n\n".join(tabs)]


def _indicators(inputs: AdvisoryInputs, spot: PageSpot, fragments: dict[str, str]) -> list[str]:
    t = labels(spot.lang)
    out = [f"## {inline(t['indicators'])} {{#indicators}}"]
    atomic_sets = [s for s in inputs.sets if any(not i.is_rule for i in s.indicators)]
    if not inputs.sets:
        return [*out, inline(t["no_indicators"])]
    out.append(sets_table(inputs.sets, spot.lang))
    csv = next((d for d in inputs.downloads if d.path == f"csv/{inputs.advisory.id}.csv"), None)
    if atomic_sets:
        out.append(indicator_tables(atomic_sets, spot, csv, fragments, inputs.as_of))
    rules = rules_section(inputs.sets, spot, inputs.queries)
    if rules:
        out += [f"## {inline(t['rules'])} {{#rules}}", rules]
    return out


def _coverage(inputs: AdvisoryInputs, spot: PageSpot) -> list[str]:
    """The coverage table the build wrote (dist/coverage/<advisory>.<lang>.md, escaped when it was made),
    one heading level down so its title is a section of this page."""
    wanted = f"coverage/{inputs.advisory.id}.{spot.lang}.md"
    found = next((d for d in inputs.downloads if d.path == wanted), None)
    if found is None:
        return []
    text = found.artifact.data.decode("utf-8")
    return ["\n".join("#" + line if line.startswith("#") else line for line in text.splitlines())]


def _downloads(inputs: AdvisoryInputs, spot: PageSpot) -> list[str]:
    t = labels(spot.lang)
    out = [f"## {inline(t['downloads'])} {{#downloads}}"]
    if not inputs.downloads:
        return [*out, inline(t["no_downloads"])]
    out.append(inline(t["downloads_intro"]))
    out.append(files_table(by_kind(inputs.downloads), spot.root, spot.lang, inputs.titles))
    return out
