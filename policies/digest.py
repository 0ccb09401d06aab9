"""The daily digest: each confirmed subscription gets, at most once a day, the documents and
policy items published or changed since its last digest that match what it follows.

**Never twice.** Subscriptions are taken in batches; for each batch, in one transaction, the
rows are locked (``SKIP LOCKED``: two workers share the work instead of doubling it), the
digest's content is worked out, a sent-marker (``DigestSent``) is written per subscription and
day, and ``covered_until`` moves on. Only after that commits are the mails sent. A run after a
crash skips every subscription with a marker for the day: a crash between the commit and the
mail server loses that batch's digests rather than send them again (SMTP cannot tell which
were delivered). A marker whose ``sent_at`` stays empty shows which.

**Constant queries per batch**: the subscriptions, the changed documents and the items (with
their conditions, in three prefetch queries) are read once per batch, whatever its size, and
matched in Python (``policies.matching``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from disclosure.models import Document
from policies import matching, selectors, subscribing
from policies.models import Audience, DigestSent, PolicyItem, Subscription, SubscriptionKind
from portal import emails, sites
from portal.models import Agency

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    subscription: Subscription
    documents: list[Document] = field(default_factory=list)
    items: list[PolicyItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.documents and not self.items


@dataclass
class Run:
    subscriptions: int = 0
    sent: int = 0
    batches: int = 0


def _on_site(subscription: Subscription) -> sites.CurrentSite | None:
    """The active site the subscription was made on (None: the whole installation)."""
    if subscription.site_id is None:
        return None
    return next((s for s in sites.active_sites() if s.pk == subscription.site_id), None)


def _document_fits(document: Document, subscription: Subscription) -> bool:
    site = _on_site(subscription)
    if site is not None and not site.contains(document.agency):
        return False
    if subscription.kind == SubscriptionKind.AGENCY and subscription.agency is not None:
        return document.agency.path.startswith(subscription.agency.path)
    if subscription.kind == SubscriptionKind.THEME and document.theme is not None:
        return subscription.theme_id in (document.theme_id, document.theme.parent_id)
    return False


def _item_fits(
    item: PolicyItem, subscription: Subscription, profile: matching.Profile | None
) -> bool:
    site = _on_site(subscription)
    if site is not None and not site.contains(item.document.agency):
        return False
    if subscription.kind == SubscriptionKind.AUDIENCE:
        return item.audience in (subscription.audience, Audience.BOTH)
    if subscription.kind == SubscriptionKind.PROFILE:
        return profile is not None and matching.fits(item, profile)
    return _document_fits(item.document, subscription)


def _changed_documents(since: dt.datetime, until: dt.datetime) -> list[Document]:
    return list(
        Document.objects.published()
        .filter(Q(published_at__gt=since) | Q(updated_at__gt=since), published_at__lte=until)
        .select_related("agency", "theme")
        .order_by("-published_at", "-id")
    )


def _candidate_items(
    since: dt.datetime, until: dt.datetime, documents: list[Document]
) -> list[PolicyItem]:
    """Items published in the window, and the items of documents changed in it."""
    window = Q(published_at__gt=since, published_at__lte=until)
    return list(
        selectors.with_conditions(
            selectors.on_display().filter(window | Q(document__in=[d.pk for d in documents]))
        ).select_related("document__agency", "document__theme")
    )


def _since(subscription: Subscription) -> dt.datetime:
    started = subscription.covered_until or subscription.confirmed_at
    assert started is not None  # only confirmed subscriptions are taken
    return started


def compose(subscriptions: list[Subscription], until: dt.datetime) -> list[Digest]:
    """Each subscription's digest, from two reads shared by the whole batch."""
    if not subscriptions:
        return []
    oldest = min(_since(s) for s in subscriptions)
    documents = _changed_documents(oldest, until)
    items = _candidate_items(oldest, until, documents)
    codes = {str((s.profile or {}).get("region", "")) for s in subscriptions}
    regions = {a.code: a for a in Agency.objects.filter(code__in=codes - {""})}
    digests = []
    for subscription in subscriptions:
        since = _since(subscription)
        profile = (
            matching.Profile.from_saved(subscription.profile or {}, regions)
            if subscription.kind == SubscriptionKind.PROFILE
            else None
        )
        fitting = [i for i in items if _item_fits(i, subscription, profile)]
        new_items = [i for i in fitting if i.published_at and i.published_at > since]
        carrying = {i.document_id for i in fitting}
        changed = [
            d
            for d in documents
            if max(d.published_at or since, d.updated_at) > since
            and (_document_fits(d, subscription) or d.pk in carrying)
        ]
        digests.append(Digest(subscription, changed, new_items))
    return digests


