"""Hostile ZIP packages, built here byte by byte: each gives a clear message, never a 500."""

import io
import re
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.directory import archive, importer
from digiketen.directory.models import Service, ServiceImport
from digiketen.directory.tests.test_import import CSV, zipped

LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"


def patch_headers(content: bytes, *, local_offset: int, central_offset: int, value: bytes):
    """The archive with `value` written at the given offsets of every local and central
    header (the fields Python's zipfile reads from each)."""
    data = bytearray(content)
    for signature, offset in ((LOCAL, local_offset), (CENTRAL, central_offset)):
        start = data.find(signature)
        while start != -1:
            data[start + offset : start + offset + len(value)] = value
            start = data.find(signature, start + 4)
    return bytes(data)


def stored(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for name, data in files.items():
            package.writestr(name, data)
    return buffer.getvalue()


def bad_crc() -> bytes:
    content = bytearray(stored({name: text.encode() for name, text in CSV.items()}))
    spot = content.find(b"Buurtwerk Noord")
    content[spot] ^= 0x20  # "buurtwerk": the stored CRC no longer matches
    return bytes(content)


def encrypted() -> bytes:
    # General purpose flag bit 0: "encrypted" (offset 6 in a local header, 8 in the central one).
    return patch_headers(zipped(CSV), local_offset=6, central_offset=8, value=struct.pack("<H", 1))


def unknown_method() -> bytes:
    # Method 99 (WinZip AES), which Python's zipfile cannot unpack.
    return patch_headers(
        zipped(CSV), local_offset=8, central_offset=10, value=struct.pack("<H", 99)
    )


def lying_size(claimed: int) -> bytes:
    # Uncompressed size: offset 22 in a local header, 24 in the central one.
    return patch_headers(
        zipped(CSV), local_offset=22, central_offset=24, value=struct.pack("<I", claimed)
    )


def bomb(*, lying: bool) -> bytes:
    """services.csv of 60 MB that packs into about 60 kB; `lying` claims 2 kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("organizations.csv", CSV["organizations.csv"])
        package.writestr("services.csv", b"id,name\n" + b"0" * 60_000_000)
    content = buffer.getvalue()
    if not lying:
        return content
    data = bytearray(content)
    for signature, offset in ((LOCAL, 22), (CENTRAL, 24)):
        start = data.find(signature + b"")
        while start != -1:
            name_at = start + (30 if signature == LOCAL else 46)
            if data[name_at : name_at + 12] == b"services.csv":
                data[start + offset : start + offset + 4] = struct.pack("<I", 2_000)
            start = data.find(signature, start + 4)
    return bytes(data)


MALFORMED = [
    ("bad CRC", bad_crc, "organizations.csv in het ZIP-bestand is beschadigd"),
    ("encryption flag", encrypted, "is versleuteld (met een wachtwoord)"),
    ("unknown method", unknown_method, "ingepakt op een manier die we niet kunnen lezen"),
    ("size claimed too small", lambda: lying_size(10), "in het ZIP-bestand is beschadigd"),
    ("size claimed too large", lambda: lying_size(40_000), "in het ZIP-bestand is beschadigd"),
    ("zip bomb", lambda: bomb(lying=False), "uitgepakt te groot: hoogstens 50 MB"),
    ("zip bomb, lying header", lambda: bomb(lying=True), "services.csv in het ZIP-bestand is"),
    (
        "too many members",
        lambda: zipped(CSV | {f"extra{n}.txt": "x" for n in range(60)}),
        "te veel bestanden: hoogstens 50",
    ),
    (
        "nested folders",
        lambda: zipped({f"a/b/{name}": text for name, text in CSV.items()}),
        "heeft mappen in mappen (a/b/",
    ),
    ("climbing out", lambda: zipped({"../services.csv": "id\n"}), "niet mag: ../services.csv"),
    ("absolute path", lambda: zipped({"/etc/services.csv": "id\n"}), "een pad dat niet mag"),
    (
        "one table twice",
        lambda: zipped(CSV | {"kopie/services.csv": CSV["services.csv"]}),
        "bevat services.csv meer dan één keer",
    ),
    ("not a zip", lambda: b"PK\x03\x04" + b"\x00" * 100, "Dit ZIP-bestand is beschadigd"),
]


@pytest.mark.parametrize(("case", "build", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_archive_is_refused_with_its_reason(case, build, message):
    with pytest.raises(importer.ImportFileError, match=re.escape(message)):
        importer.read_package("pakket.zip", build())


def test_a_package_in_one_folder_with_mac_leftovers_still_reads():
    files = {f"pakket/{name}": text for name, text in CSV.items()}
    files["__MACOSX/pakket/._services.csv"] = "\x00"
    assert [r["name"] for r in importer.read_package("p.zip", zipped(files))] == [
        "Digicafé Noord",
        "Wifi Noord",
    ]


def test_the_size_limit_counts_the_bytes_unpacked_not_the_headers():
    content = zipped({"services.csv": "x" * 5_000})
    with pytest.raises(archive.ArchiveError, match="uitgepakt te groot"):
        archive.read_members(content, wanted=lambda name: True, max_bytes=4_000)
    assert archive.read_members(content, wanted=lambda name: True, max_bytes=5_000)


def test_json_with_a_number_past_the_digit_limit_is_refused():
    with pytest.raises(importer.ImportFileError, match="geen geldig JSON-bestand"):
        importer.read_package("x.json", b"[" + b"1" * 5_000 + b"]")


@pytest.mark.parametrize(
    ("case", "build", "message"), MALFORMED[:6], ids=[m[0] for m in MALFORMED[:6]]
)
def test_the_upload_page_names_the_problem_next_to_the_field_and_in_the_summary(
    staff_client, case, build, message
):
    client, _ = staff_client(Role.COORDINATOR)
    upload = SimpleUploadedFile("pakket.zip", build(), "application/zip")
    response = client.post(reverse("directory:service-import"), {"package": upload})
    assert response.status_code == 200
    page = response.text
    escaped = message.replace("(", "(").replace("'", "&#x27;")
    assert page.count(escaped) == 2, page  # in the summary at the top and at the field
    assert 'href="#id_package"' in page
    assert not Service.objects.exists()
    assert not ServiceImport.objects.exists()
