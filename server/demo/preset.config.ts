// The demo presets: where each street lies, how it is laid out, and the grid counts it must have.
// Counts for Maigaoqiao are those of the real street (13 / 255 / 3,052); everything else is invented.
import type { LayoutParams } from './district.layout.ts';

export interface StreetSpec {
  name: string;
  /** 6-digit county (区县) code */
  county: string;
  /** 3-digit street (街道) code within the county */
  code: string;
}

export interface PresetConfig {
  name: string;
  lon0: number;
  lat0: number;
  rotationDeg: number;
  warpM: number;
  wavelengthM: number;
  layout: LayoutParams;
  /** residential floors are rescaled so households land near this */
  targetHouseholds: number;
  /** one street for kangle and maigaoqiao; the city is cut into several */
  streets: StreetSpec[];
  /** exact grid counts per level over the whole preset */
  counts: { communities: number; grids: number; groups: number };
  /** community names (without 社区), used in order; more are invented when these run out */
  communityNames: string[];
  arterialNames: string[];
  riverNames: string[];
  events: number;
  /** emit household/resident rows (personal data) — off where the volume would only slow benchmarks */
  residents: boolean;
  defaultSeed: number;
}

const OFFICE_UNITS = { office: 3, market: 1.5, elderly_home: 1, health_centre: 1, kindergarten: 1.5, primary_school: 1, middle_school: 0.6, police: 0.4, hospital: 0.3 } as const;

const kangle: PresetConfig = {
  name: 'kangle',
  lon0: 118.118,
  lat0: 24.508,
  rotationDeg: 9,
  warpM: 8,
  wavelengthM: 900,
  layout: {
    width: 76,
    height: 62,
    cellM: 10,
    arterialGap: [34, 44],
    branchGap: [15, 22],
    rivers: [],
    cornerCuts: 1,
    shopChance: 0.3,
    parcelMaxCells: 420,
    parcelMinSide: 8,
    uses: { residential: 0.7, unit: 0.2, green: 0.1 },
    styles: { walkup: 0.55, midrise: 0.35, lowrise: 0.1 },
    unitTypes: OFFICE_UNITS,
    requiredUnits: ['community_centre', 'kindergarten', 'primary_school', 'health_centre'],
    fixedCompounds: { residential: 9, dormitory: 4 },
  },
  targetHouseholds: 2000,
  streets: [{ name: '江头街道', county: '350206', code: '006' }],
  counts: { communities: 1, grids: 7, groups: 48 },
  communityNames: ['康乐'],
  arterialNames: ['康乐路', '金尚路', '仙岳路', '湖里大道', '江头北路'],
  riverNames: [],
  events: 300,
  residents: true,
  defaultSeed: 1,
};

const maigaoqiao: PresetConfig = {
  name: 'maigaoqiao',
  lon0: 118.8,
  lat0: 32.1,
  rotationDeg: -7,
  warpM: 35,
  wavelengthM: 2600,
  layout: {
    width: 400,
    height: 322,
    cellM: 10,
    arterialGap: [70, 95],
    branchGap: [16, 26],
    rivers: [{ at: 0.38, width: 6 }],
    cornerCuts: 3,
    shopChance: 0.55,
    parcelMaxCells: 420,
    parcelMinSide: 8,
    uses: { residential: 0.68, unit: 0.2, green: 0.12 },
    styles: { walkup: 0.48, lowrise: 0.42, midrise: 0.08, highrise: 0.02 },
    unitTypes: { ...OFFICE_UNITS, office: 4 },
    requiredUnits: ['street_office', 'police', 'hospital', 'middle_school', 'primary_school', 'primary_school', 'health_centre'],
  },
  targetHouseholds: 65_000,
  streets: [{ name: '迈皋桥街道', county: '320113', code: '004' }],
  counts: { communities: 13, grids: 255, groups: 3052 },
  communityNames: ['和燕', '迈皋桥', '华电', '寅春', '万寿', '迈化', '月苑', '晓庄', '南化', '长营', '燕华', '恒嘉', '笆斗'],
  arterialNames: ['和燕路', '寅春路', '华电路', '万寿路', '迈化路', '迈尧路', '晓庄路', '燕华路', '红山路', '长营路'],
  riverNames: ['北十里长沟'],
  events: 800,
  residents: true,
  defaultSeed: 1,
};

// Benchmarks only: a city cut into many streets, mostly low-rise and village housing so that building
// and grid counts are large (≥ 500k buildings, ≥ 20,000 building groups).
const city: PresetConfig = {
  name: 'city',
  lon0: 122.2,
  lat0: 40.64,
  rotationDeg: 4,
  warpM: 60,
  wavelengthM: 5200,
  layout: {
    width: 2100,
    height: 1950,
    cellM: 10,
    arterialGap: [80, 110],
    branchGap: [18, 28],
    rivers: [{ at: 0.3, width: 8 }, { at: 0.72, width: 6 }],
    cornerCuts: 0,
    shopChance: 0.6,
    parcelMaxCells: 500,
    parcelMinSide: 8,
    uses: { residential: 0.82, unit: 0.11, green: 0.07 },
    styles: { village: 0.82, lowrise: 0.1, walkup: 0.06, midrise: 0.02 },
    unitTypes: OFFICE_UNITS,
    requiredUnits: [],
  },
  targetHouseholds: 1_750_000,
  streets: [
    { name: '站前街道', county: '210802', code: '001' },
    { name: '建丰街道', county: '210802', code: '002' },
    { name: '八田地街道', county: '210802', code: '003' },
    { name: '跃进街道', county: '210802', code: '004' },
    { name: '新兴街道', county: '210803', code: '001' },
    { name: '五台子街道', county: '210803', code: '002' },
    { name: '得胜街道', county: '210803', code: '003' },
    { name: '清华街道', county: '210803', code: '004' },
    { name: '西炮台街道', county: '210803', code: '005' },
    { name: '渤海街道', county: '210811', code: '001' },
    { name: '柳树街道', county: '210811', code: '002' },
    { name: '边城街道', county: '210811', code: '003' },
  ],
  counts: { communities: 144, grids: 5800, groups: 21_000 },
  communityNames: [],
  arterialNames: ['渤海大街', '辽河大街', '金牛山大街', '学府路', '市府路', '盼盼路', '英华路', '新华路', '平安大街', '民主路', '胜利路', '东升路'],
  riverNames: ['大辽河支流', '西潮沟'],
  events: 3000,
  residents: false,
  defaultSeed: 1,
};

export const PRESETS: Record<string, PresetConfig> = { kangle, maigaoqiao, city };
