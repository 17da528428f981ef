import { describe, expect, it } from 'vitest';
import { imageTypeOf, isPhotoName } from './photo.store.ts';

const bytes = (...b: Array<number | string>) => Buffer.concat(b.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from([x]))));

describe('photo types by content', () => {
  it('knows JPEG, PNG and WebP by their first bytes', () => {
    expect(imageTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('jpeg');
    expect(imageTypeOf(bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0, 0))).toBe('png');
    expect(imageTypeOf(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('webp');
  });

  it('refuses anything else, whatever it would be called', () => {
    expect(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(imageTypeOf(bytes('GIF89a'))).toBeNull();
    expect(imageTypeOf(bytes('RIFF', 0, 0, 0, 0, 'WAVE'))).toBeNull();
    expect(imageTypeOf(bytes(0xff, 0xd8))).toBeNull();
    expect(imageTypeOf(Buffer.alloc(0))).toBeNull();
  });

  it('serves only names it made itself', () => {
    expect(isPhotoName('0123456789abcdef0123456789abcdef.png')).toBe(true);
    expect(isPhotoName('../../etc/passwd')).toBe(false);
    expect(isPhotoName('0123456789abcdef0123456789abcdef.svg')).toBe(false);
  });
});
