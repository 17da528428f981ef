// What the kiosk shows: the place being looked at (its home, a touched point or a search result) with
// its grid chain and worker, the search in progress, and the display options. The map follows this
// state (KioskPage wires it); reset() is what the idle timer calls between residents.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { ApiError } from '../api/grid.api.ts';
import { locale } from '../i18n/i18n.ts';
import { fetchLookup, fetchSearch, type LookupAnswer, type SearchPlace } from './kiosk.api.ts';
import type { KioskHome, Place } from './kiosk.params.ts';
import { createSearchRunner } from './search.runner.ts';

/** How the card came to show a place: the kiosk's own spot, a touch on the map, or a search result. */
export type CardOrigin = 'home' | 'tap' | 'place';

export type Problem = 'busy' | 'failed';

export interface CardState {
  origin: CardOrigin;
  point: Place;
  /** the search result's name, when the card is for one */
  place: SearchPlace | null;
  answer: LookupAnswer | null;
  loading: boolean;
  problem: Problem | null;
}

/** Long enough to let a finger finish a word, short enough to feel immediate. */
export const searchDelayMs = 250;

const problemOf = (e: unknown): Problem => (e instanceof ApiError && e.status === 429 ? 'busy' : 'failed');

export const useKioskStore = defineStore('kiosk', () => {
  const home = shallowRef<KioskHome | null>(null);
  const card = shallowRef<CardState | null>(null);
  const query = ref('');
  const results = shallowRef<SearchPlace[]>([]);
  /** the query the results answer (they may lag behind what is typed) */
  const answeredQuery = ref('');
  const searching = ref(false);
  const searchProblem = ref<Problem | null>(null);
  const searchOpen = ref(false);
  const largeText = ref(false);
  const highContrast = ref(false);
  let lookup: AbortController | null = null;

  async function lookAt(point: Place, origin: CardOrigin, place: SearchPlace | null = null): Promise<void> {
    lookup?.abort();
    const request = (lookup = new AbortController());
    card.value = { origin, point, place, answer: null, loading: true, problem: null };
    try {
      const answer = await fetchLookup(point, request.signal);
      if (request === lookup) card.value = { ...card.value, answer, loading: false };
    } catch (e) {
      if (request === lookup) card.value = { ...card.value, loading: false, problem: problemOf(e) };
    } finally {
      if (request === lookup) lookup = null;
    }
  }

  const runner = createSearchRunner({
    delayMs: searchDelayMs,
    search: fetchSearch,
    onAnswer(q, places) {
      results.value = places;
      answeredQuery.value = q;
      searchProblem.value = null;
    },
    onError(_q, e) {
      searchProblem.value = problemOf(e);
    },
    onPending(pending) {
      searching.value = pending;
    },
  });

  function setQuery(text: string): void {
    query.value = text;
    if (text.trim() === '') {
      results.value = [];
      answeredQuery.value = '';
      searchProblem.value = null;
    }
    runner.set(text);
  }

  function setHome(next: KioskHome): void {
    home.value = next;
  }

  const goHome = () => (home.value ? lookAt(home.value, 'home') : Promise.resolve());

  /** A search result was chosen: close the keyboard and show the place's grid. */
  function pickPlace(place: SearchPlace): Promise<void> {
    searchOpen.value = false;
    return lookAt(place, 'place', place);
  }

  /** Between residents: nothing of the last one's visit stays on screen. */
  function reset(): Promise<void> {
    runner.cancel();
    setQuery('');
    searchOpen.value = false;
    largeText.value = false;
    highContrast.value = false;
    locale.value = 'zh-CN';
    return goHome();
  }

  return {
    home, card, query, results, answeredQuery, searching, searchProblem, searchOpen, largeText, highContrast,
    setHome, lookAt, goHome, setQuery, pickPlace, reset,
  };
});
