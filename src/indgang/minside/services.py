"""Acting for others: a parent with custody switches to a child and back.

The switch is explicit (a button on "Min side"), visible on every page (the
header says who is acting for whom) and audited on the child's record, so
the child later sees it under "who has looked at my data".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from indgang.core import audit
from indgang.identity.citizen import CitizenIdentity, act_for_child, act_for_self
from indgang.registers import queries as registers
from indgang.registers.base import RelatedPerson


def children_to_act_for(citizen: CitizenIdentity) -> tuple[RelatedPerson, ...]:
    """Children under 18 in the logged-in parent's custody (none for a
    business login, and none while already acting for a child)."""
    if citizen.cvr or citizen.acting_for_child:
        return ()
    person = registers.person(citizen.cpr)
    return person.children_in_custody if person else ()


def switch_to_child(request: HttpRequest, citizen: CitizenIdentity, child_cpr: str) -> str:
    """Act for one of the parent's children from now on; returns the child's
    name. Refused unless the register shows custody of a child under 18."""
    child = next((c for c in children_to_act_for(citizen) if c.cpr == child_cpr), None)
    if child is None:
        raise PermissionDenied(_("You can only act for your own children under 18 in custody."))
    act_for_child(request, cpr=child.cpr, name=child.name)
    audit.parent_acted_for_child(
        citizen.name, child.cpr, _("%(parent)s began acting for you") % {"parent": citizen.name}
    )
    return child.name


def switch_to_self(request: HttpRequest, citizen: CitizenIdentity) -> None:
    if not citizen.acting_for_child:
        return
    act_for_self(request)
    audit.parent_acted_for_child(
        citizen.parent_name,
        citizen.cpr,
        _("%(parent)s stopped acting for you") % {"parent": citizen.parent_name},
    )
