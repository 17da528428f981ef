// Event photos on disk. The type is read from the file's first bytes, never from its name or the
// client's Content-Type, so a renamed script or page cannot be served back as an image.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export type ImageType = 'jpeg' | 'png' | 'webp';

export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'png';
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

export const contentTypeOf = (name: string): string | null =>
  ({ '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' })[path.extname(name)] ?? null;

/** Names are random and carry their checked type; nothing the client sent reaches the file system. */
export const isPhotoName = (name: string) => /^[0-9a-f]{32}\.(jpg|png|webp)$/.test(name);

export function photoStore(dir: string) {
  return {
    dir,
    /** writes the photos; returns their names. The caller removes them if the event is not stored. */
    async save(photos: Array<{ bytes: Buffer; type: ImageType }>): Promise<string[]> {
      if (!photos.length) return [];
      await fs.mkdir(dir, { recursive: true });
      const names: string[] = [];
      for (const p of photos) {
        const name = `${crypto.randomBytes(16).toString('hex')}.${p.type === 'jpeg' ? 'jpg' : p.type}`;
        await fs.writeFile(path.join(dir, name), p.bytes, { flag: 'wx' });
        names.push(name);
      }
      return names;
    },
    async remove(names: string[]): Promise<void> {
      await Promise.all(names.map((n) => fs.rm(path.join(dir, n), { force: true })));
    },
    async read(name: string): Promise<Buffer | null> {
      if (!isPhotoName(name)) return null;
      return fs.readFile(path.join(dir, name)).catch(() => null);
    },
  };
}
export type PhotoStore = ReturnType<typeof photoStore>;
