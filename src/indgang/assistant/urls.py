from django.urls import path

from indgang.assistant import views

app_name = "assistant"
urlpatterns = [
    path("spoerg/", views.ask, name="ask"),
    path("spoerg/ny/", views.restart, name="restart"),
    path("spoerg/hjalp-det/", views.feedback, name="feedback"),
    path("spoerg/til-en-medarbejder/", views.hand_off, name="hand-off"),
    path("spoerg/sendt/", views.handed_off, name="handed-off"),
    path("spoerg/andre-myndigheder/", views.referrals, name="referrals"),
    path("medarbejder/spoerg/", views.staff_figures, name="staff-figures"),
]
