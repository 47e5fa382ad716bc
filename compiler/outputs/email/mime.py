"""The .eml draft: a MIME multipart/alternative message that mail clients open ready to send.

Byte-deterministic by construction: no Date, Message-ID, From or To (the partner's client fills
them in), and the MIME boundary is derived from a hash of the content. Lines end in CRLF, the
canonical form of a message file (RFC 5322); Outlook and Thunderbird read it, and Python's email
package reads both line ends. Both parts are UTF-8 in quoted-printable, so the file is 7-bit
clean with lines of at most 76 characters, and QP output can never contain the boundary (it starts
with "=_", and QP writes a literal "=" as "=3D"). `X-Unsent: 1` makes Outlook open the file as an
unsent draft; Thunderbird opens it as a message that "Edit as New Message" turns into a draft.

The subject is data. Readers decode RFC 2047 encoded words (`=?utf-8?b?...?=`) in it, so a subject is
judged by what a reader shows (`shown`), and one that holds encoded-word syntax (or that the policy's
folding would change) is written as encoded words of our own: readers then show exactly the text of the
data, never what it encodes. The finished
message is read back and must hold exactly the headers written here.
"""

from __future__ import annotations

import hashlib
from email import message_from_bytes
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from typing import Final

from compiler.corpus.textforms import shown, unsafe_header_text
from compiler.corpus.vocab import Lang

__all__ = ["HEADERS", "POLICY", "boundary_for", "shown", "to_eml", "unsafe_header_text"]


class _Policy(EmailPolicy):
    """policy.SMTP (policy.default with CRLF), with one folding fix.

    When a header value does not fit after its name but fits a line of its own, CPython folds right
    after the colon ("Subject:" CRLF SP value); readers then see the value with a leading space.
    Such a header is folded again at the last space that fits, so the first line carries text.
    """

    def fold_binary(self, name: str, value: str) -> bytes:
        folded = super().fold_binary(name, value)
        sep = self.linesep.encode("ascii")
        if not folded.startswith(name.encode("ascii") + b":" + sep):
            return folded
        width = self.max_line_length or 78
        words = folded.removesuffix(sep).replace(sep, b"").split(b" ")
        lines = [words[0]]
        for word in words[1:]:
            if len(lines[-1]) + 1 + len(word) <= width:
                lines[-1] += b" " + word
            else:
                lines.append(b" " + word)
        return sep.join(lines) + sep


POLICY: Final = _Policy(linesep="\r\n")
HEADERS: Final = ("Subject", "Content-Language", "X-Unsent", "MIME-Version", "Content-Type")


def boundary_for(text: str, html: str) -> str:
    digest = hashlib.sha256(b"\0".join((text.encode("utf-8"), html.encode("utf-8")))).hexdigest()
    return f"=_iocc_{digest[:32]}"


def to_eml(*, subject: str, text: str, html: str, lang: Lang) -> bytes:
    """The message as bytes. `subject` must be one line: a line break or control character in a header,
    also one inside an encoded word, is refused (ValueError)."""
    why = unsafe_header_text(subject)
    if why is not None:
        raise ValueError(f"a mail subject must be a single line of text: it {why}")
    msg = EmailMessage(policy=POLICY)
    if "=?" in subject or not _folds_faithfully(subject):
        # Encoded words of our own: readers show encoded-word syntax of the data literally, and the spaces
        # between words stay (CPython's folder can drop the space between two encoded words it writes).
        msg.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode(linesep="\n"))
    else:
        msg["Subject"] = subject
    msg["Content-Language"] = lang
    msg["X-Unsent"] = "1"
    msg["MIME-Version"] = "1.0"
    msg["Content-Type"] = "multipart/alternative"
    msg.set_boundary(boundary_for(text, html))
    for subtype, content in (("plain", text), ("html", html)):
        part = EmailMessage(policy=POLICY)
        part.set_content(content, subtype=subtype, charset="utf-8", cte="quoted-printable")
        del part["MIME-Version"]  # set_content adds it; it belongs on the message only
        msg.attach(part)
    data = msg.as_bytes(policy=POLICY)
    _verify(data, subject)
    return data


def _folds_faithfully(subject: str) -> bool:
    trial = EmailMessage(policy=POLICY)
    trial["Subject"] = subject
    return str(message_from_bytes(trial.as_bytes(policy=POLICY), policy=POLICY)["Subject"]) == subject


def _verify(data: bytes, subject: str) -> None:
    """Read the message back: exactly our headers, and the subject a reader shows is the data's text."""
    back = message_from_bytes(data, policy=POLICY)
    names = tuple(back.keys())
    if names != HEADERS or str(back["Subject"]) != subject:
        raise ValueError(f"the mail's headers do not read back as written: {names!r}")
