from django.urls import path

from indgang.mining import views

app_name = "mining"
urlpatterns = [
    path("", views.log_list, name="list"),
    path("egne-sager/", views.own_cases, name="own-cases"),
    path("<uuid:pk>/", views.log_detail, name="detail"),
    path("<uuid:pk>/perspektiv/", views.log_perspective, name="perspective"),
    path("<uuid:pk>/status/", views.log_status, name="status"),
    path("<uuid:pk>/eksport.<str:fmt>", views.log_export, name="export"),
    path("<uuid:pk>/slet/", views.log_delete, name="delete"),
]
