from django.urls import path

from indgang.workspace import case_views, editor_views, views

app_name = "workspace"
urlpatterns = [
    path("medarbejder/", views.home, name="home"),
    path("medarbejder/soeg/", case_views.search, name="case-search"),
    path("medarbejder/steder/", editor_views.places, name="places"),
    path("medarbejder/steder/rediger/<slug:slug>/", editor_views.place, name="place"),
    path(
        "medarbejder/steder/rediger/<slug:slug>/forhaandsvisning/",
        editor_views.place_preview,
        name="place-preview",
    ),
    path("medarbejder/ydelser/", editor_views.catalogue_list, name="catalogue"),
    path("medarbejder/ydelser/<slug:slug>/", editor_views.service, name="service"),
]
