from django.urls import path

from indgang.messaging import views

app_name = "messaging"
urlpatterns = [
    path("beskeder/", views.inbox, name="inbox"),
    path("beskeder/<uuid:thread_id>/", views.thread, name="thread"),
    path(
        "beskeder/<uuid:thread_id>/bilag/<uuid:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("medarbejder/sager/<str:reference>/beskeder/svar/", views.reply, name="reply"),
    path(
        "medarbejder/sager/<str:reference>/beskeder/bilag/<uuid:attachment_id>/",
        views.staff_attachment,
        name="staff-attachment",
    ),
    path(
        "medarbejder/sager/<str:reference>/beskeder/<uuid:message_id>/send-igen/",
        views.redeliver,
        name="redeliver",
    ),
]
