from django.urls import path

from indgang.registers.api import views

urlpatterns = [
    path("registers/addresses/", views.address_search, name="api-address-search"),
    path("registers/gp-clinics/", views.clinic_list, name="api-clinic-list"),
]
