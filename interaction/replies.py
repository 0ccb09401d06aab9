"""Replies in the shared review-and-publish workflow (``publishing.workflow``).

    draft → in review → approved → published (sent to the citizen; on the site with consent)

The drafter of the lead office writes the reply; a reviewer approves it after the
confidentiality review and, when it is to go on the site, the personal-data screening of the
question and the reply as they would be published (Art 15: the citizen's name is never among
them). Publishing sends it: the message is replied, the citizen is told by e-mail, and the
question and reply appear on the site only when the citizen agreed and staff chose to.
Withdrawing a published reply takes it off the site (the citizen keeps what they were sent).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from interaction import notifications
from interaction.intake import record_event
from interaction.models import Message, MessageReply, MessageStatus
from portal.search import indexing as search_indexing


class ReplyPolicy(ScreenedTextPolicy[MessageReply]):
    def check_submit(self, obj: MessageReply) -> None:
        message = obj.message
        if not message.is_open:
            raise ValidationError(_("The message has been replied to already."))
        if obj.show_publicly and not message.publication_consent:
            raise ValidationError(
                _("The citizen did not agree to publication: untick “publish on the site”.")
            )
        if obj.show_publicly and not (
            message.public_subject.strip() and message.public_text.strip()
        ):
            raise ValidationError(_("Fill in the question as it is to be published."))

    def screened_texts(self, obj: MessageReply) -> list[tuple[str, str]]:
        if not obj.show_publicly:
            return []  # sent to the citizen only: nothing is published
        message = obj.message
        return [
            (str(_("published subject")), message.public_subject),
            (str(_("published message")), message.public_text),
            (str(_("reply")), obj.text),
        ]

    def before_publish(self, obj: MessageReply, user: User, options: dict[str, Any]) -> None:
        message = Message.objects.select_for_update().get(pk=obj.message_id)
        if not message.is_open:
            raise ValidationError(_("The message has been replied to already."))
        if obj.show_publicly and not message.publication_consent:
            raise ValidationError(_("The citizen did not agree to publication."))
        message.status = MessageStatus.REPLIED
        message.replied_on = timezone.localdate()
        message.save(update_fields=["status", "replied_on", "updated_at"])
        record_event(
            message,
            action="reply",
            user=user,
            public_note=_("%(agency)s replied to your message.") % {"agency": obj.agency.name},
        )
        notifications.reply_published(message.pk)

    def after_change(self, obj: MessageReply) -> None:
        # On the site or off it: the search index follows once the transaction commits.
        search_indexing.queue(obj.message)
