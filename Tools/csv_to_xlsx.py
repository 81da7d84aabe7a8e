#!/usr/bin/env python3
"""Write a CSV export as an Excel .xlsx workbook with one sheet, as a spreadsheet would save it.

    python3 Tools/csv_to_xlsx.py IN.csv OUT.xlsx

Text cells become shared strings, numbers stay numbers; the sheet XML is written to the archive as
it is produced (deflated), so a large CSV is converted without holding it. Used by
Tools/ecm-memory.sh (FORMAT=xlsx) to measure the memory of a large workbook's import.
"""
import csv
import re
import sys
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def main():
    source, target = sys.argv[1], sys.argv[2]
    strings, table = {}, []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>'))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            '<sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>'))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet, \
                open(source, newline="", encoding="utf-8-sig") as rows:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
                        '<sheetData>'.encode())
            for number, row in enumerate(csv.reader(rows), start=1):
                cells = []
                for index, value in enumerate(row):
                    if value == "":
                        continue
                    ref = f"{column(index)}{number}"
                    if NUMBER.match(value) and not (len(value) > 1 and value.startswith("0")):
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                    else:
                        if value not in strings:
                            strings[value] = len(table)
                            table.append(value)
                        cells.append(f'<c r="{ref}" t="s"><v>{strings[value]}</v></c>')
                sheet.write(f'<row r="{number}">{"".join(cells)}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
            shared.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN}" '
                         f'count="{len(table)}" uniqueCount="{len(table)}">'.encode())
            for text in table:
                shared.write(f'<si><t xml:space="preserve">{escape(text)}</t></si>'.encode())
            shared.write(b"</sst>")


if __name__ == "__main__":
    main()
