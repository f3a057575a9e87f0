from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from core.views import home, privacy

# The admin login goes through allauth, so its rate limits and verification apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Leernet"

urlpatterns = [
    path("", home, name="home"),
    path("privacy/", privacy, name="privacy"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("networks/", include("networks.urls")),
    path("", include("sessions.urls")),
    path("", include("evaluations.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
