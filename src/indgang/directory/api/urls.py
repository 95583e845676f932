from django.urls import path

from indgang.directory.api import views

urlpatterns = [
    path("directory/units/", views.UnitList.as_view(), name="api-directory-units"),
    path("directory/units/<slug:slug>/", views.UnitDetail.as_view(), name="api-directory-unit"),
]
