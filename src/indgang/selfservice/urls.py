from django.urls import path

from indgang.selfservice import staff_views, views

app_name = "selfservice"

urlpatterns = [
    path("selvbetjening/", views.service_list, name="list"),
    path("medarbejder/medbetjening/", staff_views.assist_start, name="assist-start"),
    path(
        "medarbejder/medbetjening/<uuid:draft_id>/tjek/",
        staff_views.assist_check,
        name="assist-check",
    ),
    path(
        "medarbejder/medbetjening/<uuid:draft_id>/<slug:step_id>/",
        staff_views.assist_step,
        name="assist-step",
    ),
    path(
        "medarbejder/enkeltydelse/",
        staff_views.enkeltydelse_list,
        name="enkeltydelse-list",
    ),
    path(
        "medarbejder/enkeltydelse/<uuid:submission_id>/bilag/<uuid:file_id>/",
        staff_views.enkeltydelse_file,
        name="enkeltydelse-file",
    ),
    path(
        "selvbetjening/adresseforslag/",
        views.address_suggestions,
        name="address-suggestions",
    ),
    path("selvbetjening/<slug:slug>/", views.start, name="start"),
    path("selvbetjening/kladde/<uuid:draft_id>/", views.resume, name="resume"),
    path("selvbetjening/kladde/<uuid:draft_id>/slet/", views.discard, name="discard"),
    path("selvbetjening/kladde/<uuid:draft_id>/tjek/", views.check, name="check"),
    path("selvbetjening/kladde/<uuid:draft_id>/<slug:step_id>/", views.step, name="step"),
    path("selvbetjening/kvittering/<uuid:submission_id>/", views.receipt, name="receipt"),
    path(
        "selvbetjening/kvittering/<uuid:submission_id>/pdf/",
        views.receipt_pdf,
        name="receipt-pdf",
    ),
]
