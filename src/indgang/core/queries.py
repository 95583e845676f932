from django.db.models import QuerySet

from indgang.core.models import Administration, AuditEntry, Team
from indgang.core.pseudonym import citizen_key


def audit_entries_for_citizen(cpr: str) -> QuerySet[AuditEntry]:
    """What staff have done with this citizen's data, newest first."""
    return AuditEntry.objects.filter(citizen_key=citizen_key(cpr))


def administrations() -> QuerySet[Administration]:
    return Administration.objects.all()


def teams(administration_code: str | None = None) -> QuerySet[Team]:
    qs = Team.objects.select_related("administration")
    if administration_code:
        qs = qs.filter(administration_id=administration_code)
    return qs
