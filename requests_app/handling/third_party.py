"""Art 32: "第三方不同意公开且有合理理由的，行政机关不予公开。行政机关认为不公开可能对公共利益造成
重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。"

Disclosing despite a reasoned objection is the office head's decision: the public-interest
reason is recorded, a written notice to the third party (HTML and PDF, ``answers``) is kept,
and the internal timeline says so. Until then a full disclosure is refused
(``answering.check_answer``).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.handling.machine import _begin, _finish
from requests_app.models import InformationRequest, Pause, ThirdPartyNotice


@transaction.atomic
def request_disclose_despite_objection(
    *, info_request: InformationRequest, user: User, reason: str
) -> InformationRequest:
    from requests_app import letters

    locked, from_status = _begin(info_request, user, "disclose_despite_objection")
    pause = (
        locked.pauses.filter(kind=Pause.Kind.THIRD_PARTY, reply="objection")
        .filter(disclosure_notice__isnull=True)
        .order_by("-ended_on", "-id")
        .first()
    )
    if pause is None:
        raise ValidationError(
            _("No third party objected to disclosure; there is nothing to decide (Art 32).")
        )
    if not reason.strip():
        raise ValidationError(
            _("State why withholding would significantly affect the public interest (Art 32).")
        )
    notice = ThirdPartyNotice(
        request=locked,
        pause=pause,
        third_party=pause.party,
        public_interest_reason=reason.strip(),
        decided_on=timezone.localdate(),
        decided_by=user,
    )
    notice.letter_html = letters.render_third_party_notice_html(notice)
    notice.save()
    return _finish(locked, from_status, user, "disclose_despite_objection",
        note=_("Disclosure decided despite the objection of %(party)s; written notice kept. "
               "Reason: %(reason)s") % {"party": pause.party, "reason": reason.strip()},
        visible=False,
    )  # fmt: skip
