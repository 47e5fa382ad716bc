"""Hostile text that becomes a mail header: RFC 2047 encoded words are judged as a reader decodes them, and
every .eml holds exactly the headers iocc writes, whatever the subject holds."""

from __future__ import annotations

import base64
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from compiler.corpus.model import Corpus
from compiler.corpus.vocab import LANGS, Tlp
from compiler.outputs.context import build_context
from compiler.outputs.email import compose
from compiler.outputs.email.emit import emit
from compiler.outputs.email.markup import render
from compiler.outputs.email.mime import HEADERS, to_eml
from compiler.pipeline import check
from tests.corpus_fixtures import make_corpus
from tests.email_checks import audit_html, html5_errors
from tests.email_support import T, fixture_advisory
from tests.hostile_support import XSS_LINES, XSS_PROSE


def _b(raw: bytes) -> str:
    return "=?utf-8?b?" + base64.b64encode(raw).decode() + "?="


def _q(raw: bytes) -> str:
    return "=?utf-8?q?" + "".join(f"={b:02X}" for b in raw) + "?="


INJECTING = (
    "Title " + _b(b"Hi\r\nBcc: evil@example.com\r\n\r\nattacker body"),
    _q(b"x\nTo: victim@example.com"),
    "x=?utf-8?q?a=0D=0ABcc:_evil@example.com?=y",  # no spaces around: lenient readers decode it
    "=?UTF-8?B?" + base64.b64encode(b"\r\nContent-Type: text/html").decode() + "?=",
    "=?iso-8859-1?q?a=0Ab?=",
    _b("a\u2028b".encode()),
    _b(b"a\x00b"),
)
LITERAL = (
    "Title " + _b(b"just text"),  # an encoded word without a line break: shown as written, not decoded
    "=?bogus?x?abc?=",
    "50% =? done ?=",
    "Ümlaute, ß und ein sehr langer Betreff, der über die Zeilenlänge einer Kopfzeile hinausgeht, ganz sicher",
    "Subject: Bcc: to: From: all on one line",
    "\u00a0non-breaking\u00a0spaces and tabs",
)


@pytest.mark.parametrize("subject", INJECTING)
def test_an_encoded_line_break_never_reaches_an_eml(subject: str) -> None:
    with pytest.raises(ValueError, match="single line"):
        to_eml(subject=subject, text="t", html="<p>h</p>", lang="en")


@pytest.mark.parametrize("subject", LITERAL)
def test_a_reader_shows_the_subject_exactly_as_the_data_writes_it(subject: str) -> None:
    data = to_eml(subject=subject, text="body", html="<p>body</p>", lang="de")
    msg = message_from_bytes(data, policy=policy.default)
    assert tuple(msg.keys()) == HEADERS
    assert str(msg["Subject"]) == subject
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]


@pytest.mark.parametrize("subject", INJECTING)
def test_check_refuses_an_encoded_line_break_in_the_title_and_the_subject(
    tmp_path: Path, subject: str
) -> None:
    valid = Path(__file__).parent / "fixtures" / "valid" / "advisories" / "2024" / "test-advisory-2024.yaml"
    text = valid.read_text(encoding="utf-8")
    quoted = subject.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("  en: Test advisory on a mail server", f'  en: "{quoted}"')
    text += f'email:\n  subject: {{de: "Betreff {quoted}", en: Subject}}\n'
    root = make_corpus(tmp_path, {"advisories/2024/test-advisory-2024.yaml": text.encode()})
    result = check(root)
    found = sorted((d.code, d.location.pointer) for d in result.diagnostics if d.code == "IOC554")
    assert found == [("IOC554", "/email/subject/de"), ("IOC554", "/title/en")], result.diagnostics
    assert result.corpus is None


def test_every_eml_of_a_hostile_corpus_holds_exactly_our_headers() -> None:
    """Every mail of an advisory whose every header-bound text is hostile (but passes check)."""
    hostile = fixture_advisory(
        title=T(LITERAL[0] + " <b>x</b>\nBcc: a@example.com", LITERAL[1] + "\r\nTo: b@example.com"),
        email_subject=T(LITERAL[2], LITERAL[3]),
    )
    corpus = Corpus(advisories=(hostile,), sets=())
    emission = emit(corpus, build_context(Path("."), tlp=Tlp.RED, as_of="2024-02-01"))
    emls = [a for a in emission.artifacts if a.path.endswith(".eml")]
    assert len(emls) == 2 * len(LANGS)
    for artifact in emls:
        msg = message_from_bytes(artifact.data, policy=policy.default)
        assert tuple(msg.keys()) == HEADERS, artifact.path
        lang = artifact.path.split("/")[1]
        audience = artifact.path.rsplit(".", 2)[1]
        mail = compose(hostile, lang, audience)  # type: ignore[arg-type]
        assert str(msg["Subject"]) == mail.subject
        assert "\n" not in mail.subject and "Bcc" not in "".join(msg.keys())
        for part in msg.iter_parts():
            assert tuple(part.keys()) == ("Content-Type", "Content-Transfer-Encoding")


@pytest.mark.parametrize("text", XSS_PROSE + XSS_LINES)
def test_mail_markup_of_hostile_prose_holds_no_markup_of_the_data(text: str) -> None:
    """Code spans across paragraphs, raw HTML, script links: the mail's HTML holds only our elements."""
    rendered = render(text)
    document = f"<!DOCTYPE html>\n<html><head><title>t</title></head><body>{rendered.html}</body></html>"
    problems, _ = audit_html(document)
    assert problems == []
    assert html5_errors(document) == []
    for marker in ("<script", "<img", "<svg", "<iframe", "<details", "<style"):
        assert marker not in rendered.html.lower()
