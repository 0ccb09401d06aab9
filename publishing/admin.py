"""The review-and-publish workflow in the back office, for any publishable content.

``WorkflowAdminMixin`` gives a ``ModelAdmin`` of a ``Publishable`` model what the document admin
has: role-based permissions (drafters edit drafts only), the workflow buttons on the change
page, one page per workflow step and a preview of the public page. A step's form and service
come from the transition table (``publishing.workflow.TRANSITIONS``); an admin may put a form
of its own in ``workflow_forms`` (its fields are the service's keyword arguments). The admin
names how it fetches one item for a user (``get_workflow_object``, through its app's access
module, so another agency's items are 404) and its templates.

An admin whose app lets parent agencies follow their sub-agencies' records
(``portal.access.FOLLOWING_ROLES``) lists them through its ``get_queryset`` and names how it
fetches one to *read* in ``get_readable_object``; the change page of a followed item is then
read only (no save, delete or workflow buttons) and the workflow steps still fetch through
``get_workflow_object``, so a follower gets 404 there.

URL names follow the admin's: ``admin:<app>_<model>_workflow`` and ``admin:<app>_<model>_preview``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.models import StaffRole
from portal.typed import StaffRequest
from publishing import workflow
from publishing.models import Publishable, ReviewResult, Status, WordingRule

Role = StaffRole.Role
P = TypeVar("P", bound=Publishable)

if TYPE_CHECKING:
    # The mixin is always combined with a ``ModelAdmin`` of a ``P``; mypy checks it as one.
    _ModelAdminOf = admin.ModelAdmin
else:

    class _ModelAdminOf(Generic[P]):
        pass


class DraftOnlyInline(admin.TabularInline):
    """Files of a publishable item are added and changed while it is a draft, then frozen:
    what was reviewed is what gets published. A parent agency's follower sees them read only."""

    extra = 0

    @staticmethod
    def _is_draft(request: HttpRequest, obj: Publishable | None) -> bool:
        if obj is None:
            return True
        agency_id = getattr(obj, "agency_id", None)
        return obj.status == Status.DRAFT and not access.follows_only(request.user, agency_id)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_draft(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_draft(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_draft(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


_EVENT_FIELDS = ("created_at", "actor", "step", "from_status", "to_status", "note")


class AuditTrailInline(admin.TabularInline):
    """The audit trail of a publishable item, read-only (set ``model`` to its event model)."""

    extra = 0
    fields = _EVENT_FIELDS
    readonly_fields = _EVENT_FIELDS
    can_delete = False
    verbose_name_plural = gettext_lazy("Audit trail")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    @admin.display(description=gettext_lazy("action"))
    def step(self, obj: Any) -> str:
        return workflow.action_label(obj.action)


class ReviewForm(forms.Form):
    review_result = forms.ChoiceField(
        label=gettext_lazy("Confidentiality review result"),
        choices=[("", "---------"), *ReviewResult.choices],
    )
    review_notes = forms.CharField(
        label=gettext_lazy("Review notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScreenedReviewForm(ReviewForm):
    """Approval of content that is screened for personal data before publication."""

    override_reason = forms.CharField(
        label=gettext_lazy("Reason for approving despite unresolved screening hits"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


def error_text(error: ValidationError | PermissionDenied) -> str:
    return "; ".join(getattr(error, "messages", [str(error)]))


class WorkflowAdminMixin(_ModelAdminOf[P]):
    """Mix into a ``ModelAdmin`` (before it) of a ``Publishable`` model with an ``agency``."""

    #: The page of one workflow step: the shared one, or one extending it where a kind of content
    #: shows more. It gets ``action``, ``action_label``, ``form``, ``allowed`` and
    #: ``change_url``, with the item as ``original`` and under its model name.
    workflow_template = "admin/publishing/workflow.html"
    #: The public page, rendered with ``preview=True`` for any status.
    preview_template = ""
    #: Forms replacing the transition table's for this kind of content (e.g. the approval
    #: of screened content asks for an override reason).
    workflow_forms: dict[str, type[forms.Form]] = {}
    #: Services replacing the table's (dotted paths), where an app above adds to a move: the
    #: publication of a document goes through ``interpretation.publishing.document_publish``,
    #: which checks 三同步.
    workflow_services: dict[str, str] = {}

    # --- What the concrete admin provides ------------------------------------------------

    def get_workflow_object(self, request: HttpRequest, pk: int) -> P:
        """The item if the user may see it in the back office; raises Http404 otherwise."""
        raise NotImplementedError

    def get_readable_object(self, request: HttpRequest, pk: int) -> P:
        """The item if the user may *read* it (the change page, the preview): by default the
        same as ``get_workflow_object``; an admin that lets parent agencies follow their
        sub-agencies' items fetches those here too. Raises Http404 otherwise."""
        return self.get_workflow_object(request, pk)

    def preview_context(self, request: HttpRequest, obj: P) -> dict[str, Any]:
        return {self._model_name: obj}

    def workflow_extra_context(self, request: HttpRequest, obj: P, action: str) -> dict[str, Any]:
        return {}

    def change_extra_context(self, request: HttpRequest, obj: P) -> dict[str, Any]:
        return {}

    # --- Permissions: drafters of the agency edit drafts; everything else is a step -------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(access.agency_ids_for(request.user, [Role.DRAFTER])) or access.is_superuser(
            request.user
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_view_permission(request)
        return obj.status == Status.DRAFT and access.can_act(
            request.user, obj.agency_id, Role.DRAFTER
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Published items are withdrawn, never deleted; a draft may be discarded.
        return (
            obj is not None
            and obj.status == Status.DRAFT
            and access.can_act(request.user, obj.agency_id, Role.DRAFTER)
        )

    # --- Pages ------------------------------------------------------------------------------

    @property
    def _model_name(self) -> str:
        """The item's name in templates (``document``, ``annualreport``)."""
        name = self.model._meta.model_name
        assert name is not None  # None only while Django builds the model class
        return name

    def _url_name(self, suffix: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_{suffix}"

    def change_url(self, obj: P) -> str:
        return reverse(f"admin:{self._url_name('change')}", args=[obj.pk])

    def workflow_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", wrap(self.preview_view), name=self._url_name("preview")),
            path(
                "<int:pk>/workflow/<str:action>/",
                wrap(self.workflow_view),
                name=self._url_name("workflow"),
            ),
        ]

    def get_urls(self) -> list[URLPattern]:
        return [*self.workflow_urls(), *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_readable_object(request, int(object_id))
        following = access.follows_only(request.user, obj.agency_id)
        context = {
            # A follower of the item's agency only reads: no step is offered to them.
            "workflow_actions": [] if following else workflow.available_actions(obj, request.user),
            "follows_only": following,
            "workflow_url_name": f"admin:{self._url_name('workflow')}",
            "preview_url": reverse(f"admin:{self._url_name('preview')}", args=[obj.pk]),
            **self.change_extra_context(request, obj),
            **(extra_context or {}),
        }
        if following and request.method == "GET":
            messages.info(
                request,
                _("%(agency)s is a sub-agency of yours: you follow its records, read only.")
                % {"agency": obj.agency},
            )
        if obj.status != Status.DRAFT or following:
            context.update(show_save=False, show_save_and_continue=False,
                           show_save_and_add_another=False, show_delete=False)  # fmt: skip
        return super().change_view(request, object_id, form_url, context)

    def workflow_context(self, request: HttpRequest, obj: P, **extra: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            self._model_name: obj,
            **extra,
        }

    def workflow_view(self, request: StaffRequest, pk: int, action: str) -> HttpResponse:
        if action not in workflow.TRANSITIONS:
            raise Http404
        obj = self.get_workflow_object(request, pk)
        if access.follows_only(request.user, obj.agency_id):
            raise Http404  # following is read only, whatever the admin fetched
        form_class = self.workflow_forms.get(action, workflow.TRANSITIONS[action].form_class)
        data = request.POST if request.method == "POST" else None
        form = form_class(data) if form_class else None
        change_url = self.change_url(obj)
        label = workflow.TRANSITIONS[action].label
        if request.method == "POST" and (form is None or form.is_valid()):
            cleaned = form.cleaned_data if form else {}
            try:
                self.perform_workflow(action, obj, request.user, cleaned)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("%(action)s: done.") % {"action": label})
                return HttpResponseRedirect(change_url)
        context = self.workflow_context(
            request,
            obj,
            title=f"{label} · {obj}",
            action=action,
            action_label=label,
            form=form,
            allowed=workflow.can_perform(obj, request.user, action),
            change_url=change_url,
            **self.workflow_extra_context(request, obj, action),
        )
        return TemplateResponse(request, self.workflow_template, context)

    def perform_workflow(self, action: str, obj: P, user: User, data: dict[str, Any]) -> None:
        """The move's service, from the transition table (or ``workflow_services``), with the
        form's data."""
        if action in self.workflow_services:
            import_string(self.workflow_services[action])(obj=obj, user=user, **data)
        else:
            workflow.TRANSITIONS.perform(action, obj, user, data)

    def preview_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """The public page as it will look, for any status (staff of the agency, and of the
        parent agencies following it)."""
        obj = self.get_readable_object(request, pk)
        context = {**self.preview_context(request, obj), "preview": True}
        return TemplateResponse(request, self.preview_template, context)


class DraftingAdminMixin(WorkflowAdminMixin[P]):
    """A ``WorkflowAdminMixin`` for content drafted in the back office of one agency.

    What every such admin needs, written once: the change form is a subclass made for the
    request that knows the user (``form.user``, for checks that depend on the user's agencies);
    the fields named in ``drafter_agency_fields`` offer only the agencies where the user drafts;
    saving goes through the app's drafting service, which the admin names in ``save_draft``
    (never ``obj.save()`` from the admin).
    """

    #: Foreign keys to ``Agency`` limited to the agencies where the user is a drafter.
    drafter_agency_fields: tuple[str, ...] = ("agency",)

    def save_draft(self, request: StaffRequest, obj: P, form: forms.ModelForm[P]) -> None:
        """Save through the app's drafting service (e.g. ``drafting.item_save``)."""
        raise NotImplementedError

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change, **kwargs)
        # A subclass of the form made for this request, which knows the user.
        return type(f"{form.__name__}ForUser", (form,), {"user": request.user})

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name in self.drafter_agency_fields:
            kwargs["queryset"] = access.agencies_for(request.user, [Role.DRAFTER])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: P, form: forms.ModelForm[P], change: bool
    ) -> None:
        assert isinstance(request.user, User)  # the admin lets only signed-in staff save
        self.save_draft(cast(StaffRequest, request), obj, form)


@admin.register(WordingRule)
class WordingRuleAdmin(admin.ModelAdmin):
    """The site's sensitive words and wrong forms, checked at every pre-publication screening
    (superusers, like the other site-wide vocabularies)."""

    list_display = ["wrong", "right", "kind", "is_active", "note"]
    list_filter = ["kind", "is_active"]
    search_fields = ["wrong", "right", "note"]
