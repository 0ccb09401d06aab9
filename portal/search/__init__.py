"""Site search (全文检索): an index of everything public, in Chinese: Whoosh files by default,
or PostgreSQL rows with ``SEARCH_BACKEND=postgres`` (``backend``, ``pg``, ``models``).

Modules
    ``analysis``   folding (NFKC, lower case, OpenCC traditional→simplified) + jieba words
    ``schema``     the index fields; ``SearchFields`` → Whoosh document
    ``registry``   what each app puts in the index (below)
    ``store``      the index on disk: opened once per process, swapped atomically on rebuild
    ``backend``    which backend ``SEARCH_BACKEND`` chose; agency tree paths for site scoping
    ``pg``, ``models``  the PostgreSQL backend: ``SearchEntry`` rows, our words as tsvector
    ``indexing``   queue / index / remove / reconcile / rebuild
    ``query``      the search service (parameters → a page of results with facet counts)
    ``docsets``    matches, totals and facet counts as big-integer bit sets, per generation
    ``facets``     facet labels and ordering; ``snippets`` highlighted passages
    ``admin_mixins``  ``QueueIndexUpdate`` for ModelAdmins that edit indexed content directly
    ``views``, ``api``, ``urls``  /search/ and /api/v1/search/

Registering content (other apps: interpretations, Q&A, consultations)
    Subclass ``registry.IndexDefinition`` in ``<app>/search_index.py`` and register an instance
    from the app's ``AppConfig.ready``::

        from portal.search import registry
        from portal.search.registry import IndexDefinition, SearchFields

        class InterpretationIndex(IndexDefinition[Interpretation]):
            key = "interpretation"                  # unique; item keys are "interpretation:<pk>"
            label = _("Policy interpretations")     # the content-type facet shows it
            model = Interpretation                  # needs updated_at and indexed_at fields

            def queryset_to_index(self):            # ONLY public items, metadata prefetched
                return Interpretation.objects.published().select_related("agency")

            def is_indexable(self, obj):            # optional last check (default True)
                return True

            def to_fields(self, obj):                # what is searched and shown
                return SearchFields(title=obj.title, url=obj.get_absolute_url(),
                                    content=..., agency=obj.agency.code,
                                    agency_name=obj.agency.name, date=obj.date_published)

        registry.register(InterpretationIndex())

    Then make every service that publishes, changes or withdraws such an item call
    ``portal.search.indexing.queue(obj)`` (or ``queue_many(objects)``) inside its transaction;
    for content on the shared workflow, from the model's ``Policy.after_change``. Nothing is
    done from ``save()`` or signals. The periodic reconciliation indexes anything missed.

    Never register what the public may not see in full (drafts, applicants' requests, comments
    awaiting moderation): only ``queryset_to_index()`` decides what is indexed, and a result is
    shown only if its item is still in ``queryset_to_index()`` when the page is built.

Tasks and schedule (``portal.tasks``, queue ``SEARCH_QUEUE``, default "search")
    ``index_items(keys)``, ``reconcile_index()`` (every 10 minutes).
    A worker for the queue: ``celery -A portal worker -Q search --concurrency 1``.

Rebuilding
    ``python manage.py rebuild_index`` builds a new index beside the live one and swaps it in
    (PostgreSQL: rewrites every row batch by batch, then removes the rows not written).
"""
