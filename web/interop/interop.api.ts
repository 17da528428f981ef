// Imports from the browser: the File itself is the request body (no multipart), sent with XHR so the
// dialog can show the upload's progress; the server's answer says what was imported and what not.
export type ImportTarget = 'grids' | 'buildings';
export type CrsChoice = 'auto' | 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09';

export const GRID_FIELDS = ['name', 'code', 'level', 'parent', 'households'] as const;
export const BUILDING_FIELDS = ['name', 'address', 'compound', 'kind', 'floors', 'households', 'population'] as const;
export type Field = (typeof GRID_FIELDS)[number] | (typeof BUILDING_FIELDS)[number];

export interface ImportReport {
  format: string;
  crs: string;
  columns: string[];
  mapping: Partial<Record<Field, string>>;
  rejected: Array<{ ref: string; reason: string }>;
  notes: string[];
  /** preview */
  features?: number;
  accepted?: number;
  /** import */
  imported?: number;
}

export interface ImportRequest {
  file: File;
  target: ImportTarget;
  planId: number | null;
  crs: CrsChoice;
  mapping: Partial<Record<Field, string>>;
}

export function importUrl(request: Omit<ImportRequest, 'file'>, preview: boolean): string {
  const params = new URLSearchParams({ crs: request.crs });
  for (const [field, column] of Object.entries(request.mapping)) if (column) params.set(field, column);
  if (preview) {
    params.set('target', request.target);
    return `/api/imports/preview?${params}`;
  }
  return request.target === 'grids' ? `/api/imports/plans/${request.planId}/grids?${params}` : `/api/imports/buildings?${params}`;
}

export class ImportError extends Error {
  constructor(message: string, readonly report: Partial<ImportReport>) {
    super(message);
  }
}

/** how far an import has come: the upload (0…1, null when its size is unknown), then the server's steps */
export type Progress =
  | { phase: 'upload'; fraction: number | null }
  | { phase: 'read' }
  | { phase: 'check'; done: number; total: number }
  | { phase: 'write'; features: number };

/**
 * POSTs the file. An import (not a preview) asks for NDJSON, so the server's steps arrive as lines while
 * it works and the result is the last line (done: true, with its statusCode).
 */
export function sendImport(request: ImportRequest, preview: boolean, onProgress: (progress: Progress) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', importUrl(request, preview));
    xhr.setRequestHeader('content-type', request.file.type || 'application/octet-stream');
    if (!preview) xhr.setRequestHeader('accept', 'application/x-ndjson');
    xhr.upload.onprogress = (e) => onProgress({ phase: 'upload', fraction: e.lengthComputable ? e.loaded / e.total : null });
    let seen = 0;
    let last: Record<string, unknown> | null = null;
    const readLines = () => {
      const text = xhr.responseText;
      let end: number;
      while ((end = text.indexOf('\n', seen)) >= 0) {
        const line = JSON.parse(text.slice(seen, end)) as Record<string, unknown>;
        seen = end + 1;
        if (line.done) last = line;
        else onProgress(line as unknown as Progress);
      }
    };
    xhr.onprogress = () => {
      if (!preview && xhr.status === 200) readLines();
    };
    xhr.onerror = () => reject(new ImportError('network error', {}));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      let status = xhr.status;
      try {
        if (!preview && status === 200) {
          readLines();
          body = last ?? {};
          status = Number(body.statusCode ?? 500);
        } else body = JSON.parse(xhr.responseText);
      } catch {
        // a proxy's HTML error page: the status says enough
      }
      if (status >= 200 && status < 300) resolve(body as unknown as ImportReport);
      else reject(new ImportError(String(body.message ?? `HTTP ${status}`), body as Partial<ImportReport>));
    };
    xhr.send(request.file);
  });
}

export interface PlanSummary {
  id: number;
  name: string;
  status: string;
}

export async function draftPlans(): Promise<PlanSummary[]> {
  const res = await fetch('/api/plans');
  if (!res.ok) return [];
  return ((await res.json()).plans as PlanSummary[]).filter((p) => p.status === 'draft');
}
