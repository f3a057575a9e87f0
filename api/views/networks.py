"""Networks, their members, sessions (with agenda, RSVP, attendance) and published minutes: the
same selectors, services and rules as the pages, behind the API's doors (api/doors.py)."""

from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.oauth import audit_scope_use
from api.base import ApiView, Conflict
from api.doors import network_door, session_door
from api.schema import operation
from api.serializers import (
    AttendanceSerializer,
    MemberSerializer,
    MinutesVersionSerializer,
    NetworkSerializer,
    RsvpInSerializer,
    RsvpSerializer,
    SessionDetailSerializer,
    SessionSerializer,
)
from api.views.people import organisation_ref
from minutes import links as minutes_links
from minutes import rules as minutes_rules
from minutes import selectors as minutes_selectors
from networks.enums import MembershipStatus
from networks.models import Network
from networks.selectors import member_list, viewer_memberships
from sessions import selectors as session_selectors
from sessions.services import RsvpChangedError, rsvp_set

SESSION_FIELDS = (
    "id",
    "network_id",
    "number",
    "title",
    "status",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
)


def network_data(network, role):
    return {
        **{
            field: getattr(network, field)
            for field in (
                "id",
                "name",
                "theme",
                "status",
                "scope",
                "start_date",
                "end_date",
                "member_cap",
                "member_count",
                "language",
            )
        },
        "organisation": organisation_ref(network.organisation),
        "your_role": role,
    }


def session_data(session):
    return {field: getattr(session, field) for field in SESSION_FIELDS}


class NetworkListView(ApiView):
    """The networks the person takes part in (active member or facilitator)."""

    scopes = {"GET": "networks:read"}
    serializer_class = NetworkSerializer

    def get_queryset(self):
        active = [
            network_id
            for network_id, membership in viewer_memberships(user=self.request.user).items()
            if membership.status == MembershipStatus.ACTIVE
        ]
        return Network.objects.filter(pk__in=active).select_related("organisation")

    @operation(NetworkSerializer(many=True), summary="Your networks")
    def get(self, request):
        memberships = viewer_memberships(user=request.user)
        page = self.paginate_queryset(self.get_queryset())
        rows = [network_data(n, memberships[n.pk].role) for n in page]
        return self.get_paginated_response(NetworkSerializer(rows, many=True).data)


class NetworkDetailView(ApiView):
    scopes = {"GET": "networks:read"}
    serializer_class = NetworkSerializer

    @operation(NetworkSerializer, summary="One of your networks")
    def get(self, request, pk: int):
        network = network_door(request, pk)
        return Response(NetworkSerializer(network_data(network, network.viewer_role)).data)


class MemberListView(ApiView):
    """A network's active facilitators and members, for its facilitators (as the members
    page). Email addresses only with ``members:contact``. Every call is audited."""

    scopes = {"GET": "members:read"}
    serializer_class = MemberSerializer
    pagination_class = None

    @operation(MemberSerializer(many=True), summary="Members of a network you facilitate")
    def get(self, request, pk: int):
        network = network_door(request, pk, "networks.manage_network")
        contact = "members:contact" in request.auth.get_scopes()
        rows = []
        for membership in member_list(network=network):
            row = {
                "user_id": membership.user_id,
                "full_name": membership.user.full_name,
                "role": membership.role,
                "organisation": organisation_ref(membership.organisation),
                "joined_at": membership.joined_at,
            }
            if contact:
                row["email"] = membership.user.email
            rows.append(row)
        audit_scope_use(
            actor=request.user,
            client_id=request.auth.client_id,
            scope="members:contact" if contact else "members:read",
            network=network,
        )
        return Response(MemberSerializer(rows, many=True).data)


