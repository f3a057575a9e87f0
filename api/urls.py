"""/api/v1/: the API (docs/api.md). Any other path under /api/ answers a JSON 404."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api.errors import json_not_found
from api.views import networks, people, results

app_name = "api"

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/me", people.MeView.as_view(), name="me"),
    path("v1/directory", people.DirectoryView.as_view(), name="directory"),
    path("v1/networks", networks.NetworkListView.as_view(), name="networks"),
    path("v1/networks/<int:pk>", networks.NetworkDetailView.as_view(), name="network"),
    path("v1/networks/<int:pk>/members", networks.MemberListView.as_view(), name="members"),
    path(
        "v1/networks/<int:pk>/sessions",
        networks.NetworkSessionListView.as_view(),
        name="network_sessions",
    ),
    path(
        "v1/networks/<int:pk>/evaluations",
        results.QuestionnaireListView.as_view(),
        name="evaluations",
    ),
    path("v1/sessions/<int:pk>", networks.SessionDetailView.as_view(), name="session"),
    path("v1/sessions/<int:pk>/rsvp", networks.RsvpView.as_view(), name="rsvp"),
    path("v1/sessions/<int:pk>/attendance", networks.AttendanceView.as_view(), name="attendance"),
    path("v1/sessions/<int:pk>/minutes", networks.MinutesView.as_view(), name="minutes"),
    path("v1/evaluations/<int:pk>/results", results.ResultsView.as_view(), name="results"),
    path(
        "v1/organisations/<int:pk>/participation",
        people.ParticipationView.as_view(),
        name="participation",
    ),
    re_path(r"^.*$", json_not_found, name="not_found"),
]
