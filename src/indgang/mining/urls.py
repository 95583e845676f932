from django.urls import path

from indgang.mining import views

app_name = "mining"
urlpatterns = [
    path("", views.log_list, name="list"),
    path("egne-sager/", views.own_cases, name="own-cases"),
    path("portefolje/", views.portfolio, name="portfolio"),
    path("portefolje/rapport/", views.report, name="report"),
    path("portefolje/rapport.pdf", views.report_pdf, name="report-pdf"),
    path("<uuid:pk>/", views.log_detail, name="detail"),
    path("<uuid:pk>/perspektiv/", views.log_perspective, name="perspective"),
    path("<uuid:pk>/regler/", views.rule_add, name="rule-add"),
    path("<uuid:pk>/regler/bpmn/", views.rule_bpmn, name="rule-bpmn"),
    path("<uuid:pk>/regler/<int:index>/slet/", views.rule_delete, name="rule-delete"),
    path("<uuid:pk>/borgerbyrde/", views.burden_patterns, name="burden-patterns"),
    path("<uuid:pk>/status/", views.log_status, name="status"),
    path("<uuid:pk>/eksport.<str:fmt>", views.log_export, name="export"),
    path("<uuid:pk>/slet/", views.log_delete, name="delete"),
]
