from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pages.accounts import app_views as connected_apps
from pages.accounts import sso_views
from pages.core.views import bench_floor, home, privacy
from pages.ops import views as ops

# The admin login goes through allauth, so its rate limits and verification apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Leernet"

urlpatterns = [
    path("", home, name="home"),
    path("privacy/", privacy, name="privacy"),
    # allauth's OpenID Connect views behind a guard: a provider that is down gets a page, not a 500.
    path("accounts/oidc/<str:provider_id>/login/", sso_views.provider_login),
    path("accounts/oidc/<str:provider_id>/login/callback/", sso_views.provider_callback),
    # allauth's SAML views, guarded the same way (IdP metadata down or unreadable).
    path("accounts/saml/<str:organization_slug>/login/", sso_views.saml_login),
    path("accounts/saml/<str:organization_slug>/acs/", sso_views.saml_acs),
    path("accounts/saml/<str:organization_slug>/acs/finish/", sso_views.saml_finish_acs),
    path("accounts/saml/<str:organization_slug>/sls/", sso_views.saml_sls),
    path("accounts/saml/<str:organization_slug>/metadata/", sso_views.saml_metadata),
    path("accounts/", include("allauth.urls")),
    path("me/", include("pages.accounts.urls")),
    path("networks/", include("pages.networks.urls")),
    path("", include("pages.sessions.urls")),
    path("", include("pages.evaluations.urls")),
    path("", include("pages.reports.urls")),
    path("admin/", admin.site.urls),
    # The API (issue 27) and the OAuth 2 / OpenID Connect provider behind its tokens:
    # /.well-known/openid-configuration, /identity/o/authorize, /identity/o/api/token…
    path("api/", include("api.urls")),
    # allauth's consent page, with a CSP that lets its form reach the app (pages/accounts).
    path("identity/o/authorize", connected_apps.authorize, name="oidc_authorize"),
    # … and its device confirmation page, which lists the scopes and records the second factor.
    path(
        "identity/o/device", connected_apps.device_authorization, name="oidc_device_authorization"
    ),
    path("", include("allauth.idp.urls")),
    # The operators' endpoints (docs/operations.md): liveness and readiness for load balancers.
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
]

# Prometheus metrics, only when a scraper's token is configured.
if settings.LEERNET_METRICS_TOKEN:
    urlpatterns.append(path("metrics", ops.metrics, name="metrics"))

# The floor `make bench` compares every page with (docs/performance.md); never in production.
if settings.LEERNET_BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", bench_floor, name="bench_floor"))
