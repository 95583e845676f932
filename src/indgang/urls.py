from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("indgang.core.urls")),
    path("", include("indgang.workspace.urls")),
    path("", include("indgang.identity.urls")),
    path("", include("indgang.minside.urls")),
    path("", include("indgang.directory.urls")),
    path("", include("indgang.appointments.urls")),
    path("", include("indgang.notifications.urls")),
    path("", include("indgang.catalogue.urls")),
    path("", include("indgang.selfservice.urls")),
    path("", include("indgang.cases.urls")),
    path("", include("indgang.contacts.urls")),
    path("", include("indgang.insights.urls")),
    path("", include("indgang.messaging.urls")),
    path("", include("indgang.operations.urls")),
    path("", include("indgang.assistant.urls")),
    path("medarbejder/procesmining/", include("indgang.mining.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("indgang.registers.api.urls")),
    path("api/v1/", include("indgang.identity.api.urls")),
    path("api/v1/", include("indgang.directory.api.urls")),
    path("api/v1/", include("indgang.cases.api.urls")),
    path("api/v1/", include("indgang.contacts.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

handler400 = "indgang.core.views.bad_request"
handler403 = "indgang.core.views.permission_denied"
handler404 = "indgang.core.views.page_not_found"
handler500 = "indgang.core.views.server_error"
