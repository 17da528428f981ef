// Synthetic households and residents (一户一档) for the demo: the most protected data in the system, so
// there is something real-looking for privacy tests to keep out of tiles and public endpoints. Every ID
// number uses region code 99, which no real Chinese ID carries; phones are in the fake 1360000xxxx range.
import type { Random } from './seeded.random.ts';
import type { Names } from './chinese.names.ts';
import type { HouseholdRow, ResidentRow } from './district.types.ts';

// 2020 census: urban households average about 2.6–2.8 persons; this mix averages ≈ 2.77.
const SIZES = [1, 2, 3, 4, 5, 6];
const SIZE_WEIGHTS = [0.17, 0.29, 0.28, 0.15, 0.08, 0.03];

export function householdSize(r: Random): number {
  return r.weighted(SIZES, SIZE_WEIGHTS);
}

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** An 18-character ID number with a valid checksum (GB 11643) but the non-existent region 99xxxx. */
export function syntheticIdNumber(r: Random, birth: Date, female: boolean): string {
  const region = `99${String(r.int(0, 9999)).padStart(4, '0')}`;
  const date = `${birth.getUTCFullYear()}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`;
  let seq = r.int(0, 999);
  // the 17th digit is odd for men, even for women
  if (seq % 2 === (female ? 1 : 0)) seq = (seq + 1) % 1000;
  const body = region + date + String(seq).padStart(3, '0');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * CHECK_WEIGHTS[i];
  return body + CHECK_CHARS[sum % 11];
}

export interface ResidentialBuilding {
  id: number;
  floors: number;
  households: number;
}

export interface RollResult {
  /** per building id: the sum of its household sizes */
  population: Map<number, number>;
  households: HouseholdRow[];
  residents: ResidentRow[];
}

function birthDate(r: Random, now: Date, age: number): Date {
  const year = now.getUTCFullYear() - age;
  return new Date(Date.UTC(year, r.int(0, 11), r.int(1, 28)));
}

/**
 * Draws every household's size (so population is consistent whether or not people are emitted), and,
 * when `emit` is set, the households and residents themselves. Each building draws from its own stream:
 * turning residents on or off changes no population.
 */
export function rollResidents(buildings: ResidentialBuilding[], r: Random, names: Names, now: Date, emit: boolean): RollResult {
  const population = new Map<number, number>();
  const households: HouseholdRow[] = [];
  const residents: ResidentRow[] = [];
  let phone = 0;
  for (const b of buildings) {
    const br = r.fork(`b${b.id}`);
    const sizes = Array.from({ length: b.households }, () => householdSize(br));
    population.set(b.id, sizes.reduce((a, s) => a + s, 0));
    if (!emit) continue;
    const perFloor = Math.max(1, Math.ceil(b.households / Math.max(1, b.floors)));
    sizes.forEach((size, i) => {
      const floor = Math.floor(i / perFloor) + 1;
      const position = i % perFloor;
      const household: HouseholdRow = {
        id: households.length + 1,
        building_id: b.id,
        unit: `${Math.floor(position / 2) + 1}单元`,
        room: `${floor}0${(position % 2) + 1}`,
        tags: [],
      };
      households.push(household);
      const surname = names.surname(br);
      const headAge = size === 1 ? br.int(22, 88) : br.int(26, 80);
      const headFemale = br.chance(0.4);
      const members: Array<{ relation: string; age: number; female: boolean; surname: string }> = [{ relation: '户主', age: headAge, female: headFemale, surname }];
      for (let k = 1; k < size; k++) {
        if (k === 1 && br.chance(0.8)) members.push({ relation: '配偶', age: Math.max(20, headAge + br.int(-5, 5)), female: !headFemale, surname: names.surname(br) });
        else if (headAge > 45 && k >= 3 && br.chance(0.5)) members.push({ relation: '孙子女', age: br.int(0, 16), female: br.chance(0.5), surname });
        else if (headAge < 50 && br.chance(0.3)) members.push({ relation: '父母', age: Math.min(95, headAge + br.int(24, 32)), female: br.chance(0.5), surname: names.surname(br) });
        else members.push({ relation: '子女', age: Math.max(0, headAge - br.int(22, 36)), female: br.chance(0.5), surname });
      }
      for (const m of members) {
        const tags: string[] = [];
        if (size === 1 && m.age >= 65) tags.push('独居老人');
        if (br.chance(0.02)) tags.push('残疾人');
        if (m.age >= 18 && br.chance(0.04)) tags.push('党员');
        if (m.age >= 30 && !m.female && br.chance(0.015)) tags.push('退役军人');
        residents.push({
          id: residents.length + 1,
          household_id: household.id,
          name: names.person(br, m.surname),
          id_number: syntheticIdNumber(br, birthDate(br, now, m.age), m.female),
          phone: m.age >= 16 ? `1360000${String(phone++ % 10000).padStart(4, '0')}` : null,
          relation: m.relation,
          tags,
        });
        for (const t of tags) if (t === '独居老人' || t === '残疾人') household.tags.push(t);
      }
      if (br.chance(0.015)) household.tags.push('低保户');
    });
  }
  return { population, households, residents };
}
