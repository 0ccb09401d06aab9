"""What gazette issues put in the site search: published issues, found by their title (the
gazette, year and number), their summary and the titles and numbers of what they print."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gazette import selectors
from gazette.models import Issue
from portal.search.registry import IndexDefinition, SearchFields


class IssueIndex(IndexDefinition[Issue]):
    key = "gazette_issue"
    label = _("Government gazette")
    model = Issue

    def queryset_to_index(self) -> QuerySet[Issue]:
        return selectors.with_entries(selectors.published_issues())

    def to_fields(self, obj: Issue) -> SearchFields:
        lines = [obj.summary]
        lines += [" ".join(filter(None, [e.title, e.doc_number])) for e in obj.entries.all()]
        total = f"（总第{obj.total_number}期）" if obj.total_number else ""
        return SearchFields(
            title=f"{obj.gazette.book_title}{obj.chinese_number}{total}",
            url=obj.get_absolute_url(),
            content="\n".join(filter(None, lines)),
            meta=" ".join([obj.gazette.title, obj.chinese_number, "政府公报"]),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre="政府公报",
            date=obj.publication_date,
        )
