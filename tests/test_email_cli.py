"""`iocc email`: fill the placeholders for one recipient; output to stdout or a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.cli import main
from compiler.outputs.email import placeholders
from tests.email_checks import html5_errors, part_text, read_eml
from tests.multi_support import ALPHA, MULTI


def _run(capsys: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, str]:
    code = main(["email", ALPHA, "--root", str(MULTI), *args])
    out = capsys.readouterr()
    return code, out.out, out.err.decode("utf-8", "replace")


def test_fills_name_and_signature(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    signature = tmp_path / "sig.txt"
    signature.write_text("Erika Mustermann\nBeispiel IT GmbH <security@beispiel.example>\n", encoding="utf-8")
    code, out, _ = _run(
        capsysbinary,
        "--lang",
        "de",
        "--audience",
        "customer",
        "--name",
        "Frau Dr. Weiß",
        "--signature-file",
        str(signature),
    )
    assert code == 0
    text = out.decode("utf-8")
    assert "Guten Tag Frau Dr. Weiß," in text
    assert text.endswith(
        "Mit freundlichen Grüßen\nErika Mustermann\nBeispiel IT GmbH <security@beispiel.example>\n"
    )
    for placeholder in placeholders("de").values():
        assert placeholder not in text


def test_eml_to_a_file_escapes_the_name_in_html(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    target = tmp_path / "draft.eml"
    name = "Mr <b>Bold</b> &\nBcc: x@example.com"
    code, out, err = _run(
        capsysbinary,
        "--lang",
        "en",
        "--audience",
        "partner",
        "--name",
        name,
        "--format",
        "eml",
        "--out",
        str(target),
    )
    assert code == 0 and out == b"" and "wrote" in err
    msg = read_eml(target.read_bytes())
    assert "Bcc" not in msg and msg["X-Unsent"] == "1"
    plain, html = (part_text(p) for p in msg.iter_parts())  # type: ignore[arg-type]
    assert "Hi Mr <b>Bold</b> & Bcc: x@example.com," in plain
    assert "Hi Mr &lt;b&gt;Bold&lt;/b&gt; &amp; Bcc: x@example.com," in html
    assert "[INSERT SIGNATURE]" in plain  # no signature given: the placeholder stays
    assert html5_errors(html) == []


def test_html_format(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = _run(capsysbinary, "--lang", "en", "--audience", "customer", "--format", "html")
    assert code == 0 and out.startswith(b"<!DOCTYPE html>") and b"[INSERT NAME]" in out


def test_unknown_advisory_is_a_usage_error(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code = main(["email", "no-such-advisory", "--root", str(MULTI)])
    err = capsysbinary.readouterr().err.decode()
    assert code == 2 and ALPHA in err


def test_unreadable_signature_is_a_usage_error(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    code, _, err = _run(capsysbinary, "--signature-file", str(tmp_path / "missing.txt"))
    assert code == 2 and "signature" in err
