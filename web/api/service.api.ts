// What the service says about itself. `demo` names the demo preset when the data is made up
// (GET /healthz); pages show the 示例数据 badge only then.
export interface ServiceInfo {
  status: string;
  db: string;
  demo?: string | null;
}

export async function fetchServiceInfo(signal?: AbortSignal): Promise<ServiceInfo | null> {
  try {
    const res = await fetch('/healthz', { signal });
    return res.ok ? ((await res.json()) as ServiceInfo) : null;
  } catch {
    return null;
  }
}
