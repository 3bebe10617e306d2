#!/usr/bin/env python3
"""Turns every other roster CSV of a held-out data set into the XLSX a village operator would save from Excel, and writes
the answer key with those files' new names. Cells as Excel keeps them: text as text (NIKs typed with a leading apostrophe
or a Text-formatted column), birth dates as date cells (a serial number in a date format), NIKs Excel already turned into
scientific notation as number cells; a date that is no date stays the text the village typed. Same rows, same line numbers
(the header is row 1), so every row must end where its CSV row ended.
    python3 to_xlsx.py DATA_DIR    (rewrites DATA_DIR/roster and writes DATA_DIR/answer_key_xlsx.csv)
Standard library only: an XLSX is a zip of a few XML parts."""
import csv
import datetime
import io
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

DATE_COLUMNS = {'tanggal_lahir', 'birth_date'}
NIK_COLUMNS = {'nik'}
DATE_FORMATS = ('%Y-%m-%d', '%d-%m-%Y', '%d/%m/%Y')
SCIENTIFIC = re.compile(r'^\d(\.\d+)?E\+\d+$', re.IGNORECASE)
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def read_csv(path):
    raw = open(path, 'rb').read()
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        text = raw.decode('cp1252')
    first = text.split('\n', 1)[0]
    delimiter = ';' if first.count(';') > first.count(',') else ','
    return list(csv.reader(io.StringIO(text, newline=''), delimiter=delimiter))


def column_name(i):
    name = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def cell(ref, header, value):
    kind = header.strip().lower()
    if kind in DATE_COLUMNS:
        for fmt in DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(value.strip(), fmt).date()
                return f'<c r="{ref}" s="1"><v>{(day - EXCEL_EPOCH).days}</v></c>'
            except ValueError:
                pass
    if kind in NIK_COLUMNS and SCIENTIFIC.match(value.strip()):
        return f'<c r="{ref}"><v>{float(value.strip())!r}</v></c>'
    if value == '':
        return ''
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def write_xlsx(path, rows):
    header = rows[0]
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        cells = ''.join(cell(f'{column_name(c)}{r}', header[c] if r > 1 and c < len(header) else '', v)
                        for c, v in enumerate(row))
        sheet.append(f'<row r="{r}">{cells}</row>')
    sheet.append('</sheetData></worksheet>')
    parts = {
        '[Content_Types].xml':
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '</Types>',
        '_rels/.rels':
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        'xl/workbook.xml':
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        'xl/_rels/workbook.xml.rels':
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '</Relationships>',
        # Style 1: the built-in short date format (numFmtId 14), what Excel gives a typed date.
        'xl/styles.xml':
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '</styleSheet>',
        'xl/worksheets/sheet1.xml': '\n'.join(sheet),
    }
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def main(data):
    roster = os.path.join(data, 'roster')
    renamed = {}
    for i, name in enumerate(sorted(os.listdir(roster))):
        if i % 2 == 0 or not name.endswith('.csv'):
            continue
        rows = read_csv(os.path.join(roster, name))
        xlsx = name[:-4] + '.xlsx'
        write_xlsx(os.path.join(roster, xlsx), rows)
        os.remove(os.path.join(roster, name))
        renamed[name] = xlsx
    with open(os.path.join(data, 'answer_key.csv'), newline='', encoding='utf-8') as f:
        key = list(csv.DictReader(f))
    with open(os.path.join(data, 'answer_key_xlsx.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.DictWriter(f, fieldnames=list(key[0].keys()))
        w.writeheader()
        for k in key:
            k['file'] = renamed.get(k['file'], k['file'])
            w.writerow(k)
    print(f'{len(renamed)} roster files written as XLSX')


if __name__ == '__main__':
    main(sys.argv[1])
