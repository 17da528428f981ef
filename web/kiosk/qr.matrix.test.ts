// The QR code must scan back to the exact tel: URI: rasterise the matrix as a phone camera would see
// it and decode it with an independent reader (jsQR).
import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { qrMatrix, qrPath, qrViewSize, quietZone, type QrMatrix } from './qr.matrix.ts';

function rasterise(matrix: QrMatrix, scale = 6): { data: Uint8ClampedArray; width: number } {
  const width = qrViewSize(matrix) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      const x = Math.floor(px / scale) - quietZone;
      const y = Math.floor(py / scale) - quietZone;
      if (x >= 0 && y >= 0 && x < matrix.size && y < matrix.size && matrix.dark(x, y)) data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
    }
  }
  return { data, width };
}

/** Paints the SVG path's squares back into a matrix, so the path is checked against the modules. */
function fromPath(path: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, run] = [Number(m[1]) - quietZone, Number(m[2]) - quietZone, Number(m[3])];
    for (let i = 0; i < run; i++) grid[y][x + i] = true;
  }
  return grid;
}

describe('QR code for dialling the worker', () => {
  it.each(['tel:13800000003', 'tel:+8613800000003', 'tel:05925551234'])('scans back to %s', (uri) => {
    const matrix = qrMatrix(uri);
    const { data, width } = rasterise(matrix);
    expect(jsQR(data, width, width)?.data).toBe(uri);
  });

  it('draws exactly the dark modules, inside the quiet zone', () => {
    const matrix = qrMatrix('tel:13800000003');
    expect((matrix.size - 17) % 4).toBe(0); // a QR version is 17 + 4·v modules wide
    const drawn = fromPath(qrPath(matrix), matrix.size);
    for (let y = 0; y < matrix.size; y++) for (let x = 0; x < matrix.size; x++) expect(drawn[y][x], `${x},${y}`).toBe(matrix.dark(x, y));
    expect(qrViewSize(matrix)).toBe(matrix.size + 8);
    // the three finder patterns: dark corners at top-left, top-right, bottom-left; light bottom-right
    expect([matrix.dark(0, 0), matrix.dark(matrix.size - 1, 0), matrix.dark(0, matrix.size - 1)]).toEqual([true, true, true]);
  });
});
