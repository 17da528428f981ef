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

/** POSTs the file; onProgress gets the uploaded fraction (0…1), then null while the server works */
export function sendImport(request: ImportRequest, preview: boolean, onProgress: (fraction: number | null) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', importUrl(request, preview));
    xhr.setRequestHeader('content-type', request.file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.lengthComputable ? e.loaded / e.total : null);
    xhr.upload.onload = () => onProgress(null);
    xhr.onerror = () => reject(new ImportError('network error', {}));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // a proxy's HTML error page: the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as unknown as ImportReport);
      else reject(new ImportError(String(body.message ?? `HTTP ${xhr.status}`), body as Partial<ImportReport>));
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
