"""The console mail backend for development and for deployments that opt out of SMTP.

Django's console backend writes whole messages to standard output, which is the server's log:
the receipt e-mail put an applicant's access code there. This one writes the headers and the
plain-text body with access codes and tokens blanked (portal.redaction), readable rather than
MIME-encoded (quoted-printable could split a code across lines and hide it from the pattern).
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends import console

from portal.redaction import redact


class ConsoleBackend(console.EmailBackend):
    def write_message(self, message: EmailMessage) -> None:
        lines = [
            f"Subject: {message.subject}",
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            "",
            str(message.body),
        ]
        alternatives = getattr(message, "alternatives", [])
        if alternatives:
            lines.append(f"(and {len(alternatives)} alternative version(s), not shown)")
        self.stream.write(redact("\n".join(lines)) + "\n")
        self.stream.write("-" * 79 + "\n")
