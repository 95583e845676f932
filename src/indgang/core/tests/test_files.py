"""Uploaded files: the real type comes from the bytes, limits are clear, and
every file is virus-scanned (demo: EICAR; production: clamd)."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import struct
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.checks import run_checks
from django.utils import translation

from indgang.core import files
from indgang.core.contrib.clamd.plugin import parse
from indgang.core.contrib.eicar.plugin import EICAR

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
MB = 1024 * 1024


def office(main_part: str) -> bytes:
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/word/document.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.{main_part}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_word_and_excel_files_are_recognised_by_their_declared_main_part():
    assert files.sniff(office("wordprocessingml.document.main+xml")) == "docx"
    assert files.sniff(office("spreadsheetml.sheet.main+xml")) == "xlsx"
    assert files.mime_type("docx").endswith("wordprocessingml.document")


def test_a_plain_zip_or_a_macro_enabled_document_is_not_an_office_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hej")
    assert files.sniff(buffer.getvalue()) is None
    assert files.sniff(office("wordprocessingml.document.macroEnabled.main+xml")) is None
    # Only the first bytes of a zip are not enough to call it a Word file.
    assert files.sniff(office("wordprocessingml.document.main+xml")[:16]) is None


def test_problems_are_named_in_danish_and_english():
    limits = {"accept": ("pdf", "png"), "max_bytes": MB}
    with translation.override("da"):
        assert files.problem("a.pdf", 0, b"", **limits) == ("file_empty", "Filen a.pdf er tom.")
        assert files.problem("a.pdf", 2 * MB, PDF, **limits) == (
            "file_size",
            "Filen a.pdf er for stor. Den må højst fylde 1 MB.",
        )
        assert files.problem("a.pdf", 10, b"GIF89a", **limits) == (
            "file_type",
            "Filen a.pdf skal være PDF eller PNG.",
        )
    with translation.override("en"):
        assert files.problem("a.pdf", 10, b"GIF89a", **limits) == (
            "file_type",
            "The file a.pdf must be PDF or PNG.",
        )
    assert files.problem("a.png", len(PNG), PNG, **limits) is None


def test_the_demo_scanner_finds_eicar_even_inside_another_file():
    assert files.scan(EICAR) == files.ScanResult("infected", "Eicar-Test-Signature")
    assert files.scan(PDF + EICAR + b"\n%%EOF").status == "infected"
    assert files.scan(PDF) == files.ScanResult("clean")


def test_an_infected_upload_is_refused_and_named_as_a_virus_whatever_its_type():
    with translation.override("da"):
        checked = files.check_upload("brev.pdf", EICAR, accept=("pdf",), max_bytes=MB)
        assert checked.problem == ("file_virus", "Filen brev.pdf indeholder virus og er afvist.")
    with translation.override("en"):
        checked = files.check_upload("brev.pdf", EICAR, accept=("pdf",), max_bytes=MB)
        assert checked.problem == (
            "file_virus",
            "The file brev.pdf contains a virus and has been refused.",
        )
    fine = files.check_upload("brev.pdf", PDF, accept=("pdf",), max_bytes=MB)
    assert fine.problem is None and fine.kind == "pdf" and fine.scan == files.ScanResult("clean")
    assert fine.mime_type == "application/pdf"


# A fake clamd on a local socket, speaking the INSTREAM protocol.


class FakeClamd:
    def __init__(self, server: socket.socket, answer_with_silence: bool = False) -> None:
        self.server = server
        self.received: list[bytes] = []
        self.silent = answer_with_silence
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                self.handle(conn)

    def handle(self, conn: socket.socket) -> None:
        stream = conn.makefile("rb")
        command = b""
        while not command.endswith(b"\0"):
            byte = stream.read(1)
            if not byte:
                return
            command += byte
        if command == b"zPING\0":
            conn.sendall(b"PONG\0")
            return
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            (length,) = struct.unpack(">I", stream.read(4))
            if length == 0:
                break
            data += stream.read(length)
        self.received.append(data)
        if self.silent:
            threading.Event().wait(3)
            return
        if EICAR in data:
            conn.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")
        elif data.startswith(b"BROKEN"):
            conn.sendall(b"INSTREAM size limit exceeded. ERROR\0")
        else:
            conn.sendall(b"stream: OK\0")


@contextmanager
def fake_clamd_tcp(silent: bool = False) -> Iterator[tuple[FakeClamd, int]]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    fake = FakeClamd(server, silent)
    try:
        yield fake, server.getsockname()[1]
    finally:
        stop(server)


def stop(server: socket.socket) -> None:
    # shutdown() wakes the thread blocked in accept(); close() alone may not.
    with contextlib.suppress(OSError):
        server.shutdown(socket.SHUT_RDWR)
    server.close()


@pytest.fixture
def clamd_tcp(settings):
    with fake_clamd_tcp() as (fake, port):
        settings.VIRUS_SCANNER = "clamd"
        settings.CLAMD_SOCKET = ""
        settings.CLAMD_HOST = "127.0.0.1"
        settings.CLAMD_PORT = port
        yield fake


def test_clamd_reports_a_virus_by_its_signature_and_clean_files_as_clean(clamd_tcp):
    big = PDF + b"x" * (200 * 1024)  # several INSTREAM chunks
    assert files.scan(big) == files.ScanResult("clean")
    assert clamd_tcp.received[-1] == big
    assert files.scan(EICAR) == files.ScanResult("infected", "Win.Test.EICAR_HDB-1")


def test_a_clamd_error_is_an_error_result_not_a_crash(clamd_tcp):
    result = files.scan(b"BROKEN")
    assert result.status == "error" and "size limit" in result.signature


def test_clamd_over_a_unix_socket(settings):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "clamd.sock")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(path)
        server.listen()
        FakeClamd(server)
        settings.VIRUS_SCANNER = "clamd"
        settings.CLAMD_SOCKET = path
        try:
            assert files.scan(EICAR).status == "infected"
            assert "indgang.W010" not in ids()
        finally:
            stop(server)


def test_an_unreachable_or_silent_clamd_gives_an_error_result(settings):
    settings.VIRUS_SCANNER = "clamd"
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = "127.0.0.1"
    with fake_clamd_tcp(silent=True) as (_, port):
        settings.CLAMD_PORT = port
        settings.CLAMD_TIMEOUT = 1
        assert files.scan(PDF).status == "error"
    settings.CLAMD_PORT = port  # closed now: nobody listens
    result = files.scan(PDF)
    assert result.status == "error" and result.signature


def test_clamd_replies_are_parsed():
    assert parse("stream: OK") == files.ScanResult("clean")
    assert parse("stream: Eicar-Signature FOUND") == files.ScanResult("infected", "Eicar-Signature")
    assert parse("") == files.ScanResult("error", "no reply from clamd")


def ids() -> set[str]:
    return {message.id for message in run_checks(tags=["indgang"])}


def test_an_unknown_virus_scanner_stops_start_up(settings):
    settings.VIRUS_SCANNER = "mcafee"
    assert "indgang.E010" in ids()


def test_an_unreachable_clamd_is_a_warning_and_a_reachable_one_passes(settings):
    settings.DEBUG = True
    settings.VIRUS_SCANNER = "clamd"
    settings.CLAMD_SOCKET = ""
    with fake_clamd_tcp() as (_, port):
        settings.CLAMD_PORT = port
        assert "indgang.W010" not in ids()
    assert "indgang.W010" in ids()
