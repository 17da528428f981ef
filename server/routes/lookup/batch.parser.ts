import { badRequest } from '../../plugins/errors.plugin.ts';
import type { BatchPoint } from '../../grids/grid.repository.ts';

export const maxBatchPoints = 2_000_000;

/** A JSON array (already parsed) or NDJSON text → points; the first bad entry is named in a 400. */
export function parseBatch(body: unknown): BatchPoint[] {
  if (typeof body !== 'string' && !Array.isArray(body)) throw badRequest('body must be a JSON array of {id, lon, lat} or NDJSON with Content-Type application/x-ndjson');
  const points = typeof body === 'string' ? parseNdjson(body) : body.map((item, i) => toPoint(item, `item ${i}`));
  if (points.length > maxBatchPoints) throw badRequest(`at most ${maxBatchPoints} points per request, got ${points.length}`);
  return points;
}

function parseNdjson(text: string): BatchPoint[] {
  const points: BatchPoint[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      throw badRequest(`line ${i + 1} is not valid JSON: ${line.slice(0, 80)}`);
    }
    points.push(toPoint(item, `line ${i + 1}`));
  }
  return points;
}

function toPoint(item: unknown, where: string): BatchPoint {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badRequest(`${where} must be an object {id, lon, lat}`);
  const { id, lon, lat } = item as Record<string, unknown>;
  if (typeof id !== 'string' && typeof id !== 'number') throw badRequest(`${where}: id must be a string or number`);
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) throw badRequest(`${where}: lon must be a number from -180 to 180`);
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) throw badRequest(`${where}: lat must be a number from -90 to 90`);
  return { id: String(id), lon, lat };
}
