import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.parse.ts';
import { readImportRows } from './import.rows.ts';

const read = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.valid) throw new Error(parsed.reason);
  return readImportRows(parsed.records);
};

describe('readImportRows', () => {
  it('reads English or Chinese headers in any order into typed rows', () => {
    const result = read('姓名,楼栋编号,单元,房号,身份证号,电话,人员标签,户标签\n王五,12,1单元,101,11010519491231002x,138 0000 1111,独居老人;残疾人,低保户\n');
    expect(result).toEqual({
      valid: true,
      errors: [],
      rows: [{
        row: 2, building_id: 12, address: null, unit: '1单元', room: '101', household_tags: ['低保户'], name: '王五', relation: null,
        id_number: '11010519491231002X', phone: '13800001111', tags: ['独居老人', '残疾人'],
      }],
    });
  });

  it('names each bad row and why, and keeps the good ones', () => {
    const result = read([
      'building_id,address,name,id_number,phone,tags',
      '1,,甲,,,',
      ',,乙,,,',
      'x,,丙,,,',
      '2,,,,,',
      '3,,丁,110105194912310021,,',
      '4,,戊,,12345,',
      '5,,己,,,a b',
      '6,,庚,11010519491231002X,,',
      '7,,辛,11010519491231002X,,',
      '8,,壬,,',
      ',康乐路1号,癸,,,',
    ].join('\n'));
    if (!result.valid) throw new Error(result.reason);
    expect(result.rows.map((r) => r.row)).toEqual([2, 9, 12]);
    expect(result.errors).toEqual([
      { row: 3, reason: 'needs a building_id or an address' },
      { row: 4, reason: expect.stringMatching(/building_id must be a whole number/) },
      { row: 5, reason: 'name is empty' },
      { row: 6, reason: expect.stringMatching(/check character/) },
      { row: 7, reason: expect.stringMatching(/phone/) },
      { row: 8, reason: expect.stringMatching(/tag/) },
      { row: 10, reason: 'the same ID number as row 9' },
      { row: 11, reason: 'has 5 fields, the header has 6' },
    ]);
  });

  it.each([
    ['', /empty/],
    ['name,building_id,身份证\n', /unknown column "身份证"/],
    ['name,姓名,building_id\n', /name appears twice/],
    ['building_id,unit\n1,2\n', /name/],
    ['name,unit\n王五,1\n', /building_id.*or address/],
    ['name,building_id\n', /no data rows/],
  ])('refuses the whole file %j', (text, reason) => {
    const result = read(text);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toMatch(reason);
  });
});
