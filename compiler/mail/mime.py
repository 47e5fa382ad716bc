"""The .eml draft: a MIME multipart/alternative message that mail clients open ready to send.

Byte-deterministic by construction: no Date, Message-ID, From or To (the partner's client fills
them in), and the MIME boundary is derived from a hash of the content. Lines end in CRLF, the
canonical form of a message file (RFC 5322); Outlook and Thunderbird read it, and Python's email
package reads both line ends. Both parts are UTF-8 in quoted-printable, so the file is 7-bit
clean with lines of at most 76 characters, and QP output can never contain the boundary (it starts
with "=_", and QP writes a literal "=" as "=3D"). `X-Unsent: 1` makes Outlook open the file as an
unsent draft; Thunderbird opens it as a message that "Edit as New Message" turns into a draft.
"""

from __future__ import annotations

import hashlib
from email import policy
from email.message import EmailMessage
from typing import Final

from compiler.vocab import Lang

__all__ = ["POLICY", "boundary_for", "to_eml"]

# policy.SMTP is policy.default with CRLF line ends; headers are folded at 78 and encoded per RFC 2047.
POLICY: Final = policy.SMTP


def boundary_for(text: str, html: str) -> str:
    digest = hashlib.sha256(b"\0".join((text.encode("utf-8"), html.encode("utf-8")))).hexdigest()
    return f"=_iocc_{digest[:32]}"


def to_eml(*, subject: str, text: str, html: str, lang: Lang) -> bytes:
    """The message as bytes. `subject` must be one line: a line break in a header is refused."""
    if any(c in subject for c in "\r\n\x00"):
        raise ValueError("a mail subject must be a single line")
    msg = EmailMessage(policy=POLICY)
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
    return msg.as_bytes(policy=POLICY)
