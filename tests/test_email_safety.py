"""Hostile advisory text: template syntax, HTML, script, header injection, unsafe links and non-ASCII
stay data. Checked on the text, on the HTML (parsed, and rendered by Chromium with the network watched)
and on the .eml read back by Python's email package."""

from __future__ import annotations

import shutil
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from compiler.corpus.model import Corpus, Text
from compiler.corpus.vocab import LANGS, Tlp
from compiler.diagnostics import has_errors
from compiler.outputs.context import build_context
from compiler.outputs.email import Mail, TemplateError, compose
from compiler.outputs.email.emit import TEMPLATES_OPTION, emit
from compiler.outputs.email.markup import render
from tests.email_checks import audit_html, html5_errors, part_text, read_eml
from tests.email_support import FIXTURE_DIR, REPO, fixture_advisory, hostile_advisory, mails
from tests.tools import missing, require_tool


@pytest.fixture(scope="module")
def hostile() -> list[Mail]:
    return mails(hostile_advisory())


def test_template_syntax_in_data_is_shown_literally(hostile: list[Mail]) -> None:
    for mail in hostile:
        for text in (mail.text, mail.html):
            assert "{{ 7*7 }}" in text
            assert "49" not in text
        assert "{{ m.name }}" in mail.html or mail.audience == "customer"
        assert "{% for x in range(3) %}loop{% endfor %}" in " ".join(mail.text.split()) or (
            mail.audience == "customer"
        )
        assert "looplooploop" not in mail.text
        # the step titled "{{ m.subject }}" shows those characters, not the subject
        assert "{{ m.subject }}" in mail.text


def test_html_from_data_is_escaped_and_never_markup(hostile: list[Mail]) -> None:
    for mail in hostile:
        lowered = mail.html.lower()
        for forbidden in ("<script", "<img", '<a href="javascript', '<a href="data'):
            assert forbidden not in lowered, forbidden
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mail.html
        assert html5_errors(mail.html) == []
        problems, visible = audit_html(mail.html)
        assert problems == []
        assert "<script>alert(1)</script>" in visible  # shown as text
        assert "Name <b>fett</b> {% raw %}" in visible or mail.audience == "partner"


def test_text_part_shows_data_as_plain_text(hostile: list[Mail]) -> None:
    for mail in hostile:
        assert "<script>alert(1)</script>" in mail.text
        assert "\x07" not in mail.text and "\x07" not in mail.html  # control characters removed
        assert "ÄÖÜäöüß" in mail.text and "😀" in mail.text and "日本語" in mail.text
        assert "md link and data" in " ".join(mail.text.split())
        assert "(javascript:" not in mail.text and "(data:" not in mail.text


def test_header_injection_is_impossible(hostile: list[Mail]) -> None:
    for mail in hostile:
        assert "\n" not in mail.subject and "\r" not in mail.subject
        data = mail.file("eml")
        head = data.split(b"\r\n\r\n", 1)[0]
        names = [line.split(b":", 1)[0] for line in head.split(b"\r\n") if line and not line.startswith(b" ")]
        assert names == [b"Subject", b"Content-Language", b"X-Unsent", b"MIME-Version", b"Content-Type"]
        msg = read_eml(data)
        assert "Bcc" not in msg
        assert msg["Subject"] == mail.subject
        assert "Bcc: victim@example.com" in mail.subject  # the text is kept, on the one line
        assert "{{ 7*7 }}" in msg["Subject"] and "Größe" in msg["Subject"]
        parts = [p for p in msg.iter_parts() if isinstance(p, EmailMessage)]
        assert [part_text(p) for p in parts] == [mail.text, mail.html]


def test_every_change_to_the_data_is_reported(hostile: list[Mail]) -> None:
    findings = {(f.code, f.pointer) for mail in hostile for f in mail.findings}
    for lang in LANGS:
        assert ("IOC552", f"/email/subject/{lang}") in findings
        assert ("IOC552", f"/title/{lang}") in findings
        assert ("IOC553", f"/summary/{lang}") in findings
        assert ("IOC552", f"/steps/0/title/{lang}") in findings
    assert ("IOC553", "/resources/0/url") in findings
    assert all(not m.findings for m in mails(fixture_advisory()))


def test_emitter_reports_findings_as_warnings_located_in_the_file() -> None:
    emission = emit(Corpus(advisories=(hostile_advisory(),), sets=()), build_context(REPO))
    assert emission.artifacts
    assert emission.notes and not has_errors(emission.notes)
    assert {d.code for d in emission.notes} == {"IOC552", "IOC553"}
    assert all(d.location.path == "advisories/2024/hostile-2024-02.yaml" for d in emission.notes)


def test_markdown_links_keep_only_safe_targets() -> None:
    rendered = render(
        "[a](https://ok.example/x) [b](JAVASCRIPT:alert(1)) [c](//evil.example/x) [d](/relative) "
        "[e](mailto:soc@example.com) [f](vbscript:x) [g](http:no-host) <https://auto.example/>"
    )
    assert rendered.dropped == (
        "JAVASCRIPT:alert(1)",
        "//evil.example/x",
        "/relative",
        "vbscript:x",
        "http:no-host",
    )
    assert rendered.html.count("<a href=") == 3
    assert "a (https://ok.example/x)" in rendered.text and "e (mailto:soc@example.com)" in rendered.text
    assert "https://auto.example/" in rendered.text


