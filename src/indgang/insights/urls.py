from django.urls import path

from indgang.insights import assistant, views

app_name = "insights"

urlpatterns = [
    path("medarbejder/indsigt/", views.overview, name="overview"),
    path("medarbejder/indsigt/tjenester/<slug:slug>/", views.service, name="service"),
    path(
        "medarbejder/indsigt/forvaltninger/<slug:code>/",
        views.administration,
        name="administration",
    ),
    path("medarbejder/indsigt/fejlbehov/", views.failure_demand, name="failure-demand"),
    path("medarbejder/indsigt/business-case/", views.business_case, name="business-case"),
    path("medarbejder/indsigt/spoerg-kommunen/", assistant.assistant_insight, name="assistant"),
    path("undersoegelse/<str:token>/", views.survey, name="survey"),
]
