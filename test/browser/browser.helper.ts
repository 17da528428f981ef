// What every browser test starts with: the real app listening on loopback, and Debian's Chromium with
// the flags this closed machine needs (no background networking, software WebGL for MapLibre).
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';

export const chromiumArgs = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

/** listens on a free loopback port; returns the base URL */
export async function listenLocally(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}
