"""Read an organisation's asset list (CSV or XLSX): serial numbers and models."""

import csv
import io

SERIAL_HEADERS = {"serial", "serienummer", "serial number", "serial_number", "sn"}
MODEL_HEADERS = {"model", "type", "product", "omschrijving", "description"}
MAX_ROWS = 5000


class AssetListError(ValueError):
    pass


def read_asset_list(name: str, content: bytes) -> list[tuple[str, str]]:
    """(serial, model) per row; rows without a serial are skipped."""
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
        raise AssetListError("Kies een .csv- of .xlsx-bestand.")
    if not rows:
        raise AssetListError("Het bestand is leeg.")
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    serial_col = next((i for i, h in enumerate(header) if h in SERIAL_HEADERS), None)
    if serial_col is None:
        raise AssetListError("Geef een kolom met de naam 'serienummer' of 'serial'.")
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
    return items


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:
        raise AssetListError("Dit Excel-bestand kan niet worden gelezen.") from exc
    return [list(row) for row in sheet.iter_rows(values_only=True)]
