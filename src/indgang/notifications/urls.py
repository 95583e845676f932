from django.urls import path

from indgang.notifications import views

app_name = "notifications"
urlpatterns = [
    path("min-side/notifikationer/", views.contact_details, name="contact-details"),
    path("medarbejder/sms-udbakke/", views.sms_outbox, name="sms-outbox"),
    path("api/v1/notifications/sms-status/", views.sms_status, name="sms-status"),
]
