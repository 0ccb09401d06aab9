"""The staff request API (/api/v1/staff/): a handler's requests with their due dates, one
request, and the workflow moves. Token authentication only (tokens are created and revoked in
the admin, ``rest_framework.authtoken``); never anonymous.

Every read goes through ``requests_app.access`` (another agency's request is a 404) and every
move through the same ``requests_app.handling`` services as the admin, which check the role
and the status; their ValidationError and PermissionDenied become 400 and 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import OpenApiParameter, extend_schema

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from rest_framework import exceptions, generics, status
from rest_framework.authentication import BaseAuthentication, TokenAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from portal.throttling import UserRateThrottle
from requests_app import access, handling
from requests_app import serializers as shapes
from requests_app.models import InformationRequest, PersonalDataAccess, Status

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass

# The moves of the transition table that the API offers (those with a payload).
API_ACTIONS = [name for name, move in handling.TRANSITIONS.items() if move.payload]


class StaffAPIMixin:
    authentication_classes: Sequence[type[BaseAuthentication]] = [TokenAuthentication]
    permission_classes: Sequence[_PermissionClass] = [IsAuthenticated]
    throttle_classes: Sequence[type[BaseThrottle]] = [UserRateThrottle]


def staff_user(request: Request) -> User:
    """The user of a staff API request (``StaffAPIMixin``: authenticated by token)."""
    assert isinstance(request.user, User)  # IsAuthenticated lets no anonymous user through
    return request.user


class StaffPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class RequestListAPI(StaffAPIMixin, generics.ListAPIView[InformationRequest]):
    """The requests of the user's agencies, earliest due first; applicants' data masked."""

    serializer_class = shapes.RequestListSerializer
    pagination_class = StaffPagination
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("status", enum=Status.values, description="Request status"),
            OpenApiParameter("mine", bool, description="Only requests I handle"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[InformationRequest]:
        requests = access.request_queryset_for(self.request.user).select_related(
            "agency", "handler"
        )
        wanted = self.request.query_params.get("status", "")
        if wanted in Status.values:
            requests = requests.filter(status=wanted)
        if self.request.query_params.get("mine") in ("1", "true"):
            requests = requests.filter(handler=staff_user(self.request))
        return requests.order_by("due_date", "id")


def _get(request: Request, pk: int) -> InformationRequest:
    return access.get_request_for(request.user, pk)


class RequestDetailAPI(StaffAPIMixin, generics.RetrieveAPIView[InformationRequest]):
    """One request with its timeline; the applicant's data in full only for those who handle or
    supervise it (``access.can_see_personal_data``), and every such answer is logged."""

    serializer_class = shapes.RequestDetailSerializer

    def get_queryset(self) -> QuerySet[InformationRequest]:
        return access.request_queryset_for(self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = _get(request, self.kwargs["pk"])
        personal = access.can_see_personal_data(request.user, obj)
        if personal:
            access.personal_data_access_record(
                user=staff_user(request),
                info_request=obj,
                what=PersonalDataAccess.What.DETAILS,
                page=request.path,
            )
        context = {
            **self.get_serializer_context(),
            "personal_data": personal,
            "actions": handling.available_actions(obj, request.user),
        }
        obj = (
            InformationRequest.objects.select_related("agency", "handler")
            .prefetch_related("events__actor")
            .get(pk=obj.pk)
        )
        return Response(shapes.RequestDetailSerializer(obj, context=context).data)


class RequestTransitionAPI(StaffAPIMixin, APIView):
    """Perform one workflow move (``action``: a move of ``handling.TRANSITIONS``), with the
    same service as the back office."""

    @extend_schema(
        request=None,
        responses={200: shapes.TransitionResultSerializer},
        parameters=[OpenApiParameter("action", str, "path", enum=API_ACTIONS)],
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        if action not in API_ACTIONS:
            raise Http404
        obj = _get(request, pk)
        payload_class = handling.TRANSITIONS[action].payload_class
        assert payload_class is not None  # the moves in API_ACTIONS have one
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            updated = handling.TRANSITIONS.perform(
                action, obj, request.user, payload.validated_data
            )
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        except ValidationError as error:
            raise exceptions.ValidationError(error.messages) from error
        return Response(shapes.TransitionResultSerializer(updated).data, status=status.HTTP_200_OK)
