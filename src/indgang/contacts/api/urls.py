from django.urls import path

from indgang.contacts.api import views

urlpatterns = [
    path("contacts/", views.ContactList.as_view(), name="api-contacts"),
    path("contacts/<int:pk>/", views.ContactDetail.as_view(), name="api-contact"),
]
