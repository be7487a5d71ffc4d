"""Reading an uploaded ZIP archive as hostile input.

Nothing the archive says about itself is trusted: the sizes in its headers can lie (a member
that says 1 kB and unpacks to 1 GB), so the bytes are counted while they are unpacked and
reading stops at the limit. A member that is encrypted, packed with a method other than
"stored" or "deflate", fails its CRC check, or does not unpack to the size its header gives,
is refused; so are archives with too many members, with paths that climb out of the archive
or go more than one folder deep, and with two members for one table. Every refusal is an
ArchiveError with a message a staff member can act on, never a crash.
"""

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

MAX_MEMBERS = 50
MAX_UNZIPPED_BYTES = 50_000_000
READ_CHUNK = 1 << 16
METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# What Python's zipfile raises for archives it cannot read (CRC mismatch, truncated data,
# headers that disagree, broken deflate streams, a password needed, an unknown method).
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


class ArchiveError(Exception):
    """The archive cannot be read safely; the message says why, in Dutch."""


def _skipped(name: str) -> bool:
    """The hidden copies some systems add (__MACOSX/._services.csv, .DS_Store)."""
    path = PurePosixPath(name)
    return "__MACOSX" in path.parts or path.name.startswith(".")


def _check_path(name: str) -> None:
    path = PurePosixPath(name)
    if (
        "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or ".." in path.parts
        or (path.parts and ":" in path.parts[0])
    ):
        raise ArchiveError(
            _("Het ZIP-bestand bevat een pad dat niet mag: %(name)s.") % {"name": name[:100]}
        )
    if len(path.parts) > 2:
        raise ArchiveError(
            _(
                "Het ZIP-bestand heeft mappen in mappen (%(name)s). Zet de CSV-bestanden "
                "bovenaan in het ZIP-bestand, of in één map."
            )
            % {"name": name[:100]}
        )


def read_members(
    content: bytes,
    *,
    wanted: Callable[[str], bool],
    max_bytes: int = MAX_UNZIPPED_BYTES,
    max_members: int = MAX_MEMBERS,
) -> dict[str, bytes]:
    """The unpacked bytes of the members whose name `wanted` accepts, by file name (without
    folder). Raises ArchiveError for anything unsafe or unreadable."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except UNREADABLE as exc:
        raise ArchiveError(_("Dit ZIP-bestand is beschadigd.")) from exc
    if len(infos) > max_members:
        raise ArchiveError(
            _("Het ZIP-bestand bevat te veel bestanden: hoogstens %(count)s.")
            % {"count": max_members}
        )
    members = []
    for info in infos:
        if _skipped(info.filename):
            continue
        _check_path(info.filename)
        if not info.is_dir() and wanted(info.filename):
            members.append(info)
    names = [PurePosixPath(info.filename).name.lower() for info in members]
    doubles = sorted({name for name in names if names.count(name) > 1})
    if doubles:
        raise ArchiveError(
            _("Het ZIP-bestand bevat %(name)s meer dan één keer.") % {"name": doubles[0]}
        )
    too_big = _("Het ZIP-bestand is uitgepakt te groot: hoogstens %(mb)s MB.") % {
        "mb": max_bytes // 1_000_000
    }
    if sum(info.file_size for info in members) > max_bytes:
        raise ArchiveError(too_big)  # as the headers say; the count below does not trust them
    tables: dict[str, bytes] = {}
    left = max_bytes
    for info in members:
        name = PurePosixPath(info.filename).name
        if info.flag_bits & 0x1:
            raise ArchiveError(
                _(
                    "%(name)s is versleuteld (met een wachtwoord). Pak het bestand in zonder "
                    "wachtwoord."
                )
                % {"name": name}
            )
        if info.compress_type not in METHODS:
            raise ArchiveError(
                _(
                    "%(name)s is ingepakt op een manier die we niet kunnen lezen. Maak het "
                    "ZIP-bestand opnieuw met de gewone instellingen."
                )
                % {"name": name}
            )
        chunks = []
        try:
            with archive.open(info) as member:
                while chunk := member.read(min(READ_CHUNK, left + 1)):
                    left -= len(chunk)
                    if left < 0:
                        raise ArchiveError(too_big)
                    chunks.append(chunk)
        except UNREADABLE as exc:
            raise ArchiveError(
                _("%(name)s in het ZIP-bestand is beschadigd.") % {"name": name}
            ) from exc
        data = b"".join(chunks)
        if len(data) != info.file_size:
            # The data ended before the size its header promised.
            raise ArchiveError(_("%(name)s in het ZIP-bestand is beschadigd.") % {"name": name})
        tables[name] = data
    return tables
