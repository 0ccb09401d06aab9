"""Handling a registered request: the state machine (domain-spec section 4).

    received → in progress → answered → closed
    in progress ⇄ correction (Art 30) | third-party consultation (Art 32)
                | other-agency consultation (Art 34) | fee notice (fee rules)
    correction or fee period expired → closed (其他处理); applicant withdraws → closed

The moves are the data in ``TRANSITIONS`` (``publishing.transitions``: states, roles, the
service, the back-office form and the staff API payload), checked in ``_begin``; every move
appends one event to the timeline and recomputes the due date. The admin and the staff API
both read the table.

The package: ``machine`` (the transitions and what every move shares), ``pauses``
(correction, consultations, extension), ``periods`` (when the applicant's periods start,
reopening), ``fee_notices``, ``volume`` (Art 35), ``third_party`` (Art 32), ``splitting``
(一事一申请) and ``answering`` (recording the one outcome; the letters' wording is
``requests_app.letters``). Callers use the names exported here.
"""

from __future__ import annotations

from requests_app.handling.answering import (
    answer_preview,
    check_answer,
    request_answer,
    request_close,
    request_withdraw,
)
from requests_app.handling.fee_notices import (
    request_fee_expired,
    request_fee_notice,
    request_fee_paid,
    request_fee_waived,
)
from requests_app.handling.machine import (
    ACTIVE,
    SYSTEM,
    TRANSITIONS,
    available_actions,
    can_perform,
    request_start,
)
from requests_app.handling.pauses import (
    AGENCY_RESULTS,
    THIRD_PARTY_RESULTS,
    request_abandon,
    request_agency_replied,
    request_consult_agency,
    request_consult_third_party,
    request_correction,
    request_extend,
    request_receive_correction,
    request_third_party_replied,
)
from requests_app.handling.periods import request_notice_served, request_reopen
from requests_app.handling.splitting import request_split
from requests_app.handling.third_party import request_disclose_despite_objection
from requests_app.handling.volume import (
    request_ask_reasons,
    request_reasons_received,
    request_volume_decision,
)

__all__ = [
    "ACTIVE",
    "AGENCY_RESULTS",
    "SYSTEM",
    "THIRD_PARTY_RESULTS",
    "TRANSITIONS",
    "answer_preview",
    "available_actions",
    "can_perform",
    "check_answer",
    "request_abandon",
    "request_agency_replied",
    "request_answer",
    "request_ask_reasons",
    "request_close",
    "request_consult_agency",
    "request_consult_third_party",
    "request_correction",
    "request_disclose_despite_objection",
    "request_extend",
    "request_fee_expired",
    "request_fee_notice",
    "request_fee_paid",
    "request_fee_waived",
    "request_notice_served",
    "request_reasons_received",
    "request_receive_correction",
    "request_reopen",
    "request_split",
    "request_start",
    "request_third_party_replied",
    "request_volume_decision",
    "request_withdraw",
]
