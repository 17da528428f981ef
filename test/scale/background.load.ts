// Steady traffic against a server process while a test breaks its database: a few clients in a loop
// over a mix of URLs, every answer recorded with its time and latency, so the test can ask what was
// answered while the database was down and whether anything but 2xx/3xx/503 came back.
export interface Answer {
  url: string;
  status: number; // 0: no HTTP answer at all (connection refused/reset)
  at: number; // performance.now() when the request was sent
  ms: number;
}

export function backgroundLoad(base: string, paths: string[], clients = 4) {
  const answers: Answer[] = [];
  let running = true;
  let i = 0;
  async function client(): Promise<void> {
    while (running) {
      const url = paths[i++ % paths.length];
      const at = performance.now();
      const status = await fetch(base + url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) })
        .then(async (res) => { await res.arrayBuffer(); return res.status; }, () => 0);
      answers.push({ url, status, at, ms: performance.now() - at });
    }
  }
  const done = Promise.all(Array.from({ length: clients }, client));
  return {
    answers,
    async stop(): Promise<Answer[]> {
      running = false;
      await done;
      return answers;
    },
  };
}
