import { describe, expect, it } from 'vitest';
import { decodeCsv, parseCsv } from './csv.parse.ts';
import { BOM, csvCell, toCsv } from './csv.write.ts';

const fields = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.valid) throw new Error(parsed.reason);
  return parsed.records.map((r) => [r.row, ...r.fields]);
};

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, commas and newlines inside quotes, CRLF and a BOM', () => {
    expect(fields('\uFEFFname,note\r\n张三,"说 ""你好"", 再见"\r\n李四,"两\n行"\r\n')).toEqual([
      [1, 'name', 'note'],
      [2, '张三', '说 "你好", 再见'],
      [3, '李四', '两\n行'],
    ]);
  });

  it('numbers rows as a spreadsheet does: blank lines count, empty fields stay', () => {
    expect(fields('a,b\n\n1,\n,2\n""\n')).toEqual([[1, 'a', 'b'], [3, '1', ''], [4, '', '2'], [5, '']]);
    expect(fields('a,b')).toEqual([[1, 'a', 'b']]);
  });

  it('says where a quote goes wrong', () => {
    expect(parseCsv('a\n"open')).toEqual({ valid: false, reason: expect.stringMatching(/row 2.*not closed/) });
    expect(parseCsv('a\nx"y')).toEqual({ valid: false, reason: expect.stringMatching(/row 2.*quote inside/) });
  });

  it('stops at the row limit', () => {
    expect(parseCsv('h\n1\n2\n3\n', 3)).toEqual({ valid: false, reason: expect.stringMatching(/more than 2 data rows/) });
    expect(parseCsv('h\n1\n2\n', 3).valid).toBe(true);
  });

  it('reads UTF-8, and GB18030 as Excel on a Chinese Windows saves it', () => {
    expect(decodeCsv(new TextEncoder().encode('姓名,电话'))).toBe('姓名,电话');
    // 姓名,电话 in GB18030
    expect(decodeCsv(Uint8Array.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0]))).toBe('姓名,电话');
  });
});

describe('toCsv', () => {
  it('writes a BOM, CRLF lines, quotes where needed and defuses formulas', () => {
    const csv = toCsv([{ header: '姓名', value: (r: { n: string }) => r.n }, { header: 'tags', value: () => ['独居老人', '残疾人'] }], [{ n: '王"五"' }, { n: '=HYPERLINK("x")' }, { n: '-1+1' }]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['姓名,tags', '"王""五""",独居老人、残疾人', `"'=HYPERLINK(""x"")",独居老人、残疾人`, "'-1+1,独居老人、残疾人", '']);
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('round-trips through the parser', () => {
    const rows = [{ a: 'x,y', b: '"q"' }, { a: '多\n行', b: '' }];
    const csv = toCsv([{ header: 'a', value: (r: typeof rows[0]) => r.a }, { header: 'b', value: (r: typeof rows[0]) => r.b }], rows);
    expect(fields(csv)).toEqual([[1, 'a', 'b'], [2, 'x,y', '"q"'], [3, '多\n行', '']]);
  });
});
