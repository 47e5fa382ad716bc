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
from email.message import EmailMessage
from email.policy import EmailPolicy
from typing import Final

from compiler.corpus.vocab import Lang

__all__ = ["POLICY", "boundary_for", "to_eml"]


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
