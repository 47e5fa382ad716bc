"""The language checks (IOC312-IOC315) on fixed texts: what each rule finds, what it skips, which fields
count as the partners', the customers' or both mails'. The invalid fixtures (tests/fixtures/invalid/
IOC312-* ... IOC315-*) show each code at its line; the real corpus is held to config/corpus-policy.yaml,
which accepts none of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.corpus import load
from compiler.pipeline import check
from compiler.validate.checks import wording
from compiler.validate.checks.language import role
from tests.corpus_fixtures import make_corpus


def words(found: list[wording.Finding]) -> list[str]:
    return [f for f, _ in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bitte wenden Sie sich an uns.", ["Sie"]),
        ("Wir helfen Ihnen gern.", ["Ihnen"]),
        ("Prüft danach Ihre Server.", ["Ihre"]),
        ("Sie schließen mehrere Lücken.", []),  # at a sentence start: the third person plural
        ("- Sie betreffen alle Server.", []),  # a list item starts a sentence too
        ("Ihr findet alles im Advisory.", []),  # the informal plural at a sentence start
        ("Die Kundenmail in der Sie-Form liegt bereit.", []),  # a compound, not the address
        ("In der Kundenmail steht „Lassen Sie prüfen“.", []),  # a quotation
        ("Das Feld `Sie` bleibt leer.", []),  # code
    ],
)
def test_formal_address_in_partner_text(text: str, expected: list[str]) -> None:
    assert words(wording.formal_address(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meldet euch bei uns.", ["euch"]),
        ("Prüft eure Server.", ["eure"]),
        ("Wenn ihr findet, was fehlt.", ["ihr findet"]),
        ("Ihr könnt das Update sofort installieren.", ["Ihr könnt"]),
        ("Lassen Sie prüfen, ob Ihr Server aktuell ist.", []),
        ("Die Gruppe und ihr Vorgehen sind bekannt.", []),  # her/its, not you
        ("Partner sagen „meldet euch“ dazu.", []),  # a quotation
    ],
)
def test_informal_address_in_customer_text(text: str, expected: list[str]) -> None:
    assert words(wording.informal_address(text)) == expected


def test_iso_dates_in_prose_but_not_in_code_or_links() -> None:
    text = (
        "Am 2021-03-02 erschien das Update, gemeldet am 2021-03-11/12. `2021-03-03` bleibt, "
        "https://example.com/2021-03-04/x und [Text](https://example.com/2021-03-05) auch."
    )
    assert words(wording.iso_dates(text)) == ["2021-03-02", "2021-03-11"]
    assert wording.iso_dates("Am 2. März 2021 und on 2 March 2021.") == []


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Schreibt uns hier im Thread.", ["hier im Thread"]),
        ("de", "Fragt im Partner-Thread nach.", ["im Partner-Thread"]),
        ("de", "Zwei Neuigkeiten seit dem letzten Beitrag.", ["letzten Beitrag"]),
        ("de", "Microsofts Blogbeitrag vom 12. März 2021.", []),
        ("en", "Write to us here in the thread.", ["here in the thread"]),
        ("en", "See the post above.", ["post above"]),
        ("en", "Threat actors and their posture.", []),
    ],
)
def test_forum_wording(lang: str, text: str, expected: list[str]) -> None:
    assert words(wording.forum_wording(text, lang)) == expected


def test_microsofts_german_terms() -> None:
    text = "Erst das neueste Cumulative Update, dann die Security Updates. Siehe Microsoft Security Update Guide."
    assert words(wording.english_terms(text)) == ["Cumulative Update", "Security Updates"]
    assert (
        wording.english_terms("Der Blog *Released: March 2021 Exchange Server Security Updates* hilft.") == []
    )


ADVISORY = Path(__file__).parent / "fixtures" / "invalid" / "IOC312-formal-sie-in-partner-text.yaml"


def test_fields_by_audience(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, {"advisories/2024/formal-sie.yaml": ADVISORY.read_bytes()})
    doc = next(d for d in load.load_paths([root / "advisories/2024/formal-sie.yaml"], root).documents)
    assert role(doc, ["steps", 0, "customer_body"]) == "customer"
    assert role(doc, ["steps", 0, "customer_priority"]) == "customer"
    assert role(doc, ["email", "subject"]) == "customer"
    assert role(doc, ["title"]) == "shared"
    assert role(doc, ["steps", 1, "title"]) == "shared"
    assert role(doc, ["products", "not_affected", 0, "reason"]) == "shared"
    assert role(doc, ["resources", 0, "title"]) == "shared"  # a customer resource: both mails list it
    assert role(doc, ["steps", 1, "body"]) == "partner"
    assert role(doc, ["summary"]) == "partner"


def test_a_customer_field_with_ihr_and_a_date_note_that_ships_nowhere(tmp_path: Path) -> None:
    text = ADVISORY.read_text(encoding="utf-8")
    text = text.replace(
        "    body: {de: Bitte prüfen Sie danach alle Server., en: Then check every server.}",
        "    body: {de: Prüft danach alle Server., en: Then check every server.}\n"
        "    customer_body: {de: Prüft danach eure Server., en: Then have every server checked.}",
    )
    text = text.replace(
        "    body: {de: Neue Indikatoren., en: New indicators.}",
        "    body: {de: Neue Indikatoren., en: New indicators.}\n"
        "    date_note: {de: 'Im Thread am 2024-05-10 gepostet.', en: 'Posted in the thread on 2024-05-10.'}",
    )
    root = make_corpus(tmp_path, {"advisories/2024/formal-sie.yaml": text.encode("utf-8")})
    found = [
        (d.code, d.location.pointer)
        for d in check(root).diagnostics
        if d.location.path == "advisories/2024/formal-sie.yaml"
    ]
    assert found == [("IOC312", "/steps/1/customer_body/de")]
