// The one map from the design lattice (u, v: cell units, v pointing north) to lon/lat. Every vertex of
// every demo polygon goes through this function, so two polygons that share a lattice vertex share a
// bit-identical coordinate — that, not any geometric union, is what makes the grid coverage exact.
// A gentle rotation and a smooth warp keep roads from looking like graph paper.

export interface ProjectionParams {
  lon0: number;
  lat0: number;
  /** metres per lattice cell */
  cellM: number;
  rotationDeg: number;
  /** warp amplitude in metres; keep amplitude·2π/wavelength well below 1 so the map never folds */
  warpM: number;
  wavelengthM: number;
  phase: number;
}

export type LonLat = [number, number];
export type Project = (u: number, v: number) => LonLat;

const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320;

/** ~0.1 mm: short JSON/WKT, and rounding is itself deterministic, so shared vertices stay shared. */
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

export function latticeProjection(p: ProjectionParams): Project {
  const theta = (p.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const k = (2 * Math.PI) / p.wavelengthM;
  const lonScale = METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos((p.lat0 * Math.PI) / 180);
  return (u, v) => {
    const x = u * p.cellM;
    const y = v * p.cellM;
    const wx = x + p.warpM * Math.sin(k * y + p.phase) + 0.5 * p.warpM * Math.sin(0.61 * k * (x + y) + 2 * p.phase);
    const wy = y + p.warpM * Math.sin(k * 0.83 * x + 1.7 * p.phase);
    const east = wx * cos - wy * sin;
    const north = wx * sin + wy * cos;
    return [round9(p.lon0 + east / lonScale), round9(p.lat0 + north / METRES_PER_DEGREE_LAT)];
  };
}
