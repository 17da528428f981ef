// Place search for the kiosk and dispatch: compounds, buildings, addresses and grids by Chinese text,
// full pinyin or pinyin initials ("wjhy" → 万景花园), tolerant of one wrong character. Pure: built from
// plain entries, queried in memory — a street has thousands of places, a scan answers in microseconds.
import { pinyin } from 'pinyin-pro';

export type PlaceType = 'compound' | 'building' | 'address' | 'grid';

export interface Place {
  type: PlaceType;
  id: number;
  name: string;
  lon: number;
  lat: number;
  grid_id: number | null;
}

interface Entry {
  place: Place;
  text: string;
  full: string;
  initials: string;
}

export interface SearchIndex {
  entries: Entry[];
}

// Lower rank first: a resident searching "万景" wants the compound before its 30 buildings.
const typeRank: Record<PlaceType, number> = { compound: 0, grid: 1, building: 2, address: 3 };

const normalise = (s: string) => s.toLowerCase().replace(/[\s·・\-—_,，。.()（）]/g, '');

function keys(name: string): Omit<Entry, 'place'> {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map(normalise).filter(Boolean);
  return { text: normalise(name), full: syllables.join(''), initials: syllables.map((s) => (/^[a-z]/.test(s) ? s[0] : s)).join('') };
}

export function buildSearchIndex(places: Place[]): SearchIndex {
  return { entries: places.map((place) => ({ place, ...keys(place.name) })) };
}

/** true when some substring of `text` of q's length differs from q in at most one character */
function withinOneSubstitution(text: string, q: string): boolean {
  const a = [...text];
  const b = [...q];
  for (let start = 0; start + b.length <= a.length; start++) {
    let wrong = 0;
    for (let i = 0; i < b.length && wrong <= 1; i++) if (a[start + i] !== b[i]) wrong++;
    if (wrong <= 1) return true;
  }
  return false;
}

/** how well the entry matches; lower is better, undefined is no match */
function score(entry: Entry, q: string, latin: boolean): number | undefined {
  if (entry.text === q) return 0;
  if (entry.text.startsWith(q)) return 1;
  if (entry.text.includes(q)) return 2;
  if (latin) {
    if (entry.full.startsWith(q)) return 3;
    if (entry.initials.startsWith(q)) return 4;
    if (entry.full.includes(q)) return 5;
    if (entry.initials.includes(q)) return 6;
    return undefined;
  }
  // One wrong character is forgiven only in queries long enough that it still says something.
  if ([...q].length >= 3 && withinOneSubstitution(entry.text, q)) return 7;
  return undefined;
}

export function searchPlaces(index: SearchIndex, query: string, limit = 10): Place[] {
  const q = normalise(query);
  if (!q) return [];
  const latin = /^[a-z0-9]+$/.test(q) && /[a-z]/.test(q);
  const hits: Array<{ place: Place; score: number }> = [];
  for (const entry of index.entries) {
    const s = score(entry, q, latin);
    if (s !== undefined) hits.push({ place: entry.place, score: s });
  }
  hits.sort((a, b) => a.score - b.score || typeRank[a.place.type] - typeRank[b.place.type] || a.place.name.length - b.place.name.length || a.place.id - b.place.id);
  return hits.slice(0, limit).map((h) => h.place);
}
