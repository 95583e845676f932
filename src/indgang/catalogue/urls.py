from django.urls import path

from indgang.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("ydelser/", views.service_index, name="index"),
    path("ydelser/<slug:slug>/", views.service_detail, name="service"),
    path("livssituationer/<slug:slug>/", views.life_situation, name="life-situation"),
]
