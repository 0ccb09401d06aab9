"""What suggestions and proposals put in the site search: published replies, found by their
title, the proposer as published, and the reply's text."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.search.registry import IndexDefinition, SearchFields
from proposals import selectors
from proposals.models import Proposal


class ProposalIndex(IndexDefinition[Proposal]):
    key = "proposal"
    label = _("Replies to suggestions and proposals")
    model = Proposal

    def queryset_to_index(self) -> QuerySet[Proposal]:
        return selectors.published()

    def to_fields(self, obj: Proposal) -> SearchFields:
        kind = "人大代表建议" if obj.kind == "suggestion" else "政协提案"
        return SearchFields(
            title=f"关于{obj.year}年{kind}{obj.number_label}的答复：{obj.title}",
            url=obj.get_absolute_url(),
            content=strip_tags(obj.reply),
            meta=" ".join([kind, obj.session, obj.proposer, "建议提案办理"]),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre="建议提案办理",
            date=obj.replied_on or dt.date(obj.year, 1, 1),
        )
