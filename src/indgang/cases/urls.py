from django.urls import path

from indgang.cases import kle_map_views, views

app_name = "cases"
urlpatterns = [
    path("kontakt/skriv/", views.contact, name="contact"),
    path("kontakt/skriv/selvbetjening/", views.take_offer, name="take-offer"),
    path("kontakt/skriv/sendt/", views.contact_sent, name="contact-sent"),
    path("medarbejder/sager/", views.queue, name="queue"),
    path("medarbejder/sager/triage/", views.triage_queue, name="triage"),
    path("medarbejder/kle-kort/", kle_map_views.kle_map, name="kle-map"),
    path("medarbejder/sager/<str:reference>/", views.detail, name="detail"),
    path("medarbejder/sager/<str:reference>/status/", views.change_state, name="state"),
    path("medarbejder/sager/<str:reference>/tildel/", views.assign, name="assign"),
    path("medarbejder/sager/<str:reference>/notat/", views.add_note, name="note"),
    path("medarbejder/sager/<str:reference>/overfoer/", views.transfer, name="transfer"),
    path("medarbejder/sager/<str:reference>/fordel/", views.triage, name="route"),
    path("medarbejder/sager/<str:reference>/genkontakt/", views.recontact, name="recontact"),
]
