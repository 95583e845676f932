from django.urls import path

from indgang.identity.api import views

urlpatterns = [
    # Under registers/ as before: it answers with register data.
    path("registers/persons/lookup/", views.person_lookup, name="api-person-lookup"),
]
