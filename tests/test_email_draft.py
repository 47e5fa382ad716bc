"""What the sender of a mail sees: the subject and preheader in both languages, the placeholders marked in
the HTML part with one line on what goes there, the customer's own priority note, and the partner mail's
link to the advisory's page."""

from __future__ import annotations

import re
from dataclasses import replace

from compiler.corpus.model import Text
from compiler.corpus.vocab import LANGS
from compiler.outputs.context import build_context
from compiler.outputs.email import compose, placeholders
from compiler.outputs.email.emit import emit
from compiler.outputs.siteinfo import advisory_url, site_settings
from tests.email_checks import audit_html
from tests.email_support import REPO, SITE_URL, fixture_advisory, mailed, mails, real_corpus

MARK = re.compile(r"<mark [^>]*>([^<]*)</mark>")
HIDDEN = re.compile(r'<body[^>]*>\n<div style="display:none;[^"]*">([^<]*)</div>')


def test_every_mail_has_a_preheader_in_its_language() -> None:
    for mail in mails(fixture_advisory()):
        assert mail.preheader and "\n" not in mail.preheader
        found = HIDDEN.search(mail.html)
        assert found is not None and found.group(1) == mail.preheader  # first in the body, hidden
        _, visible = audit_html(mail.html)
        assert mail.preheader not in visible  # the inbox shows it, the opened mail does not
        head = mail.file("txt").decode().split("\n\n", 1)[0].split("\n")
        assert head[1] == f"{'Vorschautext' if mail.lang == 'de' else 'Preheader'}: {mail.preheader}"
    de, en = (compose(fixture_advisory(), lang, "customer").preheader for lang in LANGS)
    assert "Sie" in de and "you" in en


def test_the_customer_preheader_of_the_advisory_wins() -> None:
    own = Text(de="Bitte lassen Sie heute aktualisieren.", en="Please have it updated today.")
    adv = replace(fixture_advisory(), email_preheader=own)
    for lang in LANGS:
        assert compose(adv, lang, "customer").preheader == own[lang]
        assert compose(adv, lang, "partner").preheader != own[lang]


def test_placeholders_are_marked_and_explained_in_the_html_draft() -> None:
    for mail in mails(fixture_advisory()):
        holders = placeholders(mail.lang)
        assert MARK.findall(mail.html) == [holders["name"], holders["signature"]]
        assert mail.draft_hint is not None
        assert holders["name"] in mail.draft_hint and holders["signature"] in mail.draft_hint
        assert mail.draft_hint in mail.html and mail.draft_hint not in mail.text  # the HTML part only
        greeting = mail.html.index("<mark")
        assert mail.html.index(mail.draft_hint) < greeting  # the hint stands above the greeting


def test_a_filled_in_mail_has_no_marks_and_no_hint() -> None:
    for lang in LANGS:
        for audience in ("customer", "partner"):
            mail = compose(fixture_advisory(), lang, audience, name="Frau Berger", signature="Team Widget")
            assert "<mark" not in mail.html and mail.draft_hint is None
            assert "Frau Berger" in mail.html and "Team Widget" in mail.html


def test_the_customer_mail_shows_the_customers_priority_note() -> None:
    adv = fixture_advisory()
    step = adv.steps[0]
    assert step.priority is not None and step.customer_priority is not None
    for lang in LANGS:
        customer = " ".join(compose(adv, lang, "customer").text.split())
        partner = " ".join(compose(adv, lang, "partner").text.split())
        assert step.customer_priority[lang] in customer and step.priority[lang] not in customer
        assert step.priority[lang] in partner and step.customer_priority[lang] not in partner
    unworded = replace(adv, steps=(replace(step, customer_priority=None), *adv.steps[1:]))
    for lang in LANGS:  # without a customer wording the customer mail leaves the partners' note out
        assert step.priority[lang] not in " ".join(compose(unworded, lang, "customer").text.split())


def test_the_partner_mail_links_the_advisory_page() -> None:
    adv = fixture_advisory()
    for mail in mails(adv):
        url = advisory_url(SITE_URL, mail.lang, adv.id)
        assert url.startswith(SITE_URL) and (mail.lang == "de") == ("/en/" not in url)
        assert (url in mail.text) is (mail.audience == "partner")
        assert (f'href="{url}"' in mail.html) is (mail.audience == "partner")
    for mail in mails(adv, site_url=""):
        assert SITE_URL not in mail.text and SITE_URL not in mail.html


def test_the_emitter_links_the_site_of_mkdocs_yml() -> None:
    corpus = real_corpus()
    site_url, _ = site_settings(REPO)
    assert site_url
    artifacts = {a.path: a.data.decode("utf-8") for a in emit(corpus, build_context(REPO)).artifacts}
    for adv in mailed(corpus):
        for lang in LANGS:
            url = advisory_url(site_url, lang, adv.id)
            assert url in artifacts[f"email/{lang}/{adv.id}.partner.txt"]
            assert url not in artifacts[f"email/{lang}/{adv.id}.customer.txt"]
