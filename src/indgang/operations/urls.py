from django.urls import path

from indgang.operations import views

app_name = "operations"
urlpatterns = [
    path("medarbejder/drift/", views.overview, name="overview"),
    path("medarbejder/drift/opgaver/<uuid:task_id>/proev-igen/", views.retry, name="retry"),
]
