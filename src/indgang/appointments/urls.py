from django.urls import path

from indgang.appointments import views

app_name = "appointments"
urlpatterns = [
    path("tider/", views.service_list, name="services"),
    path("tider/<int:pk>/", views.book, name="book"),
    path("tider/aftale/<str:token>/", views.manage, name="manage"),
    path("tider/aftale/<str:token>/aflys/", views.cancel, name="cancel"),
    path("tider/aftale/<str:token>/kalender.ics", views.calendar, name="calendar"),
    path("medarbejder/tider/", views.staff_index, name="staff"),
    path("medarbejder/tider/sms/", views.sms_outbox, name="sms-outbox"),
    path("medarbejder/tider/<slug:slug>/<str:day>/", views.day_view, name="day"),
    path("medarbejder/tider/aftale/<int:pk>/fremmoede/", views.attendance, name="attendance"),
]