def _claim(period: dt.date, size: int, until: dt.datetime) -> list[tuple[Digest, DigestSent]]:
    """Lock a batch without a marker for the day, work out its digests, mark them and move
    ``covered_until`` on; committed before anything is sent."""
    with transaction.atomic():
        batch = list(
            Subscription.objects.confirmed()
            .filter(~Exists(DigestSent.objects.filter(subscription=OuterRef("pk"), period=period)))
            .select_related("agency", "theme__parent")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")[:size]
        )
        if not batch:
            return []
        digests = compose(batch, until)
        markers = DigestSent.objects.bulk_create(
            [
                DigestSent(
                    subscription=d.subscription,
                    period=period,
                    items=len(d.items),
                    documents=len(d.documents),
                )
                for d in digests
            ]
        )
        Subscription.objects.filter(pk__in=[s.pk for s in batch]).update(covered_until=until)
    return list(zip(digests, markers, strict=True))


def _message(digest: Digest, absolute: Callable[[str], str]) -> EmailMultiAlternatives:
    subscription = digest.subscription
    site = _on_site(subscription)
    if site is not None and site.canonical_host and absolute is site_url:
        # Links to the site it was made on (the scheme of SITE_URL).
        scheme = "https" if settings.SITE_URL.startswith("https://") else "http"
        base = site.base_url(secure=scheme == "https")
        absolute = lambda path: f"{base}{path}"  # noqa: E731
    unsubscribe = absolute(subscribing.unsubscribe_path(subscription))
    message = emails.build(
        "policy-digest",
        to=[subscription.email],
        context={
            "what": subscribing.describe(subscription),
            "documents": [(d, absolute(d.get_absolute_url())) for d in digest.documents],
            "items": [(i, absolute(i.get_absolute_url())) for i in digest.items],
            "unsubscribe": unsubscribe,
        },
    )
    # RFC 2369 and RFC 8058: mail programs show their own one-click unsubscribe button.
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    if unsubscribe.startswith("https://"):
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_batch(
    period: dt.date,
    size: int,
    until: dt.datetime,
    absolute: Callable[[str], str] = site_url,
) -> tuple[int, int]:
    """One batch: (subscriptions taken, mails sent)."""
    claimed = _claim(period, size, until)
    if not claimed:
        return 0, 0
    to_send = [(digest, marker) for digest, marker in claimed if not digest.is_empty]
    if to_send:
        messages = [_message(digest, absolute) for digest, _marker in to_send]
        with get_connection() as connection:
            connection.send_messages(messages)
        DigestSent.objects.filter(pk__in=[marker.pk for _digest, marker in to_send]).update(
            sent_at=timezone.now()
        )
    return len(claimed), len(to_send)


def send_digests(
    *,
    period: dt.date | None = None,
    batch_size: int | None = None,
    now: dt.datetime | None = None,
) -> Run:
    """Every confirmed subscription's digest of the day, batch by batch. Idempotent."""
    until = now or timezone.now()
    day = period or timezone.localdate(until)
    size = batch_size or settings.POLICY_DIGEST_BATCH
    run = Run()
    while True:
        taken, sent = send_batch(day, size, until)
        if not taken:
            return run
        run.batches += 1
        run.subscriptions += taken
        run.sent += sent