class NetworkSessionListView(ApiView):
    scopes = {"GET": "sessions:read"}
    serializer_class = SessionSerializer

    @operation(SessionSerializer(many=True), summary="Sessions of one of your networks")
    def get(self, request, pk: int):
        network = network_door(request, pk)
        page = self.paginate_queryset(network.sessions.all())
        rows = [session_data(s) for s in page]
        return self.get_paginated_response(SessionSerializer(rows, many=True).data)


class SessionDetailView(ApiView):
    scopes = {"GET": "sessions:read"}
    serializer_class = SessionDetailSerializer

    @operation(SessionDetailSerializer, summary="A session with its agenda")
    def get(self, request, pk: int):
        session = session_door(request, pk)
        detail = session_selectors.session_detail(session=session, user=request.user)
        data = {
            **session_data(session),
            "description": session.description,
            "agenda": [
                {
                    "position": item.position,
                    "title": item.title,
                    "duration_minutes": item.duration_minutes,
                    "work_form": item.work_form.name if item.work_form else None,
                }
                for item in detail["agenda"]
            ],
            "rsvp_open": session.rsvp_open,
            "your_rsvp": detail["my_rsvp"].answer if detail["my_rsvp"] else None,
        }
        return Response(SessionDetailSerializer(data).data)


def rsvp_data(rsvp):
    return RsvpSerializer(
        {
            "session_id": rsvp.session_id,
            "answer": rsvp.answer,
            "version": rsvp.version,
            "updated_at": rsvp.updated_at,
        }
    ).data


class RsvpView(ApiView):
    """Your answer for a session, through the same service as the page
    (``sessions.services.rsvp_set``): only the answer (an apology or a contribution for the
    group is written on the page)."""

    scopes = {"PUT": "rsvp:write"}
    serializer_class = RsvpInSerializer

    @operation(
        RsvpSerializer, summary="Say whether you come", writes=True, request=RsvpInSerializer
    )
    def put(self, request, pk: int):
        session = session_door(request, pk, "sessions.rsvp")
        incoming = RsvpInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)

        def create():
            try:
                rsvp = rsvp_set(
                    session=session,
                    data={"answer": incoming.validated_data["answer"]},
                    acting_user=request.user,
                    seen_version=incoming.validated_data.get("version"),
                )
            except RsvpChangedError as error:
                raise Conflict(error.message, code="changed") from error
            return status.HTTP_200_OK, rsvp_data(rsvp)

        return self.run_once(request, create)


class AttendanceView(ApiView):
    """Who attended a session, for its network's facilitators (as the attendance page)."""

    scopes = {"GET": "attendance:read"}
    serializer_class = AttendanceSerializer
    pagination_class = None

    @operation(AttendanceSerializer(many=True), summary="Attendance of a session you facilitate")
    def get(self, request, pk: int):
        session = session_door(request, pk, "sessions.manage_session")
        users = session_selectors.active_members(
            network=session.network, include_facilitators=True, attendance_at=session
        )
        rows = [
            {"user_id": u.pk, "full_name": u.full_name, "status": u.attendance_status}
            for u in users
        ]
        return Response(AttendanceSerializer(rows, many=True).data)


class MinutesView(ApiView):
    """A session's published minutes, newest version first, with the link to each PDF (the
    page's own link: it asks for the person's sign-in, as it does from the email)."""

    scopes = {"GET": "minutes:read"}
    serializer_class = MinutesVersionSerializer
    pagination_class = None

    @operation(MinutesVersionSerializer(many=True), summary="Published minutes of a session")
    def get(self, request, pk: int):
        session = session_door(request, pk)
        if not minutes_rules.has_perm(request.user, "reports.read_minutes", session):
            raise NotFound
        rows = [
            {
                "number": version.number,
                "published_at": version.published_at,
                "pdf_url": request.build_absolute_uri(
                    minutes_links.minutes_pdf_path(session_id=session.pk, number=version.number)
                ),
            }
            for version in minutes_selectors.versions(session=session)
        ]
        return Response(MinutesVersionSerializer(rows, many=True).data)
