"""Every label a citizen or member of staff reads is translated: the audit log
("who has looked at my data") and a case's history show no code, slug or
English internal text in Danish."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from indgang.appointments import queries as appointments  # registers its texts
from indgang.cases import queries as cases
from indgang.cases.constants import Activity, CaseChannel, CaseState
from indgang.cases.models import Case, CaseEvent
from indgang.core import audit
from indgang.core.constants import AuditAction
from indgang.core.models import Team
from indgang.identity.services import PERSON_FACTS
from indgang.selfservice import assisted
from indgang.selfservice import services as selfservice

pytestmark = pytest.mark.django_db

# A code (contact_form, step_completed), a service slug or step id, or English.
RAW = re.compile(
    r"\b[a-z]+_[a-z_]+\b|\b(laegeskift|koerekort|kontanthjaelp|aarsag|om-dig|medbetjening\)|"
    r"received|filled in|person register|case|appointment|contact|draft|consent)\b"
)

FIXED = [
    PERSON_FACTS,
    assisted.PURPOSE,
    audit.RETRY_PURPOSE,
    *cases.CASE_PARTS,
    "front desk",
    "front-desk day view",
    "appointment: name and time",
    "SMS outbox",
    "Reading the demo SMS gateway's outbox",
    "answering the citizen's own question",
]


def test_every_audit_text_reads_in_danish_without_codes():
    selfservice.import_built_in_definitions()
    assert len(audit.examples()) >= 6
    with translation.override("da"):
        for action in AuditAction:
            assert not RAW.search(str(action.label)), action
        for text in [*audit.examples(), *FIXED]:
            shown = audit.describe(text)
            assert shown != text, text
            assert not RAW.search(shown), (text, shown)
        assert audit.describe("sundhedskort: step_completed aarsag") == (
            "Bestil nyt sundhedskort: udfyldte et trin (Hvorfor skal du have et nyt kort?)"
        )
    with translation.override("en"):
        shown = audit.describe("sundhedskort: step_completed aarsag")
        assert shown == "Order a new health card: filled in a step (Why do you need a new card?)"


def test_every_case_history_line_reads_in_danish_without_codes(population):
    team = Team.objects.select_related("administration").first()
    assert team is not None
    ref = f"{team.administration_id}/{team.slug}"
    case = Case(reference="KK-2026-00001")
    events = [
        *(
            CaseEvent(case=case, activity=Activity.CREATED, to_state="received", detail=c)
            for c in CaseChannel.values
        ),
        *(
            CaseEvent(case=case, activity=a, detail=ref if a in ("routed", "triaged") else "")
            for a in Activity.values
        ),
        *(CaseEvent(case=case, activity=Activity.STATE, to_state=s) for s in CaseState.values),
        CaseEvent(
            case=case, activity=Activity.TRANSFERRED, detail=f"misroute {ref} → {ref} forkert"
        ),
    ]
    with translation.override("da"):
        for event in events:
            line = cases.event_text(event)
            assert not RAW.search(line), line
            assert ref not in line, line
        created = CaseEvent(
            case=case, activity=Activity.CREATED, to_state="received", detail="contact_form"
        )
        assert cases.event_text(created) == "Sag oprettet: Modtaget (Sikker kontaktformular)"


def test_every_self_service_and_bookable_service_is_in_the_catalogue_by_name(population):
    from indgang.appointments.demo import load_services
    from indgang.catalogue import queries as catalogue
    from indgang.catalogue.demo import load_catalogue

    load_catalogue()
    selfservice.import_built_in_definitions()
    load_services()
    catalogued = {s.slug: s.name for s in catalogue.services()}
    wanted = {entry.slug for entry in [*selfservice_named(), *appointments.named_services()]}
    assert wanted and wanted <= set(catalogued), wanted - set(catalogued)
    names = catalogue.service_names()
    for slug, name in names.items():
        assert name != slug or not re.search(r"ae|oe|aa|-", slug), (slug, name)
    assert names["koerekort"] == "Kørekort" and "jælp" in names["kontanthjaelp"]


def selfservice_named():
    from indgang.selfservice import queries

    return list(queries.named_services())
