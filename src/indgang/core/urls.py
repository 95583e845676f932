from django.urls import path

from indgang.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility"),
    path("kontakt/", views.contact, name="contact"),
]
