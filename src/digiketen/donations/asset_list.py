"""Read an organisation's asset list (CSV or XLSX): serial numbers and models, and what was
recognised in it, so the donor can be told what we read."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SERIAL_HEADERS = {"serial", "serienummer", "serial number", "serial_number", "sn"}
MODEL_HEADERS = {"model", "type", "product", "omschrijving", "description"}
MAX_ROWS = 5000


class AssetListError(ValueError):
    pass


@dataclass(frozen=True)
class AssetList:
    items: list[tuple[str, str]]  # (serial, model) per row that has a serial
    serial_column: str
    model_column: str  # "" when the list has none
    ignored_columns: list[str]

    def summary(self) -> str:
        """What we read, in the donor's words: the count and the columns used and not used."""
        parts = [
            ngettext(
                "Uit uw lijst lazen wij %(count)d serienummer (kolom '%(column)s').",
                "Uit uw lijst lazen wij %(count)d serienummers (kolom '%(column)s').",
                len(self.items),
            )
            % {"count": len(self.items), "column": self.serial_column}
        ]
        if self.model_column:
            parts.append(
                _("Het model staat in kolom '%(column)s'.") % {"column": self.model_column}
            )
        if self.ignored_columns:
            parts.append(
                _("Niet gebruikt: %(columns)s.")
                % {"columns": ", ".join(f"'{c}'" for c in self.ignored_columns)}
            )
        return " ".join(parts)


def read_asset_list(name: str, content: bytes) -> AssetList:
    """The rows with a serial; refused with the columns found when none holds serials."""
    if name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("latin-1")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        rows = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise AssetListError(_("Kies een .csv- of .xlsx-bestand."))
    if not rows:
        raise AssetListError(_("Het bestand is leeg."))
    titles = [str(cell or "").strip() for cell in rows[0]]
    header = [title.lower() for title in titles]
    serial_col = next((i for i, h in enumerate(header) if h in SERIAL_HEADERS), None)
    if serial_col is None:
        found = ", ".join(f"'{t}'" for t in titles if t) or _("geen")
        raise AssetListError(
            _(
                "Wij vinden geen kolom met serienummers. Wij lazen deze kolommen: %(found)s. "
                "Noem de kolom 'serienummer' of 'serial' en kies het bestand opnieuw."
            )
            % {"found": found[:300]}
        )
    model_col = next((i for i, h in enumerate(header) if h in MODEL_HEADERS), None)
    items = []
    for row in rows[1 : MAX_ROWS + 1]:
        serial = str(row[serial_col]).strip() if serial_col < len(row) and row[serial_col] else ""
        if serial:
            model = (
                str(row[model_col] or "").strip()
                if model_col is not None and model_col < len(row)
                else ""
            )
            items.append((serial[:100], model[:150]))
    return AssetList(
        items=items,
        serial_column=titles[serial_col],
        model_column=titles[model_col] if model_col is not None else "",
        ignored_columns=[t for i, t in enumerate(titles) if t and i not in (serial_col, model_col)][
            :10
        ],
    )


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:
        raise AssetListError(_("Dit Excel-bestand kan niet worden gelezen.")) from exc
    return [list(row) for row in sheet.iter_rows(values_only=True)]
