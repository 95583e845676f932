"""Service definitions are versioned data, imported and exported as JSON."""

import io
import json

import pytest
from django.core.management import call_command

from indgang.selfservice import queries, services
from indgang.selfservice.models import ServiceDefinition

pytestmark = pytest.mark.django_db


def laegeskift_json() -> dict:
    definition = queries.current_definition("laegeskift")
    assert definition is not None
    return services.export_definition(definition)


def test_importing_the_same_definition_twice_keeps_one_version(definitions):
    data = laegeskift_json()
    definition, created = services.import_definition(data)
    assert not created
    assert definition.version == 1


def test_a_changed_definition_becomes_a_new_version_and_old_drafts_keep_theirs(
    definitions, parent_cpr
):
    old = queries.current_definition("laegeskift")
    draft = services.start_draft(old, cpr=parent_cpr)
    data = laegeskift_json()
    data["title"]["da"] = "Skift din læge"
    new, created = services.import_definition(data)
    assert created and new.version == 2
    assert queries.current_definition("laegeskift") == new
    draft.refresh_from_db()
    assert draft.definition.version == 1


def test_a_broken_definition_is_refused_with_plain_reasons(db):
    bad = {
        "slug": "x",
        "title": {"da": "X"},
        "steps": [
            {
                "id": "a",
                "title": {"da": "A"},
                "fields": [
                    {"name": "n", "type": "colour"},
                    {"name": "m", "type": "text", "rules": [{"rule": "check", "function": "nope"}]},
                ],
            }
        ],
    }
    with pytest.raises(services.DefinitionError) as error:
        services.import_definition(bad)
    assert "unknown type 'colour'" in str(error.value)
    assert "unknown check 'nope'" in str(error.value)
    assert not ServiceDefinition.objects.filter(slug="x").exists()


def test_the_command_exports_and_imports_json(definitions, tmp_path):
    out = io.StringIO()
    call_command("selfservice", "export", "laegeskift", stdout=out)
    data = json.loads(out.getvalue())
    assert data["version"] == 1
    assert [s["id"] for s in data["steps"]][:3] == ["om-dig", "sygesikring", "laege"]

    data["intro"]["en"] = "Changed."
    path = tmp_path / "laegeskift.json"
    path.write_text(json.dumps(data))
    out = io.StringIO()
    call_command("selfservice", "import", str(path), stdout=out)
    assert "laegeskift v2: new version" in out.getvalue()


def test_a_broken_built_in_definition_fails_the_system_check(tmp_path, monkeypatch):
    from indgang.selfservice import checks

    (tmp_path / "broken.json").write_text('{"slug": "x", "title": {"da": "X"}, "steps": []}')
    monkeypatch.setattr(checks, "DEFINITIONS", tmp_path)
    errors = checks.check_built_in_definitions()
    assert [e.id for e in errors] == ["selfservice.E001"]
    assert "'steps' must be a non-empty list" in errors[0].msg


def test_an_editor_adds_a_new_version_in_the_admin_and_a_broken_one_is_refused(definitions):
    from django.contrib.auth.models import User
    from django.test import Client

    admin_user = User.objects.create_superuser("redaktoer_test", password="x" * 20)
    client = Client()
    client.force_login(admin_user)
    data = laegeskift_json()
    data.pop("version")
    body = dict(data)
    body.pop("slug")
    url = "/admin/selfservice/servicedefinition/add/"
    response = client.post(
        url, {"slug": "laegeskift", "definition": json.dumps(body), "active": "on"}
    )
    assert response.status_code == 302
    assert queries.current_definition("laegeskift").version == 2

    body["steps"][0]["fields"][0]["type"] = "colour"
    response = client.post(
        url, {"slug": "laegeskift", "definition": json.dumps(body), "active": "on"}
    )
    assert response.status_code == 200
    assert "unknown type" in response.content.decode()
    assert queries.current_definition("laegeskift").version == 2
