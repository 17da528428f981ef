// Bulk inserts for the demo seed: one statement per few thousand rows, columns passed as arrays and
// unnested in SQL. PGlite runs single-threaded WASM, where statement count dominates, so the seed of a
// whole street is a couple of dozen statements.
import type { Queryable } from '../db/db.ts';

export interface Column<R> {
  name: string;
  /** the SQL array type the values travel as, e.g. 'bigint', 'text', 'float8' */
  type: string;
  value: (row: R) => unknown;
  /** SQL turning the unnested value `$` into the column value, e.g. 'ST_GeomFromGeoJSON($)' */
  expr?: string;
}

/** Rough bytes a value adds to a statement: batches stay well below what either backend buffers. */
function size(v: unknown): number {
  return typeof v === 'string' ? v.length + 4 : 12;
}

const MAX_ROWS = 5_000;
const MAX_BYTES = 8_000_000;

export async function insertRows<R>(tx: Queryable, table: string, columns: Column<R>[], rows: readonly R[]): Promise<number> {
  const aliases = columns.map((_, i) => `c${i}`);
  const sql =
    `insert into ${table} (${columns.map((c) => c.name).join(', ')}) ` +
    `select ${columns.map((c, i) => (c.expr ? c.expr.replaceAll('$', aliases[i]) : aliases[i])).join(', ')} ` +
    `from unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) as t(${aliases.join(', ')})`;
  let written = 0;
  for (let start = 0; start < rows.length; ) {
    const arrays: unknown[][] = columns.map(() => []);
    let bytes = 0;
    let end = start;
    while (end < rows.length && end - start < MAX_ROWS && bytes < MAX_BYTES) {
      const row = rows[end++];
      columns.forEach((c, i) => {
        const v = c.value(row);
        arrays[i].push(v === undefined ? null : v);
        bytes += size(v);
      });
    }
    const { rowCount } = await tx.query(sql, arrays);
    written += rowCount;
    start = end;
  }
  return written;
}

/** Postgres array literal for a bigint[] cell: unnest cannot carry arrays of arrays. */
export function bigintArrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** Postgres array literal for a text[] cell, every element quoted. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
