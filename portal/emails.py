"""Sending e-mail from template triplets: ``emails/<name>-subject.txt``, ``-body.txt``,
``-body.html``. One function per e-mail lives in the app that sends it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build(name: str, *, to: Sequence[str], context: dict[str, Any]) -> EmailMultiAlternatives:
    """The e-mail, rendered in the site's language (templates are compiled once per process
    by the cached template loader), ready to send, alone or in a batch over one connection."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_name": settings.SITE_NAME, **context}
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, list(to))
    message.attach_alternative(html, "text/html")
    return message


def send(name: str, *, to: Sequence[str], context: dict[str, Any]) -> None:
    build(name, to=to, context=context).send()