def test_html_renders_in_chromium_without_requests_or_script(hostile: list[Mail], tmp_path: Path) -> None:
    """The real consumer of the HTML: a browser engine. No request leaves the page, no script runs."""
    chromium = require_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
        return
    documents = [m.html for m in hostile] + [m.html for m in mails(fixture_advisory())]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(java_script_enabled=True)
            requests: list[str] = []
            dialogs: list[str] = []
            page.on("request", lambda r: requests.append(r.url))

            def dialog(d: Any) -> None:
                dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", dialog)
            for i, document in enumerate(documents):
                path = tmp_path / f"mail{i}.html"
                path.write_text(document, encoding="utf-8")
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                assert page.evaluate("document.scripts.length") == 0
                assert page.evaluate("document.images.length") == 0
                text = page.inner_text("body")
                if i < len(hostile):
                    assert "{{ 7*7 }}" in text and "<script>alert(1)</script>" in text
            assert dialogs == []
            assert [u for u in requests if not u.startswith("file://")] == []
        finally:
            browser.close()


def _copy_templates(tmp_path: Path) -> Path:
    from compiler.outputs.email import TEMPLATE_DIR

    target = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, target)
    return target


def test_unknown_field_in_a_template_fails_with_file_and_line(tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    shutil.copyfile(FIXTURE_DIR / "IOC550-unknown-field.txt.j2", templates / "partner.txt.j2")
    with pytest.raises(TemplateError) as caught:
        compose(fixture_advisory(), "en", "partner", template_dir=templates)
    assert caught.value.code == "IOC550"
    assert caught.value.template.endswith("templates/partner.txt.j2")
    assert caught.value.line == 3
    assert "no_such_field" in caught.value.message

    corpus = Corpus(advisories=(fixture_advisory(tlp=Tlp.CLEAR),), sets=())
    emission = emit(corpus, build_context(tmp_path, options={TEMPLATES_OPTION: "templates"}))
    assert has_errors(emission.notes)
    assert [
        (d.code, d.location.path.endswith("partner.txt.j2"), d.location.line) for d in emission.notes
    ] == [("IOC550", True, 3)] * len(LANGS)  # one template serves every language: each reports it
    assert not [a for a in emission.artifacts if ".partner." in a.path]


def test_syntax_error_and_missing_template_are_reported(tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    shutil.copyfile(FIXTURE_DIR / "IOC551-syntax-error.html.j2", templates / "customer.html.j2")
    with pytest.raises(TemplateError) as caught:
        compose(fixture_advisory(), "de", "customer", template_dir=templates)
    assert (caught.value.code, caught.value.line) == ("IOC551", 3)
    templates = _copy_templates(tmp_path / "other")  # a folder of its own: compiled templates are cached
    (templates / "customer.txt.j2").unlink()
    with pytest.raises(TemplateError) as caught:
        compose(fixture_advisory(), "en", "customer", template_dir=templates)
    assert caught.value.code == "IOC551" and caught.value.template.endswith("customer.txt.j2")


def test_data_fixtures_give_exactly_their_codes() -> None:
    title = (FIXTURE_DIR / "IOC552-line-break.txt").read_text(encoding="utf-8")
    link = (FIXTURE_DIR / "IOC553-unsafe-link.md").read_text(encoding="utf-8")
    adv = fixture_advisory(tlp=Tlp.CLEAR, title=Text(de=title, en=title), summary=Text(de=link, en=link))
    emission = emit(Corpus(advisories=(adv,), sets=()), build_context(REPO))
    found = sorted((d.code, d.location.pointer) for d in emission.notes)
    assert found == [
        ("IOC552", "/title/de"),
        ("IOC552", "/title/en"),
        ("IOC553", "/summary/de"),
        ("IOC553", "/summary/en"),
    ]
    partner = next(a for a in emission.artifacts if a.path.endswith("en/widget-server-2024-01.partner.html"))
    assert b"javascript" not in partner.data and b"Read the notice first." in partner.data


def test_sandbox_refuses_unsafe_template_code(tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    path = templates / "customer.txt.j2"
    path.write_text("{{ m.__class__.__mro__[1].__subclasses__() }}\n" + path.read_text(encoding="utf-8"))
    with pytest.raises(TemplateError) as caught:
        compose(fixture_advisory(), "en", "customer", template_dir=templates)
    assert caught.value.code == "IOC550" and caught.value.line == 1


def test_a_message_missing_from_the_catalog_is_a_template_error(tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    path = templates / "partner.html.j2"
    path.write_text('{{ _("no_such_message") }}\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        compose(fixture_advisory(), "de", "partner", template_dir=templates)
    assert (caught.value.code, caught.value.line) == ("IOC550", 1)
    assert "no_such_message" in caught.value.message and "mail.partner" in caught.value.message
