from django.urls import path

from indgang.contacts import views

app_name = "contacts"
urlpatterns = [
    path("medarbejder/henvendelser/", views.register, name="register"),
    path("medarbejder/henvendelser/registrer/", views.register_one, name="register-one"),
    path("medarbejder/henvendelser/mere/", views.register_more, name="register-more"),
    path("medarbejder/henvendelser/kanal/", views.choose_channel, name="channel"),
    path("medarbejder/henvendelser/fortryd/", views.undo_last, name="undo"),
    path("medarbejder/henvendelser/<int:pk>/genkontakt/", views.recontact, name="recontact"),
    path("medarbejder/henvendelser/<int:pk>/selvbetjening/", views.attempts, name="attempts"),
    path(
        "medarbejder/henvendelser/<int:pk>/selvbetjening/knyt/",
        views.link_attempt,
        name="link-attempt",
    ),
    path(
        "medarbejder/henvendelser/<int:pk>/selvbetjening/fortsaet/",
        views.continue_attempt,
        name="continue-attempt",
    ),
]
