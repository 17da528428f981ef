// CSV as spreadsheets write it (RFC 4180): quoted fields with "" for a quote, newlines inside quotes,
// CRLF or LF, a UTF-8 BOM. Excel on a Chinese Windows saves "CSV" in GB18030, so bytes that are not
// UTF-8 are read as GB18030. Pure; the result says what is wrong instead of throwing.

export interface CsvRecord {
  /** 1-based record number as a spreadsheet shows it: the header is row 1 */
  row: number;
  fields: string[];
}

export type CsvParse = { valid: true; records: CsvRecord[] } | { valid: false; reason: string };

export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function parseCsv(text: string, maxRecords = Infinity): CsvParse {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  // blank lines are no records but still rows, as a spreadsheet numbers them
  let row = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    row++;
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) records.push({ row, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"') {
      if (field !== '') return { valid: false, reason: `row ${row + 1}: a quote inside an unquoted field; quote the whole field and double the quote ("")` };
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      if (records.length > maxRecords) return { valid: false, reason: `more than ${maxRecords - 1} data rows; split the file` };
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) return { valid: false, reason: `row ${row + 1}: a quoted field is not closed` };
  if (field !== '' || fields.length || fieldStarted) endRecord();
  if (records.length > maxRecords) return { valid: false, reason: `more than ${maxRecords - 1} data rows; split the file` };
  return { valid: true, records };
}
