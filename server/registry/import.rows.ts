// Rows of a resident import (一户一档) read from CSV records and checked one by one: each row either
// becomes a typed ImportRow or an error with its row number and the reason. Pure; the database
// checks (does the building exist, is the ID number registered) come after, in resident.import.ts.
import type { CsvRecord } from './csv.parse.ts';
import { checkIdNumber, checkPhone, checkTag } from './personal.validate.ts';

/** Each column's accepted headers: English, and the Chinese the ledgers export. */
export const IMPORT_COLUMNS = {
  building_id: ['building_id', '楼栋编号'],
  address: ['address', '地址'],
  unit: ['unit', '单元'],
  room: ['room', '房号'],
  household_tags: ['household_tags', '户标签'],
  name: ['name', '姓名'],
  relation: ['relation', '与户主关系'],
  id_number: ['id_number', '身份证号'],
  phone: ['phone', '电话'],
  tags: ['tags', '人员标签'],
} as const;

export type ImportColumn = keyof typeof IMPORT_COLUMNS;

export interface ImportRow {
  row: number;
  building_id: number | null;
  address: string | null;
  unit: string;
  room: string;
  household_tags: string[];
  name: string;
  relation: string | null;
  id_number: string | null;
  phone: string | null;
  tags: string[];
}

export interface RowError {
  row: number;
  reason: string;
}

export type ReadRows = { valid: true; rows: ImportRow[]; errors: RowError[] } | { valid: false; reason: string };

const byHeader = new Map<string, ImportColumn>(
  (Object.entries(IMPORT_COLUMNS) as Array<[ImportColumn, readonly string[]]>).flatMap(([column, names]) => names.map((n) => [n.toLowerCase(), column])),
);

const TAG_SEPARATORS = /[;；、|]/;

export function readImportRows(records: CsvRecord[]): ReadRows {
  if (!records.length) return { valid: false, reason: 'the file is empty; the first row names the columns (name, and building_id or address, …)' };
  const [header, ...data] = records;
  const columns: ImportColumn[] = [];
  for (const raw of header.fields) {
    const column = byHeader.get(raw.trim().toLowerCase());
    if (!column) return { valid: false, reason: `unknown column "${raw.trim().slice(0, 40)}"; accepted: ${Object.values(IMPORT_COLUMNS).map((n) => n.join('/')).join(', ')}` };
    if (columns.includes(column)) return { valid: false, reason: `column ${column} appears twice` };
    columns.push(column);
  }
  if (!columns.includes('name')) return { valid: false, reason: 'a name (姓名) column is required' };
  if (!columns.includes('building_id') && !columns.includes('address')) return { valid: false, reason: 'a building_id (楼栋编号) or address (地址) column is required' };
  if (!data.length) return { valid: false, reason: 'the file has a header but no data rows' };

  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seenIdNumbers = new Map<string, number>();
  for (const record of data) {
    const result = readRow(record, columns);
    if (typeof result === 'string') {
      errors.push({ row: record.row, reason: result });
      continue;
    }
    if (result.id_number !== null) {
      const earlier = seenIdNumbers.get(result.id_number);
      if (earlier !== undefined) {
        errors.push({ row: record.row, reason: `the same ID number as row ${earlier}` });
        continue;
      }
      seenIdNumbers.set(result.id_number, record.row);
    }
    rows.push(result);
  }
  return { valid: true, rows, errors };
}

/** an ImportRow, or the reason the row cannot be one */
function readRow(record: CsvRecord, columns: ImportColumn[]): ImportRow | string {
  if (record.fields.length !== columns.length) return `has ${record.fields.length} fields, the header has ${columns.length}`;
  const cell = (column: ImportColumn) => {
    const i = columns.indexOf(column);
    return i < 0 ? '' : record.fields[i].trim();
  };
  const text = (column: ImportColumn, max: number): string | null => {
    const value = cell(column);
    if (value.length > max) throw new RowProblem(`${column} is longer than ${max} characters`);
    return value === '' ? null : value;
  };
  try {
    const buildingText = cell('building_id');
    let building_id: number | null = null;
    if (buildingText !== '') {
      if (!/^\d{1,15}$/.test(buildingText)) return `building_id must be a whole number, got "${buildingText.slice(0, 20)}"`;
      building_id = Number(buildingText);
    }
    const address = text('address', 200);
    if (building_id === null && address === null) return 'needs a building_id or an address';
    const name = text('name', 64);
    if (name === null) return 'name is empty';
    let id_number = text('id_number', 18);
    if (id_number !== null) {
      id_number = id_number.toUpperCase();
      const check = checkIdNumber(id_number);
      if (!check.valid) return check.reason;
    }
    const phone = cell('phone').replace(/\s+/g, '');
    if (phone !== '') {
      const check = checkPhone(phone);
      if (!check.valid) return check.reason;
    }
    const tags = readTags(cell('tags'));
    const household_tags = readTags(cell('household_tags'));
    return {
      row: record.row,
      building_id,
      address: building_id === null ? address : null,
      unit: text('unit', 20) ?? '',
      room: text('room', 20) ?? '',
      household_tags,
      name,
      relation: text('relation', 20),
      id_number,
      phone: phone === '' ? null : phone,
      tags,
    };
  } catch (err) {
    if (err instanceof RowProblem) return err.message;
    throw err;
  }
}

function readTags(text: string): string[] {
  if (text === '') return [];
  const tags = [...new Set(text.split(TAG_SEPARATORS).map((t) => t.trim()).filter(Boolean))];
  if (tags.length > 10) throw new RowProblem('at most 10 tags per row');
  for (const tag of tags) {
    const check = checkTag(tag);
    if (!check.valid) throw new RowProblem(check.reason);
  }
  return tags;
}

class RowProblem extends Error {}
