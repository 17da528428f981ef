// The QR code on the kiosk card, made in the browser (no image service, works offline): the module
// matrix from the `qrcode` package, drawn as one SVG path so it stays sharp at any size.
import { create } from 'qrcode';

export interface QrMatrix {
  /** modules per side, without the quiet zone */
  size: number;
  dark(x: number, y: number): boolean;
}

/** Level M survives a smudged or glare-lit screen and keeps a phone number at version 1–2 (25×25). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (x, y) => modules.get(y, x) === 1 };
}

/** Scanners need a light margin of four modules around the code. */
export const quietZone = 4;

/** An SVG path in module units, the quiet zone included: one square per dark module, merged along rows. */
export function qrPath(matrix: QrMatrix): string {
  const parts: string[] = [];
  for (let y = 0; y < matrix.size; y++) {
    for (let x = 0; x < matrix.size; x++) {
      if (!matrix.dark(x, y)) continue;
      let run = 1;
      while (x + run < matrix.size && matrix.dark(x + run, y)) run++;
      parts.push(`M${x + quietZone} ${y + quietZone}h${run}v1h-${run}z`);
      x += run - 1;
    }
  }
  return parts.join('');
}

/** The side of the SVG viewBox: the code plus its quiet zone on both sides. */
export const qrViewSize = (matrix: QrMatrix) => matrix.size + 2 * quietZone;
