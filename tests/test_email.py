"""The mails: golden files, MIME structure read back by Python's email package, HTML parsed, text wrapped."""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest

from compiler.corpus.model import Advisory, Corpus
from compiler.corpus.vocab import LANGS, Lang, Tlp
from compiler.i18n import format_date
from compiler.outputs.context import build_context
from compiler.outputs.email import (
    AUDIENCES,
    FORMATS,
    TEMPLATE_DIR,
    Mail,
    compose,
    placeholders,
    template_name,
)
from compiler.outputs.email.emit import emit
from compiler.outputs.escape import one_line
from tests.email_checks import audit_html, html5_errors, part_text, read_eml
from tests.email_support import REPO, fixture_advisory, golden_files, mailed, mails, real_corpus
from tests.golden_files import assert_golden

URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def real() -> Corpus:
    return real_corpus()


@pytest.fixture(scope="module")
def all_mails(real: Corpus) -> list[Mail]:
    return mails(fixture_advisory()) + [m for adv in mailed(real) for m in mails(adv)]


def test_templates_exist_for_every_language_and_audience() -> None:
    wanted = {template_name(a, fmt) for a in AUDIENCES for fmt in FORMATS}
    present = {p.name for p in TEMPLATE_DIR.glob("*.j2")}
    assert wanted == present


def test_golden_fixture_mails() -> None:
    assert_golden("email/fixture", golden_files(fixture_advisory()))


