from django.urls import path

from indgang.cases.api import views

urlpatterns = [
    path("cases/<str:reference>/", views.case_detail, name="api-case-detail"),
    path("cases/<str:reference>/status/", views.case_status, name="api-case-status"),
]
