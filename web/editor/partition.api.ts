// The auto-partition call, read as an NDJSON stream so the panel can show progress while the server
// works: progress lines first, then one result (or error) line.
export interface PartitionSummary {
  grids: Array<{ id: number; name: string; households: number; deviation: number; polsby_popper: number }>;
  share: number;
  max_deviation: number;
  compactness: number;
  oversized_compounds: Array<{ compound_id: number | null; name: string | null; households: number; buildings: number; largest_building: number }>;
  balance: { range: [number, number]; status: 'met' | 'impossible' | 'open'; by: string; search_states?: number };
  infeasible: Array<{ compound_id: number | null; name: string | null; households: number; best_possible_deviation: number; why: string }>;
  ms: number;
}

export interface PartitionProgress {
  phase: 'atoms' | 'solve' | 'search' | 'union' | 'write';
  done: number;
  total: number;
}

export interface PartitionRequest {
  parent_id: number;
  target_households?: number;
  grid_count?: number;
  locked: number[];
  seed: number;
  search_ms?: number;
}

export class PartitionFailure extends Error {}

type Line = ({ type: 'progress' } & PartitionProgress) | ({ type: 'result' } & PartitionSummary) | { type: 'error'; statusCode: number; message: string };

export async function runPartition(planId: number, request: PartitionRequest, onProgress: (p: PartitionProgress) => void): Promise<PartitionSummary> {
  const res = await fetch(`/api/plans/${planId}/partition`, {
    method: 'POST',
    headers: { accept: 'application/x-ndjson', 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new PartitionFailure(body.message ?? `${res.status} ${res.statusText}`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += value ?? '';
    const lines = buffer.split('\n');
    buffer = done ? '' : lines.pop()!;
    for (const text of lines.filter((l) => l.trim())) {
      const line = JSON.parse(text) as Line;
      if (line.type === 'progress') onProgress(line);
      else if (line.type === 'error') throw new PartitionFailure(line.message);
      else return line;
    }
    if (done) throw new PartitionFailure('the server closed the answer before the result');
  }
}