def test_eml_parses_with_both_parts_subject_and_charset(all_mails: list[Mail]) -> None:
    for mail in all_mails:
        data = mail.file("eml")
        data.decode("ascii")  # 7-bit clean: RFC 2047 subject, quoted-printable parts
        assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
        assert all(len(line) <= 78 for line in data.split(b"\r\n"))
        msg = read_eml(data)
        assert msg.get_content_type() == "multipart/alternative"
        assert msg["Subject"] == mail.subject
        assert msg["Content-Language"] == mail.lang
        assert msg["X-Unsent"] == "1"
        assert msg["MIME-Version"] == "1.0"
        for absent in ("Date", "From", "To", "Cc", "Bcc", "Message-ID"):
            assert absent not in msg, absent
        parts = list(msg.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        assert all(isinstance(p, EmailMessage) for p in parts)
        assert [p.get_content_charset() for p in parts] == ["utf-8", "utf-8"]
        assert not msg.defects and not any(p.defects for p in parts)
        plain, html = parts
        assert isinstance(plain, EmailMessage) and isinstance(html, EmailMessage)
        assert part_text(plain) == mail.text
        assert part_text(html) == mail.html
        body = msg.get_body(("html", "plain"))
        assert body is not None and body.get_content_type() == "text/html"


def test_non_ascii_subject_is_encoded_and_decoded() -> None:
    mail = compose(fixture_advisory(email_subject=None, title=fixture_advisory().title), "de", "customer")
    assert "ü" in mail.subject
    raw = mail.file("eml").split(b"\r\n\r\n", 1)[0]
    assert b"=?utf-8?" in raw
    assert read_eml(mail.file("eml"))["Subject"] == "[TLP:AMBER] Widget Server: Lücke in der Anmeldung"


def test_html_parses_without_errors_and_holds_only_allowed_markup(all_mails: list[Mail]) -> None:
    for mail in all_mails:
        assert html5_errors(mail.html) == [], (mail.lang, mail.audience)
        problems, _ = audit_html(mail.html)
        assert problems == [], (mail.lang, mail.audience)
        assert f'<html lang="{mail.lang}">' in mail.html


def test_text_is_wrapped_at_72_columns_without_breaking_urls(all_mails: list[Mail]) -> None:
    for mail in all_mails:
        data = mail.file("txt")
        text = data.decode("utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n")
        head, _, body = text.partition("\n\n")
        subject_line, preheader_line = head.split("\n")  # one line each, whole, to copy into a mail client
        assert subject_line.endswith(mail.subject) and preheader_line.endswith(mail.preheader)
        for line in body.split("\n"):
            assert line == line.rstrip(), repr(line)
            if len(line) > 72:
                assert " " not in line.strip(), f"over 72 columns: {line!r}"
    long_url = "https://widget.example/hunting-guide/with/a/very/long/path/that/must/never/be/broken/at/all"
    assert long_url in next(m for m in all_mails if m.audience == "partner").text.split()


def test_placeholders_stay_in_every_format(all_mails: list[Mail]) -> None:
    for mail in all_mails:
        wanted = placeholders(mail.lang).values()
        msg = read_eml(mail.file("eml"))
        decoded = [part_text(p) for p in msg.iter_parts() if isinstance(p, EmailMessage)]
        for text in (mail.file("txt").decode(), mail.html, *decoded):
            for placeholder in wanted:
                assert placeholder in text


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w\-’']*", URL.sub(" ", text))


def test_text_and_html_say_the_same(all_mails: list[Mail]) -> None:
    """The two parts of one mail come from two templates; they must not drift apart."""
    for mail in all_mails:
        _, visible = audit_html(mail.html)
        assert mail.draft_hint is not None and mail.draft_hint in " ".join(visible.split())
        visible = " ".join(visible.split()).replace(mail.draft_hint, " ", 1)  # the HTML draft's own line
        assert _words(visible) == _words(mail.text), (mail.lang, mail.audience)


INFORMAL = re.compile(r"\b(?:ihr|euch|euer|eure[mnrs]?)\b")


def test_customer_mail_in_german_uses_formal_address(all_mails: list[Mail]) -> None:
    for mail in all_mails:
        if mail.lang != "de":
            continue
        found = INFORMAL.findall(mail.text)
        if mail.audience == "customer":
            assert found == [], f"informal address in the customer mail: {found}"
            assert "Sie" in mail.text
        else:
            assert found, "the partner mail speaks to partners informally"


def test_customer_mail_covers_every_step_kind() -> None:
    adv = fixture_advisory()
    for lang in LANGS:
        mail = compose(adv, lang, "customer")
        numbered = re.findall(r"^(\d)\. (.+)$", mail.text, re.M)
        assert [title for _, title in numbered] == [s.title[lang] for s in adv.steps]
        other = adv.steps[-1]
        assert other.kind == "other" and other.body[lang].strip() in mail.text
        for step in adv.steps[:-1]:
            assert " ".join(step.body[lang].split()[:4]) not in " ".join(mail.text.split())  # our wording


def test_a_step_worded_for_customers_replaces_the_standard_wording() -> None:
    from dataclasses import replace

    from compiler.corpus.model import Text

    base = fixture_advisory()
    worded = Text(
        de="Bitte lassen Sie **Widget** heute aktualisieren.", en="Please have **Widget** updated today."
    )
    steps = (replace(base.steps[0], customer_body=worded), *base.steps[1:])
    adv = replace(base, steps=steps)
    cases: tuple[tuple[Lang, str], ...] = (
        ("de", "Bitte lassen Sie Widget heute aktualisieren."),
        ("en", "Please have Widget updated today."),
    )
    for lang, plain in cases:
        standard = compose(base, lang, "customer")
        customer = compose(adv, lang, "customer")
        partner = compose(adv, lang, "partner")
        assert plain in " ".join(customer.text.split())
        assert "<strong>Widget</strong>" in customer.html
        assert plain not in " ".join(standard.text.split()) and plain not in " ".join(partner.text.split())
        # the standard wording of the patch step is gone, the other steps keep theirs
        first_standard = standard.text.split("\n1. ", 1)[1].split("\n2. ", 1)[0]
        first_custom = customer.text.split("\n1. ", 1)[1].split("\n2. ", 1)[0]
        assert first_standard != first_custom
        assert standard.text.split("\n2. ", 1)[1] == customer.text.split("\n2. ", 1)[1]


def test_mail_content_comes_from_the_advisory(real: Corpus) -> None:
    for adv in mailed(real):
        _content_comes_from(adv)


def _content_comes_from(adv: Advisory) -> None:
    latest = max(adv.updates, key=lambda u: u.date).date if adv.updates else adv.modified
    for lang in LANGS:
        partner = compose(adv, lang, "partner")
        customer = compose(adv, lang, "customer")
        assert partner.subject == one_line(adv.title[lang])
        assert customer.subject == one_line((adv.email_subject or adv.title)[lang])
        for mail in (partner, customer):
            flat = " ".join(mail.text.split())
            assert format_date(latest, lang) in flat
            for name in [p.product.name for p in adv.affected] + [p.product.name for p in adv.not_affected]:
                assert name in flat
            for step in adv.steps:
                assert step.title[lang] in flat
                priority = step.priority if mail.audience == "partner" else step.customer_priority
                assert priority is None or " ".join(priority[lang].split()) in flat
                if mail.audience == "customer" and step.priority is not None:  # partner words stay out
                    assert " ".join(step.priority[lang].split()) not in flat
            for res in adv.resources:  # the customer mail names only the resources meant for customers
                wanted = mail.audience != "customer" or res.audience == "customer"
                assert (res.url in mail.text) is wanted, (mail.audience, res.url)
        if adv.updates:
            assert " ".join(adv.updates[-1].title[lang].split()) in " ".join(partner.text.split())


def test_emitter_writes_every_language_audience_and_format(real: Corpus) -> None:
    emission = emit(real, build_context(REPO))
    paths = [a.path for a in emission.artifacts]
    assert paths == sorted(
        f"email/{lang}/{adv.id}.{audience}.{fmt}"
        for adv in mailed(real)
        for lang in LANGS
        for audience in AUDIENCES
        for fmt in ("txt", "html", "eml")
    )
    assert emission.notes == ()
    again = emit(real, build_context(REPO))
    assert again.artifacts == emission.artifacts


def test_emitter_respects_tlp_and_withdrawal() -> None:
    amber = fixture_advisory()
    withdrawn = fixture_advisory(id="gone-2024-03", tlp=Tlp.CLEAR, status="withdrawn")
    corpus = Corpus(advisories=(amber, withdrawn), sets=())
    assert emit(corpus, build_context(REPO)).artifacts == ()
    ids = {
        a.path.split("/")[-1].split(".")[0]
        for a in emit(corpus, build_context(REPO, tlp=Tlp.AMBER)).artifacts
    }
    assert ids == {amber.id}
    text = compose(amber, "en", "customer").file("txt").decode()
    assert text.startswith("Subject: [TLP:AMBER] ") and "| TLP:AMBER" in text


def test_the_sentence_after_the_greeting_follows_each_language(all_mails: list[Mail]) -> None:
    """After "Dear ...," English starts a new sentence with a capital; German, after the comma of
    "Guten Tag ...," or "Hallo ...,", goes on in lower case."""
    for mail in all_mails:
        lines = mail.text.splitlines()
        greeting = next(i for i, line in enumerate(lines) if line.rstrip().endswith(","))
        first = next(line for line in lines[greeting + 1 :] if line.strip())
        assert first[0].isupper() == (mail.lang == "en"), (mail.lang, mail.audience, first)
