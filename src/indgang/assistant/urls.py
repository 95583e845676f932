from django.urls import path

from indgang.assistant import live_views, views

app_name = "assistant"
urlpatterns = [
    path("spoerg/", views.ask, name="ask"),
    path("spoerg/ny/", views.restart, name="restart"),
    path("spoerg/hjalp-det/", views.feedback, name="feedback"),
    path("spoerg/til-en-medarbejder/", views.hand_off, name="hand-off"),
    path("spoerg/sendt/", views.handed_off, name="handed-off"),
    path("spoerg/andre-myndigheder/", views.referrals, name="referrals"),
    path("spoerg/chat/", live_views.chat, name="chat"),
    path("spoerg/chat/start/", live_views.start, name="chat-start"),
    path("spoerg/chat/nye/", live_views.chat_poll, name="chat-poll"),
    path("spoerg/chat/afslut/", live_views.end, name="chat-end"),
    path("medarbejder/spoerg/", views.staff_figures, name="staff-figures"),
    path("medarbejder/chat/", live_views.queue, name="staff-queue"),
    path("medarbejder/chat/tilstede/", live_views.presence, name="staff-presence"),
    path("medarbejder/chat/<uuid:conversation_id>/", live_views.staff_chat, name="staff-chat"),
    path("medarbejder/chat/<uuid:conversation_id>/tag/", live_views.take, name="staff-take"),
    path("medarbejder/chat/<uuid:conversation_id>/nye/", live_views.staff_poll, name="staff-poll"),
    path("medarbejder/chat/<uuid:conversation_id>/afslut/", live_views.staff_end, name="staff-end"),
]
