"""What the 政务新媒体 list puts in the site search: each published account, found by its
name, platform, ID and what it publishes (a closed account stays findable, marked closed)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from newmedia import selectors
from newmedia.models import Account
from portal.search.registry import IndexDefinition, SearchFields


class AccountIndex(IndexDefinition[Account]):
    key = "newmedia_account"
    label = _("Government new media")
    model = Account

    def queryset_to_index(self) -> QuerySet[Account]:
        return selectors.published()

    def to_fields(self, obj: Account) -> SearchFields:
        platform = obj.platform_name or obj.get_platform_display()
        state = "已关停" if obj.is_closed else "运营中"
        return SearchFields(
            title=f"{obj.name}（{platform}，已关停）"
            if obj.is_closed
            else f"{obj.name}（{platform}）",
            url=obj.get_absolute_url(),
            content=obj.description,
            meta=" ".join(filter(None, ["政务新媒体", platform, obj.handle, state])),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre="政务新媒体",
            date=obj.opened_on,
        )
