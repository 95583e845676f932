from django.urls import path

from indgang.minside import views

app_name = "minside"
urlpatterns = [
    path("min-side/", views.home, name="home"),
    path("min-side/handl-for/", views.act_for, name="act-for"),
    path("min-side/sager/<str:reference>/", views.case, name="case"),
    path("min-side/sager/<str:reference>/beskeder/", views.case_messages, name="case-messages"),
]
