"""The re-contact rule, written once.

A contact is a re-contact when the same citizen contacted the municipality
about the same matter (``catalogue.vocabulary.service_family``), on any
channel, within ``RECONTACT_DAYS`` before it. It is linked to the latest
such contact, and to the citizen's latest case on that matter in the same
window. Anonymous contacts are never linked.

Two versions of the same rule: ``link`` for one contact as it is recorded,
and ``link_frame`` for many at once (the CSV import and the demo
generator). ``tests/test_recontact.py`` checks they give the same links.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q

from indgang.cases import queries as cases
from indgang.catalogue import vocabulary
from indgang.contacts.constants import RecontactStatus
from indgang.contacts.models import Contact

if TYPE_CHECKING:
    import polars as pl

    from indgang.cases.models import Case


def window() -> dt.timedelta:
    """How far back a contact looks for the one it repeats (``RECONTACT_DAYS``)."""
    return dt.timedelta(days=settings.RECONTACT_DAYS)


# The row version ----------------------------------------------------------------


def earlier_contact(contact: Contact) -> Contact | None:
    """The latest contact, on any channel, within the window before this one,
    by the same citizen about the same matter or about the same case."""
    match = Q()
    if contact.case_id:
        match |= Q(case_id=contact.case_id)
    if contact.citizen_key and contact.service:
        family = vocabulary.service_family(contact.service)
        match |= Q(citizen_key=contact.citizen_key, service__in=family)
    if not match:
        return None
    return (
        Contact.objects.filter(
            match,
            started_at__gte=contact.started_at - window(),
            started_at__lte=contact.started_at,
        )
        .exclude(pk=contact.pk)
        .order_by("-started_at", "-id")
        .first()
    )


def earlier_case(contact: Contact) -> Case | None:
    """The citizen's latest case on the contact's matter within the window
    before it, other than the contact's own case."""
    if not (contact.citizen_key and contact.service):
        return None
    return (
        cases.cases_of_citizen(contact.citizen_key)
        .filter(
            topic__slug__in=vocabulary.service_family(contact.service),
            created_at__gte=contact.started_at - window(),
            created_at__lte=contact.started_at,
        )
        .exclude(pk=contact.case_id or 0)
        .first()
    )


def link(contact: Contact) -> None:
    """Set ``earlier_contact`` and ``earlier_case`` on an unsaved or saved
    contact, and mark the link as suggested."""
    found = earlier_contact(contact)
    if found is not None:
        contact.earlier_contact = found
    case = earlier_case(contact)
    if case is not None:
        contact.earlier_case = case
    if contact.earlier_contact_id or contact.earlier_case_id:
        contact.recontact_status = RecontactStatus.SUGGESTED


# The data-frame version ----------------------------------------------------------

FRAME_COLUMNS = ["id", "citizen_key", "service", "started_at"]


def link_frame(rows: pl.DataFrame, earlier: pl.DataFrame | None = None) -> pl.DataFrame:
    """``rows`` with ``earlier_contact_id`` and ``recontact_status`` set by the
    rule: each row's citizen's latest earlier contact about the same matter
    within the window, among ``rows`` and the stored contacts in ``earlier``
    (both need ``FRAME_COLUMNS``; ``started_at`` a UTC datetime)."""
    # why: Polars is for bulk imports; every command and web process loads this module
    import polars as pl

    both = pl.concat(
        [
            *(
                [earlier.select(FRAME_COLUMNS).with_columns(new=pl.lit(False))]
                if earlier is not None
                else []
            ),
            rows.select(FRAME_COLUMNS).with_columns(new=pl.lit(True)),
        ]
    )
    ordered = (
        both.filter((pl.col("citizen_key") != "") & (pl.col("service") != ""))
        .with_columns(topic=pl.col("service").replace(vocabulary.SERVICE_TOPICS))
        .sort(["citizen_key", "topic", "started_at", "id"])
    )
    same = (pl.col("citizen_key") == pl.col("citizen_key").shift(1)) & (
        pl.col("topic") == pl.col("topic").shift(1)
    )
    links = ordered.with_columns(
        earlier_contact_id=pl.when(
            same & (pl.col("started_at") - pl.col("started_at").shift(1) <= window())
        ).then(pl.col("id").shift(1))
    ).filter(pl.col("new") & pl.col("earlier_contact_id").is_not_null())
    return rows.join(links.select("id", "earlier_contact_id"), on="id", how="left").with_columns(
        recontact_status=pl.when(pl.col("earlier_contact_id").is_not_null())
        .then(pl.lit(RecontactStatus.SUGGESTED.value))
        .otherwise(pl.lit(""))
    )
