import pytest
from django.db import DatabaseError, connection, transaction

from indgang.core import audit
from indgang.core.models import AuditEntry, AuditLogIsAppendOnly
from indgang.core.pseudonym import citizen_key
from indgang.core.queries import audit_entries_for_citizen


@pytest.fixture
def entry(caseworker_tmf, parent_cpr):
    return audit.citizen_data_viewed(caseworker_tmf, parent_cpr, "person register", "case 17")


def test_it_stores_a_pseudonym_not_the_cpr_number(entry, parent_cpr):
    assert entry.citizen_key == citizen_key(parent_cpr)
    assert parent_cpr not in entry.citizen_key
    assert entry.actor_name == "Tove Testesen"
    assert entry.actor_administration == "tmf"


def test_it_lists_entries_for_the_citizen_only(entry, caseworker_tmf, parent_cpr, other_cpr):
    audit.citizen_data_viewed(caseworker_tmf, other_cpr, "person register", "case 18")
    entries = list(audit_entries_for_citizen(parent_cpr))
    assert entries == [entry]


def test_the_application_cannot_change_an_entry(entry):
    entry.purpose = "something else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="x")


def test_the_application_cannot_delete_an_entry(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database-level enforcement is PostgreSQL's"
)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET purpose = 'tampered' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ],
)
def test_postgresql_refuses_raw_changes_to_the_audit_log(entry, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    entry_after = AuditEntry.objects.get(pk=entry.pk)
    assert entry_after.purpose == "case 17"
