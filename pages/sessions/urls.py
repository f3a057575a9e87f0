from django.urls import path

from pages.sessions import views

app_name = "sessions"

urlpatterns = [
    # Per network
    path("networks/<int:pk>/sessions/", views.TimelineView.as_view(), name="timeline"),
    path("networks/<int:pk>/sessions/new/", views.SessionCreateView.as_view(), name="create"),
    path(
        "networks/<int:pk>/attendance/",
        views.AttendanceOverviewView.as_view(),
        name="attendance_overview",
    ),
    path(
        "networks/<int:pk>/attendance/<int:user_id>/contacted/",
        views.AbsenceFollowUpView.as_view(),
        name="absence_followup",
    ),
    path("networks/<int:pk>/questions/", views.PracticeQuestionsView.as_view(), name="questions"),
    path(
        "networks/<int:pk>/questions/<int:question_id>/schedule/",
        views.PracticeQuestionScheduleView.as_view(),
        name="question_schedule",
    ),
    path(
        "networks/<int:pk>/questions/<int:question_id>/discussed/",
        views.PracticeQuestionDiscussedView.as_view(),
        name="question_discussed",
    ),
    path(
        "networks/<int:pk>/announcements/",
        views.AnnouncementListView.as_view(),
        name="announcements",
    ),
    path(
        "networks/<int:pk>/announcements/new/",
        views.AnnouncementCreateView.as_view(),
        name="announcement_create",
    ),
    path(
        "networks/<int:pk>/workforms/new/",
        views.WorkFormCreateView.as_view(),
        name="workform_create",
    ),
    # Per session
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="detail"),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="update"),
    path("sessions/<int:pk>/cancel/", views.SessionCancelView.as_view(), name="cancel"),
    path("sessions/<int:pk>/calendar.ics", views.SessionIcsView.as_view(), name="ics"),
    path("sessions/<int:pk>/rsvp/", views.RsvpView.as_view(), name="rsvp"),
    path("sessions/<int:pk>/rsvp/answer/", views.RsvpAnswerView.as_view(), name="rsvp_answer"),
    path("sessions/<int:pk>/rsvp/<str:token>/", views.RsvpLinkView.as_view(), name="rsvp_link"),
    path("sessions/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path(
        "sessions/<int:pk>/attendance/held/",
        views.AttendanceHeldView.as_view(),
        name="attendance_held",
    ),
    path("sessions/<int:pk>/roles/", views.SessionRolesView.as_view(), name="roles"),
    path("sessions/<int:pk>/agenda/new/", views.AgendaItemFormView.as_view(), name="agenda_add"),
    path(
        "sessions/<int:pk>/agenda/kickoff/",
        views.KickoffAgendaView.as_view(),
        name="agenda_kickoff",
    ),
    path(
        "sessions/<int:pk>/agenda/<int:item_id>/edit/",
        views.AgendaItemFormView.as_view(),
        name="agenda_edit",
    ),
    path(
        "sessions/<int:pk>/agenda/<int:item_id>/delete/",
        views.AgendaItemDeleteView.as_view(),
        name="agenda_delete",
    ),
    path(
        "sessions/<int:pk>/agenda/<int:item_id>/move/",
        views.AgendaItemMoveView.as_view(),
        name="agenda_move",
    ),
    path("sessions/<int:pk>/speakers/new/", views.SpeakerCreateView.as_view(), name="speaker_add"),
    path(
        "sessions/<int:pk>/speakers/<int:speaker_id>/delete/",
        views.SpeakerDeleteView.as_view(),
        name="speaker_delete",
    ),
    path(
        "sessions/<int:pk>/speakers/<int:speaker_id>/email/",
        views.SpeakerEmailView.as_view(),
        name="speaker_email",
    ),
    # The speaker's signed link from the brief's email: public, the token is the permission.
    path(
        "speakers/<int:speaker_id>/confirm/<str:token>/",
        views.SpeakerConfirmView.as_view(),
        name="speaker_confirm",
    ),
    # Catalogue and calendar
    path("workforms/", views.WorkFormListView.as_view(), name="workforms"),
    path("workforms/<int:pk>/", views.WorkFormDetailView.as_view(), name="workform_detail"),
    path(
        "workforms/<int:pk>/add-to-agenda/",
        views.WorkFormAddToAgendaView.as_view(),
        name="workform_add_to_agenda",
    ),
    path("me/calendar/", views.CalendarSettingsView.as_view(), name="calendar_settings"),
    path(
        "me/calendar/create/", views.CalendarFeedCreateView.as_view(), name="calendar_feed_create"
    ),
    path("me/calendar/reset/", views.CalendarFeedResetView.as_view(), name="calendar_feed_reset"),
    path(
        "me/calendar/revoke/", views.CalendarFeedRevokeView.as_view(), name="calendar_feed_revoke"
    ),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
]
