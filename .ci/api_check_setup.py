"""Data for the API schema check (.ci/api-check): a small demo — teams, staff,
a synthetic population, the directory, case topics, a case and a few contacts —
then prints shell assignments for a case system's token and a caseworker's
session cookie. Run with ``indgang shell < .ci/api_check_setup.py``."""

from django.contrib.sessions.backends.db import SessionStore

from indgang.cases import services as cases
from indgang.cases.routing import router
from indgang.contacts import services as contacts
from indgang.demo import services as demo
from indgang.identity import services as identity
from indgang.registers import queries as registers

demo.load_teams()
demo.load_population(seed=1, persons=200)
demo.load_directory_and_appointments()
router.load_reference_data()  # case topics, without training the classifier

cpr = registers.demo_personas(per_kind=1)[0][1].cpr
client, token = cases.create_case_system_client(name="API-check", administration_code="tmf")
case = cases.create_case(
    cpr=cpr, text="Storskrald er ikke hentet.", topic_slug="affald", citizen_name="Test"
)
for channel in ("phone", "in_person", "email"):
    contacts.record_contact(channel=channel, administration="tmf", source="api", case=case)

user = identity.create_staff_member(
    username="api-check",
    password=None,
    first_name="API",
    last_name="Check",
    administration_code="tmf",
    roles=["caseworker"],
    team_slug="affald",
)
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(f"TOKEN={token}")
print(f"SESSION={session.session_key}")
print(f"CASE={case.reference}")
