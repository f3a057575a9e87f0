from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("sessions/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("sessions/<int:pk>/minutes/edit/", views.MinutesEditView.as_view(), name="minutes_edit"),
    path(
        "sessions/<int:pk>/minutes/deliveries/",
        views.DeliveriesView.as_view(),
        name="deliveries",
    ),
    path(
        "sessions/<int:pk>/minutes/v<int:number>.pdf",
        views.MinutesPdfView.as_view(),
        name="minutes_pdf",
    ),
    path("networks/<int:pk>/report.pdf", views.NetworkReportPdfView.as_view(), name="report_pdf"),
    path(
        "networks/<int:pk>/attendance.csv",
        views.AttendanceCsvView.as_view(),
        name="attendance_csv",
    ),
]
