"""The person behind the token, the public directory, and an organisation's participation."""

from rest_framework.response import Response

from accounts.oauth import audit_scope_use
from api import permissions
from api.base import ApiView
from api.doors import organisation_door
from api.schema import operation
from api.serializers import MeSerializer, ParticipationSerializer, PublicNetworkSerializer
from networks.selectors import network_directory
from reports.organisations import participation_report


def organisation_ref(organisation):
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": organisation.name}


class MeView(ApiView):
    """Who the token acts for."""

    scopes = {"GET": "profile"}
    serializer_class = MeSerializer

    @operation(MeSerializer, summary="The person the token acts for")
    def get(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "full_name": user.full_name,
            "language": user.language,
            "organisation": organisation_ref(user.organisation),
        }
        if "email" in request.auth.get_scopes():
            data["email"] = user.email
        return Response(MeSerializer(data).data)


class DirectoryView(ApiView):
    """The public directory: open, external, listed networks (as /networks/directory/), no
    login needed. Names only their facilitators, as the public page does."""

    acts_for = permissions.ANYONE
    authentication_classes = []
    serializer_class = PublicNetworkSerializer

    def get_queryset(self):
        from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415 (lazy)

        return network_directory(user=AnonymousUser())

    @operation(
        PublicNetworkSerializer(many=True), summary="Open networks anyone may join", public=True
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        rows = [
            {
                **{
                    field: getattr(network, field)
                    for field in (
                        "id",
                        "name",
                        "theme",
                        "goal",
                        "participant_role",
                        "meeting_format",
                        "province",
                        "start_date",
                        "end_date",
                        "member_cap",
                        "member_count",
                        "language",
                    )
                },
                "organisation": organisation_ref(network.organisation),
                "facilitators": [m.user.full_name for m in network.facilitator_memberships],
            }
            for network in page
        ]
        return self.get_paginated_response(PublicNetworkSerializer(rows, many=True).data)


class ParticipationView(ApiView):
    """An organisation's participation report (as its coordinators' page and CSV): only the
    people who allowed it are named. For its coordinators and its own integrations; every
    call is written to the audit log."""

    acts_for = permissions.EITHER
    scopes = {"GET": "participation:read"}
    serializer_class = ParticipationSerializer
    pagination_class = None

    @operation(ParticipationSerializer, summary="Participation of an organisation's people")
    def get(self, request, pk: int):
        organisation = organisation_door(request, pk)
        report = participation_report(organisation=organisation)
        audit_scope_use(
            actor=request.user,
            client_id=request.auth.client_id,
            scope="participation:read",
            detail=f"organisation {organisation.pk}",
        )
        data = {
            "organisation": organisation_ref(organisation),
            "rows": [
                {
                    "person_id": row.person.pk,
                    "full_name": row.person.full_name,
                    "network_id": row.network.pk,
                    "network": row.network.name,
                    "sessions_attended": row.sessions,
                    "sessions_held": row.held,
                    "hours": row.hours,
                }
                for row in report["rows"]
            ],
            "others": report["others"],
            "threshold": report["threshold"],
        }
        return Response(ParticipationSerializer(data).data)
