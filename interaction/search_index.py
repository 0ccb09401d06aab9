"""What the message box puts in the site search: published messages (the citizen agreed and
a reply meant for the site is published), as the masked question and the reply. Never the
citizen's name or contacts, never a message that is not published, never the original text."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from interaction.models import Message, MessageReply
from portal.search.registry import IndexDefinition, SearchFields
from publishing.models import Status


def published_replies() -> Prefetch:
    return Prefetch(
        "replies",
        queryset=MessageReply.objects.filter(status=Status.PUBLISHED, show_publicly=True)
        .select_related("agency")
        .order_by("published_at", "id"),
        to_attr="public_replies",
    )


class MessageIndex(IndexDefinition[Message]):
    key = "message"
    label = _("Messages and replies")
    model = Message

    def queryset_to_index(self) -> QuerySet[Message]:
        return (
            Message.objects.published()
            .select_related("kind", "agency")
            .prefetch_related(published_replies())
        )

    def is_indexable(self, obj: Message) -> bool:
        return bool(obj.public_replies)

    def to_fields(self, obj: Message) -> SearchFields:
        last = obj.public_replies[-1]
        return SearchFields(
            title=obj.public_subject,
            url=obj.get_absolute_url(),
            content="\n".join([obj.public_text, *(reply.text for reply in obj.public_replies)]),
            meta=f"{obj.kind.name} {obj.tracking_number}",
            exact=(obj.tracking_number,),
            agency=last.agency.code,
            agency_name=last.agency.name,
            genre=obj.kind.name,
            date=obj.replied_on,
        )
