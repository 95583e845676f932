"""`indgang contacts import`: mapping, values, errors per row, all or nothing,
idempotency and re-contact linking across channels."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from indgang.contacts import services
from indgang.contacts.constants import Channel, Outcome, Reason, Source
from indgang.contacts.models import Contact
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

HEADER = "Opkald;Tidspunkt;Kanal;Kø;Varighed;CPR;Udfald;Årsag\n"
MAP = [
    "--map", "row_id=Opkald",
    "--map", "started_at=Tidspunkt",
    "--map", "channel=Kanal",
    "--map", "service=Kø",
    "--map", "duration_s=Varighed",
    "--map", "cpr=CPR",
    "--map", "outcome=Udfald",
    "--map", "reason=Årsag",
    "--delimiter", ";",
    "--date-format", "%d-%m-%Y %H:%M",
    "--source-name", "telefoni",
]  # fmt: skip


def write(tmp_path: Path, body: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("contacts", "import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(path: Path, *args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("contacts", "import", str(path), *args, stdout=StringIO(), stderr=err)
    return err.getvalue() + str(raised.value)


def test_a_telephony_export_is_imported_through_the_mapping(
    tmp_path: Path, parent_cpr: str, topics: None
) -> None:
    cpr = f"{parent_cpr[:6]}-{parent_cpr[6:]}"
    path = write(
        tmp_path,
        f"A1;02-03-2026 09:15;Telefon;laegeskift;07:45;{cpr};Løst;Rykker\n"
        "A2;02-03-2026 10:00;personligt fremmøde;pas;300;;Viderestillet;\n"
        "A3;03-03-2026 11:30;E-mail;affald;;;;\n",
    )
    out, _err = run(path, *MAP)
    assert "3" in out
    first, second, third = Contact.objects.order_by("started_at")
    assert (first.channel, second.channel, third.channel) == (
        Channel.PHONE,
        Channel.IN_PERSON,
        Channel.EMAIL,
    )
    assert first.duration_s == 465 and second.duration_s == 300 and third.duration_s is None
    assert first.outcome == Outcome.RESOLVED and second.outcome == Outcome.FORWARDED
    assert third.outcome == Outcome.RESOLVED  # an empty outcome reads as resolved
    assert first.reason == Reason.CHASING
    assert first.citizen_key == citizen_key(parent_cpr) and second.citizen_key == ""
    assert first.started_at == dt.datetime(2026, 3, 2, 8, 15, tzinfo=dt.UTC)  # local time
    assert first.source == Source.IMPORT and first.source_ref == "telefoni:A1"
    stored = [str(v) for row in Contact.objects.values() for v in row.values()]
    assert not any(parent_cpr in value for value in stored)


def test_a_mapping_file_maps_columns_and_values(tmp_path: Path, catalogue: None) -> None:
    path = tmp_path / "tel.csv"
    path.write_text("Start,Queue\n2026-03-02 09:00,Lægeskift og sundhedskort\n", encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {"started_at": "Start", "service": "Queue"},
                "values": {"service": {"Lægeskift og sundhedskort": "laegeskift"}},
                "channel": "phone",
            }
        ),
        encoding="utf-8",
    )
    run(path, "--mapping", str(mapping))
    contact = Contact.objects.get()
    assert contact.service == "laegeskift" and contact.channel == Channel.PHONE
    assert contact.administration_id == "kff"  # the service's owners


def test_importing_the_same_file_twice_adds_nothing(tmp_path: Path, population: object) -> None:
    body = "A1;02-03-2026 09:15;Telefon;pas;60;;;\nA2;02-03-2026 09:20;Telefon;pas;60;;;\n"
    path = write(tmp_path, body)
    run(path, *MAP)
    out, _err = run(path, *MAP)
    assert Contact.objects.count() == 2
    assert "0" in out
    # Without a row id column, a hash of the row identifies it.
    no_id = [arg for arg in MAP if arg != "row_id=Opkald"]
    no_id.remove("--map")
    run(path, *no_id)
    run(path, *no_id)
    assert Contact.objects.count() == 4


def test_bad_rows_are_named_and_nothing_is_imported(tmp_path: Path, population: object) -> None:
    path = write(
        tmp_path,
        "A1;02-03-2026 09:15;Telefon;pas;60;;;\n"
        "A2;31-02-2026 09:15;Telefon;pas;60;;;\n"
        "A3;02-03-2026 09:15;Fax;pas;60;;;\n"
        "A4;02-03-2026 09:15;Telefon;pas;lang;12345;;\n",
    )
    message = fails(path, *MAP)
    assert Contact.objects.count() == 0
    assert "Linje 3, kolonne “Tidspunkt”: “31-02-2026 09:15” er ikke et tidspunkt" in message
    assert "Linje 4, kolonne “Kanal”: “Fax” er ikke en kendt kanal" in message
    assert "Linje 5, kolonne “Varighed”: “lang”" in message
    assert "Linje 5, kolonne “CPR”: “12345”" in message
    assert "intet blev importeret" in message


def test_errors_are_in_english_with_language_en(
    tmp_path: Path, population: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    path = write(tmp_path, "A1;2026-03-02;Telefon;pas;60;;;\n")
    message = fails(path, *MAP)
    assert "Line 2, column “Tidspunkt”: “2026-03-02” is not a date and time" in message
    assert "nothing was imported" in message


def test_a_missing_column_is_named(tmp_path: Path, population: object) -> None:
    path = tmp_path / "short.csv"
    path.write_text("Opkald;Tidspunkt\nA1;02-03-2026 09:15\n", encoding="utf-8")
    message = fails(path, *MAP)
    assert "Kolonne “Kanal”" in message and "mangler" in message
    assert Contact.objects.count() == 0


def test_imported_contacts_link_to_earlier_contacts_on_any_channel(
    tmp_path: Path, parent_cpr: str
) -> None:
    earlier = services.record_contact(
        channel=Channel.SELFSERVICE,
        service="sundhedskort",
        cpr=parent_cpr,
        started_at=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC),
        source=Source.AUTOMATIC,
    )
    path = write(
        tmp_path,
        f"A1;02-03-2026 09:15;Telefon;laegeskift;60;{parent_cpr};;\n"
        f"A2;05-03-2026 09:15;personligt fremmøde;laegeskift;60;{parent_cpr};;\n"
        f"A3;05-04-2026 09:15;Telefon;laegeskift;60;{parent_cpr};;\n",
    )
    run(path, *MAP)
    call = Contact.objects.get(source_ref="telefoni:A1")
    visit = Contact.objects.get(source_ref="telefoni:A2")
    late = Contact.objects.get(source_ref="telefoni:A3")
    assert call.earlier_contact == earlier  # self-service → phone
    assert visit.earlier_contact == call
    assert late.earlier_contact is None  # a month later is a new matter


def test_a_dry_run_checks_and_writes_nothing(tmp_path: Path, population: object) -> None:
    path = write(tmp_path, "A1;02-03-2026 09:15;Telefon;pas;60;;;\n")
    out, _err = run(path, *MAP, "--dry-run")
    assert Contact.objects.count() == 0
    assert "1" in out


# -- holes found by probing (issue 11, items 6, 7, 12) ------------------------------


def test_free_text_with_a_cpr_number_in_the_service_column_is_refused(
    tmp_path: Path, population: object
) -> None:
    path = write(tmp_path, "A1;02-03-2026 09:15;Telefon;010190-1234 ringede om lægeskift;60;;;\n")
    message = fails(path, *MAP)
    assert Contact.objects.count() == 0
    assert "kolonne “Kø”" in message and "er ikke en kendt ydelse" in message
    # The error message does not repeat the CPR number either.
    assert "010190-1234" not in message and "0101901234" not in message


def test_a_service_name_is_mapped_to_its_slug(tmp_path: Path, catalogue: None) -> None:
    from indgang.catalogue.models import Service

    service = Service.objects.get(slug="pas")
    path = write(tmp_path, f"A1;02-03-2026 09:15;Telefon;{service.name};60;;;\n")
    run(path, *MAP)
    assert Contact.objects.get().service == "pas"


def test_nothing_that_looks_like_a_cpr_number_is_stored_from_a_row_id(
    tmp_path: Path, population: object
) -> None:
    path = write(tmp_path, "0101901234;02-03-2026 09:15;Telefon;pas;60;;;\n")
    message = fails(path, *MAP)
    assert "ligner et CPR-nummer" in message and "0101901234" not in message
    assert Contact.objects.count() == 0


def test_identical_rows_without_a_row_id_count_once(tmp_path: Path, population: object) -> None:
    row = "A1;02-03-2026 09:15;Telefon;pas;60;;;\n"
    path = write(tmp_path, row * 3 + "A2;02-03-2026 09:20;Telefon;pas;60;;;\n")
    no_id = [arg for arg in MAP if arg != "row_id=Opkald"]
    no_id.remove("--map")
    out, _err = run(path, *no_id)
    assert Contact.objects.count() == 2
    assert out.startswith("2 ")  # "2 rækker læst: 2 importeret …"
    run(path, *no_id)
    assert Contact.objects.count() == 2


def test_a_day_32_is_not_a_cpr_number(tmp_path: Path, population: object) -> None:
    path = write(tmp_path, "A1;02-03-2026 09:15;Telefon;pas;60;320190-1234;;\n")
    message = fails(path, *MAP)
    assert "Linje 2, kolonne “CPR”" in message and "er ikke et CPR-nummer" in message
    assert Contact.objects.count() == 0


def test_a_utf16_file_is_reported_as_utf16(tmp_path: Path, population: object) -> None:
    path = tmp_path / "utf16.csv"
    path.write_text(HEADER + "A1;02-03-2026 09:15;Telefon;pas;60;;;\n", encoding="utf-16")
    message = fails(path, *MAP)
    assert "UTF-16" in message and "UTF-8" in message
    assert "mangler" not in message


def test_a_binary_file_is_reported_as_not_a_csv_file(tmp_path: Path, population: object) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)) * 4)
    message = fails(path, *MAP)
    assert "ikke en tekstfil" in message
    assert "mangler" not in message


def test_a_wrong_delimiter_is_named(tmp_path: Path, population: object) -> None:
    path = tmp_path / "comma.csv"
    path.write_text(
        HEADER.replace(";", ",") + "A1,02-03-2026 09:15,Telefon,pas,60,,,\n", encoding="utf-8"
    )
    message = fails(path, *MAP)
    assert "“,”" in message and "“;”" in message and "skilletegn" in message
    assert "Kolonne “Kanal”" not in message
