// vt-pbf ships no types; this is the part of its API the JS tile encoder uses.
declare module 'vt-pbf' {
  /** geojson-vt's tile feature: 1 point, 2 line, 3 polygon; geometry in tile units */
  export interface VtFeature {
    id?: number;
    type: 1 | 2 | 3;
    /** points: [[x, y], …]; lines and polygons: rings / lines of [x, y] */
    geometry: number[][] | number[][][];
    tags: Record<string, string | number | boolean | null>;
  }
  export function fromGeojsonVt(layers: Record<string, { features: VtFeature[] }>, options?: { version?: number; extent?: number }): Uint8Array;
  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
  export default vtpbf;
}
