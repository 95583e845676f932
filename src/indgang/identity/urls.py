from django.urls import path

from indgang.identity import views

app_name = "identity"
urlpatterns = [
    path("log-ind/", views.login_choice, name="login"),
    path("log-ind/test/", views.test_idp, name="test-idp"),
    path("log-ind/oidc/callback/", views.oidc_callback, name="oidc-callback"),
    path("log-ind/oidc/jwks.json", views.oidc_jwks, name="oidc-jwks"),
    path("log-ind/<slug:identifier>/start/", views.login_start, name="login-start"),
    path("log-af/", views.logout_view, name="logout"),
    path("log-af/afsluttet/", views.logged_out, name="logged-out"),
    path("medarbejder/log-ind/", views.staff_login, name="staff-login"),
    path("medarbejder/log-af/", views.staff_logout, name="staff-logout"),
    path("medarbejder/borgeropslag/", views.staff_citizen_lookup, name="staff-citizen-lookup"),
]
