"""The PostgreSQL search index (``SEARCH_BACKEND=postgres``): one row per indexed item.

The row keeps what a result list needs without the item (title, address, agency, date, the
facet values, the start of the text) and ``vector``, a ``tsvector`` built in Python from our
own analysis (``portal.search.pg.vector_literal``: folding, OpenCC t2s, jieba search-mode
words), so that PostgreSQL never stems or splits Chinese itself. Weights: title A, document
and index numbers and other metadata B, summary C, the rest of the text D.

The model is declared on every database (the migration runs on SQLite too) but only used on
PostgreSQL; its GIN/RUM indexes are made by the migration on PostgreSQL only.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    key = models.CharField(max_length=100, unique=True)  # "<type>:<pk>", as in the registry
    type = models.CharField(max_length=32)
    title = models.TextField()
    url = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    agency = models.CharField(max_length=32, blank=True)
    # The agency's treebeard path, for site scoping (``SearchParams.site_path``).
    agency_path = models.CharField(max_length=255, blank=True)
    theme = models.CharField(max_length=100, blank=True)
    genre = models.CharField(max_length=100, blank=True)
    year = models.CharField(max_length=4, blank=True)
    validity = models.CharField(max_length=32, blank=True)
    date = models.DateField(null=True)
    vector = SearchVectorField()
    # When the row was last written: a rebuild removes the rows it did not write again.
    indexed_at = models.DateTimeField()

    class Meta:
        app_label = "portal"
        db_table = "portal_searchentry"
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        # Written only by the indexing tasks: nobody is given rights over it in the back office.
        default_permissions = ()

    def __str__(self) -> str:
        return self.key
