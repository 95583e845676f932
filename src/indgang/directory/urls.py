from django.urls import path

from indgang.directory import views

app_name = "directory"
urlpatterns = [
    path("steder/", views.unit_list, name="units"),
    path("steder/<slug:slug>/", views.unit_detail, name="unit"),
    path("steder/<slug:slug>/vcard/", views.unit_vcard, name="vcard"),
    path("medarbejder/steder/ikke-bekraeftet/", views.stale_list, name="stale"),
]
