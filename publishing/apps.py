from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """The shared review-and-publish layer: what documents, interpretations, consultations,
    annual reports (and the apps to come) publish through. It owns no tables: its models are
    abstract, and each publishing app keeps its own."""

    name = "publishing"
    verbose_name = _("Review and publication")
